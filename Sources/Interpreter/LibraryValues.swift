// Standard library, values and numbers: print, str, int, float, type, assert,
// round, abs, min, max, sum, div, len, range.

import Foundation
import DataModel

let valueBuiltins: [Builtin] = [
    Builtin("print(values...)", doc: "Writes the values separated by spaces, then a new line.",
            example: "print(\"births:\", 42)", result: "births: 42") { c in
        let parts = try c.list(0).map(\.text)
        c.machine.write(parts.joined(separator: " ") + "\n")
        return .null
    },
    Builtin("str(x)", doc: "The text form of any value, as print shows it.",
            example: "str(95.5) + \"%\"", result: "\"95.5%\"") { c in .string(c[0].text) },
    Builtin("int(x)", doc: "An integer from a number (truncated toward zero) or from text such as \"42\".",
            example: "int(\"42\") + int(3.9)", result: "45") { c in
        switch c[0] {
        case .int: return c[0]
        case .float(let f):
            guard let i = Checked.integer(f) else { throw c.error("\(f) does not fit in an integer") }
            return .int(i)
        case .string(let s):
            guard let i = Int64(s.trimmingCharacters()) else {
                throw c.error("cannot read \(quote(s)) as an integer", hint: "int() reads digits with an optional sign")
            }
            return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .null: return .null
        default: throw c.badArgument(0, expected: "number or string")
        }
    },
    Builtin("float(x)", doc: "A float from a number or from text such as \"3.5\".",
            example: "float(\"3.5\") * 2", result: "7.0") { c in
        switch c[0] {
        case .int(let i): return .float(Double(i))
        case .float: return c[0]
        case .string(let s):
            guard let f = Double(s.trimmingCharacters()) else { throw c.error("cannot read \(quote(s)) as a number") }
            return .float(f)
        case .null: return .null
        default: throw c.badArgument(0, expected: "number or string")
        }
    },
    Builtin("type(x)", doc: "The name of the value's type.",
            example: "type(@2025-12-31)", result: "\"date\"") { c in .string(c[0].typeName) },
    Builtin("assert(condition, message = \"assertion failed\")",
            doc: "Stops the script with the message when the condition is false.",
            example: "assert(1 + 1 == 2, \"arithmetic\")") { c in
        guard try c.bool(0) else { throw c.error(try c.string(1), hint: "an assert in the script failed") }
        return .null
    },
    Builtin("len(x)", doc: "Characters in a string, items in a list, fields in a record, rows in a table.",
            example: "len(\"渝水区\")", result: "3") { c in
        switch c[0] {
        case .table(let t): return .int(Int64(try t.count(c.machine, at: c.location)))
        case .string(let s): return .int(Int64(s.count))
        case .list(let xs): return .int(Int64(xs.count))
        case .record(let r): return .int(Int64(r.names.count))
        default: throw c.badArgument(0, expected: "string, list, record or table")
        }
    },
]

let numberBuiltins: [Builtin] = [
    Builtin("round(x, digits = 0)",
            doc: "Rounds half away from zero (四舍五入) on the decimal value; an int without digits, else a float.",
            example: "round(2.675, 2)", result: "2.68") { c in
        let digits = try c.int(1)
        if case .int = c[0], digits >= 0 { return digits == 0 ? c[0] : .float(try c.number(0)) }
        if c[0].isNull { return .null }
        let x = try c.number(0)
        guard x.isFinite else { return .float(x) }
        guard digits.magnitude <= UInt64(Limits.decimals) else {
            throw c.error("round to \(digits) digits is beyond the \(Limits.decimals) a number can carry",
                          hint: "digits is a small number such as 1 or 2, or -3 to round to thousands")
        }
        let r = roundDecimal(x, Int(digits))
        if digits <= 0 {
            guard let i = Checked.integer(r) else { throw c.error("\(x) does not fit in an integer") }
            return .int(i)
        }
        return .float(r)
    },
    Builtin("abs(x)", doc: "The absolute value.", example: "abs(-3)", result: "3") { c in
        switch c[0] {
        case .int(let i):
            guard i != .min else { throw c.error("integer overflow in abs") }
            return .int(abs(i))
        case .float(let f): return .float(abs(f))
        case .null: return .null
        default: throw c.badArgument(0, expected: "number")
        }
    },
    Builtin("min(values...)", doc: "The smallest of the arguments, or of one list argument.",
            example: "min([3, 1, 2])", result: "1") { c in try extreme(c, wantMax: false) },
    Builtin("max(values...)", doc: "The largest of the arguments, or of one list argument.",
            example: "max(3, 7, 5)", result: "7") { c in try extreme(c, wantMax: true) },
    Builtin("sum(xs)", doc: "The sum of a list of numbers (nulls are skipped); 0 for an empty list.",
            example: "sum([1, 2, 3.5])", result: "6.5") { c in
        var total: Value = .int(0)
        for v in try c.list(0) where !v.isNull {
            switch (total, v) {
            case let (.int(a), .int(b)):
                let (r, o) = a.addingReportingOverflow(b)
                guard !o else { throw c.error("integer overflow in sum") }
                total = .int(r)
            case let (.int(a), .float(b)): total = .float(Double(a) + b)
            case let (.float(a), .int(b)): total = .float(a + Double(b))
            case let (.float(a), .float(b)): total = .float(a + b)
            default: throw c.error("sum needs numbers, found a \(v.typeName) \(v.repr)")
            }
        }
        return total
    },
    Builtin("div(a, b)", doc: "Integer division, rounded toward negative infinity.",
            example: "div(7, 2)", result: "3") { c in
        let a = try c.int(0), b = try c.int(1)
        guard b != 0 else { throw c.error("division by zero") }
        guard let q = Checked.floorDivide(a, b) else { throw c.error("integer overflow in div(\(a), \(b))") }
        return .int(q)
    },
    Builtin("range(a, b = null, step = 1)",
            doc: "Integers from 0 to a-1, or from a to b-1, by step.",
            example: "range(2, 10, 3)", result: "[2, 5, 8]") { c in
        let (lo, hi) = c[1].isNull ? (Int64(0), try c.int(0)) : (try c.int(0), try c.int(1))
        let step = try c.int(2)
        guard step != 0 else { throw c.error("range step cannot be 0") }
        guard let xs = Checked.stride(from: lo, to: hi, by: step, limit: Limits.listLength) else {
            throw c.error("range(\(lo), \(hi), \(step)) is more than \(Limits.listLength) numbers, too long to hold as a list",
                          hint: "use it directly in a for loop")
        }
        return .list(xs.map { .int($0) })
    },
]

private func extreme(_ c: Call, wantMax: Bool) throws -> Value {
    var items = try c.list(0)
    if items.count == 1, case .list(let inner) = items[0] { items = inner }
    let values = items.filter { !$0.isNull }
    guard var best = values.first else { return .null }
    for v in values.dropFirst() {
        guard let o = v.compare(best) else { throw c.error("cannot compare \(v.typeName) with \(best.typeName)") }
        if wantMax ? o > 0 : o < 0 { best = v }
    }
    return best
}

/// Rounds on the decimal digits the float prints as, so round(2.675, 2) is 2.68 as a
/// clerk computing by hand expects, not 2.67 as binary floating point would give.
func roundDecimal(_ x: Double, _ digits: Int) -> Double {
    guard var d = Decimal(string: "\(x)") else { return x }
    var out = Decimal()
    NSDecimalRound(&out, &d, digits, .plain)
    return NSDecimalNumber(decimal: out).doubleValue
}
