// IdentityNumber: the resident identity number of GB 11643-1999 (spec section 2).
// Feeds carry it damaged in the usual ways; `normalize` repairs what can be repaired
// (spaces, full-width characters, lower-case x, the old 15-digit form) and refuses the
// rest, so a number is either trustworthy or matched by other evidence. A number whose
// birth date is before 1900 or after the day it is checked on names no one alive and is
// refused too: that day is the day of the check (today), or for a feed record the day
// it was exported (`reported`), so the same file gives the same verdict whenever it is
// imported (docs/import.md).

/// A valid 18-character identity number.
public struct IdentityNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, digits and a final digit or `X`.
    public let value: String

    private init(checked value: String) { self.value = value }

    public var description: String { value }

    /// ISO 7064 MOD 11-2 weights of the first 17 digits.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check character for each remainder 0...10.
    static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    /// The earliest birth date a valid number may carry.
    public static let earliestBirth = CivilDate(year: 1900, month: 1, day: 1)!

    /// The normalised number, or nil when the text cannot be made into a valid one or
    /// its birth date is before 1900 or after `checkedOn` (today when omitted).
    public static func normalize(_ raw: String, checkedOn: CivilDate? = nil) -> IdentityNumber? {
        normalize(raw, born: earliestBirth...(checkedOn ?? .today))
    }

    private static func normalize(_ raw: String, born days: ClosedRange<CivilDate>) -> IdentityNumber? {
        var chars = cleaned(raw)
        if chars.count == 15, chars.allSatisfy(isDigit) {
            // Old numbers have no century and no check character (spec section 2).
            chars.insert(contentsOf: Array("19".utf8), at: 6)
            chars.append(checkCharacter(chars[0..<17]))
        }
        guard chars.count == 18, chars[0..<17].allSatisfy(isDigit),
              chars[17] == checkCharacter(chars[0..<17]),
              let birth = birthDate(in: chars), days.contains(birth) else { return nil }
        return IdentityNumber(checked: String(decoding: chars, as: UTF8.self))
    }

    /// True when `raw` is already a valid 18-character number exactly as written.
    public static func isValid(_ raw: String, checkedOn: CivilDate? = nil) -> Bool {
        guard raw.utf8.count == 18, let number = normalize(raw, checkedOn: checkedOn) else { return false }
        return number.value == raw
    }

    /// The birth date of a number that would be valid but for it: before 1900 or after
    /// `checkedOn`; nil for any other number.
    public static func birthDateOutOfRange(_ raw: String, checkedOn: CivilDate) -> CivilDate? {
        guard normalize(raw, checkedOn: checkedOn) == nil, let number = normalize(raw, born: anyDay) else { return nil }
        return number.birthDate
    }

    private static let anyDay = CivilDate(year: 1, month: 1, day: 1)!...CivilDate(year: 9999, month: 12, day: 31)!

    /// The birth date inside a number whose check fails (a typing error elsewhere), when
    /// those 8 digits still form a real date; nil for 15-digit or unreadable text.
    public static func birthDateEvenIfDamaged(_ raw: String) -> CivilDate? {
        let chars = cleaned(raw)
        if chars.count == 15, chars.allSatisfy(isDigit) {
            return CivilDate.parse("19" + String(decoding: chars[6..<12], as: UTF8.self))
        }
        guard chars.count == 18, chars[0..<17].allSatisfy(isDigit) else { return nil }
        return birthDate(in: chars)
    }

    /// Every number with a right check character and a real birth date that differs from
    /// `raw` (18 characters as written, damaged) in at most `substitutions` places: the
    /// numbers a register, which holds valid numbers only, may hold within that many
    /// typing errors of it. A changed digit changes the check, so of the nine other digits
    /// in a place at most one gives back the written check character: one substitution
    /// leaves at most 18 numbers, whatever the size of the register.
    public static func neighbours(of raw: String, within substitutions: Int) -> [String] {
        let chars = cleaned(raw)
        guard chars.count == 18, substitutions >= 0 else { return [] }
        var out: [String] = []
        var number = chars
        func place(_ i: Int, sum: Int, changes: Int) {
            if changes == substitutions, i < 17 {
                // No change left: the rest stays as written.
                guard chars[i..<17].allSatisfy(isDigit) else { return }
                for j in i..<17 { number[j] = chars[j] }
                let rest = zip(chars[i..<17], weights[i...]).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
                return place(17, sum: sum + rest, changes: changes)
            }
            if i == 17 {
                number[17] = checkCharacters[sum % 11]
                if changes + (number[17] == chars[17] ? 0 : 1) <= substitutions, birthDate(in: number) != nil {
                    out.append(String(decoding: number, as: UTF8.self))
                }
                return
            }
            for digit in UInt8(48)...57 {
                let changed = changes + (digit == chars[i] ? 0 : 1)
                guard changed <= substitutions else { continue }
                number[i] = digit
                place(i + 1, sum: sum + Int(digit - 48) * weights[i], changes: changed)
            }
        }
        place(0, sum: 0, changes: 0)
        return out
    }

    /// The date of birth (digits 7-14).
    public var birthDate: CivilDate {
        // normalize() only builds numbers whose date is real.
        IdentityNumber.birthDate(in: Array(value.utf8))!
    }

    /// "M" for an odd sequence number (digit 17), "F" for an even one.
    public var sex: String {
        let digit = Array(value.utf8)[16] - 48
        return digit % 2 == 1 ? "M" : "F"
    }

    /// The 6-digit address code of the county that issued the number.
    public var areaCode: String { String(value.prefix(6)) }

    static func checkCharacter(_ digits: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += Int(digit - 48) * weight }
        return checkCharacters[sum % 11]
    }

    private static func birthDate(in chars: [UInt8]) -> CivilDate? {
        CivilDate.parse(String(decoding: chars[6..<14], as: UTF8.self))
    }

    /// ASCII form: spaces (ASCII and full-width) dropped, full-width digits and X folded
    /// to ASCII, x upper-cased. Other characters are kept so the length check refuses them.
    static func cleaned(_ raw: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(18)
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x3000: continue
            case 0x30...0x39: out.append(UInt8(scalar.value))
            case 0x78, 0x58: out.append(0x58)                       // x, X
            case 0xFF10...0xFF19: out.append(UInt8(scalar.value - 0xFF10 + 0x30))
            case 0xFF58, 0xFF38: out.append(0x58)                   // full-width x, X
            default: out.append(0x3F)                               // '?': never valid
            }
        }
        return out
    }
}

private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
