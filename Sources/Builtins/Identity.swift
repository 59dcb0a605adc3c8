// Identity numbers (GB 11643-1999) as builtins: validity, normalisation of the damage
// feeds carry (spaces, lower-case x, full-width digits, 15-digit numbers), and the
// birth date, sex and issuing county written inside a number.

import DataModel
import Interpreter

let identityBuiltins: [Builtin] = [
    Builtin("id_valid(s)", doc: "Whether the text is an 18-character identity number exactly as written, check character included, born from 1900 to today.",
            example: "id_valid(\"11010519491231002X\")", result: "true") { c in
        if c[0].isNull { return .bool(false) }
        return .bool(IdentityNumber.isValid(try c.string(0)))
    },
    Builtin("id_normalize(s)",
            doc: "The 18-character form of a damaged but recoverable number (spaces, x, full-width, 15 digits); null when it cannot be recovered.",
            example: "id_normalize(\"110105 491231 002\")", result: "\"11010519491231002X\"") { c in
        try normalized(c).map { .string($0.value) } ?? .null
    },
    Builtin("id_birth(s)", doc: "The birth date written in a number (also in one whose check character fails); null if none.",
            example: "id_birth(\"11010519491231002X\")", result: "@1949-12-31") { c in
        if c[0].isNull { return .null }
        let s = try c.string(0)
        let date = IdentityNumber.normalize(s)?.birthDate ?? IdentityNumber.birthDateEvenIfDamaged(s)
        return date.map { .date($0) } ?? .null
    },
    Builtin("id_sex(s)", doc: "\"M\" or \"F\" from the sequence digits of a recoverable number (odd: male); null otherwise.",
            example: "id_sex(\"11010519491231002X\")", result: "\"F\"") { c in
        try normalized(c).map { .string($0.sex) } ?? .null
    },
    Builtin("id_area(s)", doc: "The 6-digit code of the county that issued a recoverable number; null otherwise.",
            example: "id_area(\"11010519491231002X\")", result: "\"110105\"") { c in
        try normalized(c).map { .string($0.areaCode) } ?? .null
    },
]

/// The number in argument 1 made whole, or nil when it is null or beyond repair.
private func normalized(_ c: Call) throws -> IdentityNumber? {
    c[0].isNull ? nil : IdentityNumber.normalize(try c.string(0))
}
