// Operators: arithmetic, comparison, indexing and field access on values, with the
// type errors they raise. Integer arithmetic is checked: overflow is an error, never
// a wrapped number in a report. `/` always divides as floats; `div` is integer division.

import DataModel

enum Operators {
    static func binary(_ op: BinaryOp, _ a: Value, _ b: Value, at node: Node) throws -> Value {
        switch op {
        case .eq: return .bool(a.equals(b))
        case .ne: return .bool(!a.equals(b))
        case .lt, .le, .gt, .ge: return try compare(op, a, b, at: node)
        case .range: return try range(a, b, at: node)
        default: return try arithmetic(op, a, b, at: node)
        }
    }

    private static func compare(_ op: BinaryOp, _ a: Value, _ b: Value, at node: Node) throws -> Value {
        if a.isNull || b.isNull { return .null }
        guard let c = a.compare(b) else {
            throw node.typeError("cannot compare \(a.typeName) with \(b.typeName) using '\(op.rawValue)'",
                                 hint: a.typeName == "string" || b.typeName == "string" ? "convert with int(x), float(x) or str(x) first" : nil)
        }
        switch op {
        case .lt: return .bool(c < 0)
        case .le: return .bool(c <= 0)
        case .gt: return .bool(c > 0)
        default: return .bool(c >= 0)
        }
    }

    private static func range(_ a: Value, _ b: Value, at node: Node) throws -> Value {
        guard case .int(let lo) = a, case .int(let hi) = b else {
            throw node.typeError("a range needs two integers, got \(a.typeName) .. \(b.typeName)", hint: "write 15..49")
        }
        guard lo <= hi else { return .list([]) }
        // hi - lo overflows only for spans far beyond the limit.
        guard let span = Checked.subtract(hi, lo), span < Limits.listLength else {
            throw node.runtimeError("range \(lo)..\(hi) is too long to hold as a list (more than \(Limits.listLength) numbers)",
                                    hint: "loop with for i in range(n) instead")
        }
        return .list((lo...hi).map { .int($0) })
    }

    static func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value, at node: Node) throws -> Value {
        switch (a, b) {
        case (.null, _), (_, .null):
            return .null
        case let (.int(x), .int(y)):
            return try integer(op, x, y, at: node)
        case let (.int(x), .float(y)): return try float(op, Double(x), y, at: node)
        case let (.float(x), .int(y)): return try float(op, x, Double(y), at: node)
        case let (.float(x), .float(y)): return try float(op, x, y, at: node)
        case let (.string(x), .string(y)) where op == .add:
            guard x.utf8.count + y.utf8.count <= Limits.textBytes else {
                throw node.runtimeError("the joined text would be more than \(Limits.textBytes >> 20) MB")
            }
            return .string(x + y)
        case let (.list(x), .list(y)) where op == .add:
            guard x.count + y.count <= Limits.listLength else {
                throw node.runtimeError("the joined list would have more than \(Limits.listLength) items")
            }
            return .list(x + y)
        case let (.date(d), .int(n)) where op == .add || op == .sub:
            return .date(try shifted(d, by: op == .add ? n : Checked.negate(n), at: node))
        case let (.int(n), .date(d)) where op == .add:
            return .date(try shifted(d, by: n, at: node))
        case let (.date(x), .date(y)) where op == .sub:
            return .int(Int64(x.days) - Int64(y.days))
        default:
            var hint: String?
            if case .string = a { hint = "convert with str(x) to join text, e.g. \"n = \" + str(n)" }
            if case .string = b { hint = "convert with str(x) to join text, or int(s) to read a number" }
            throw node.typeError("cannot apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName)", hint: hint)
        }
    }

    private static func integer(_ op: BinaryOp, _ x: Int64, _ y: Int64, at node: Node) throws -> Value {
        let r: (Int64, Bool)
        switch op {
        case .add: r = x.addingReportingOverflow(y)
        case .sub: r = x.subtractingReportingOverflow(y)
        case .mul: r = x.multipliedReportingOverflow(by: y)
        case .div:
            guard y != 0 else { throw node.runtimeError("division by zero", hint: "guard with if d == 0 then null else n / d") }
            return .float(Double(x) / Double(y))
        default:
            guard let m = Checked.modulo(x, y) else { throw node.runtimeError("modulo by zero") }
            return .int(m)
        }
        if r.1 { throw node.runtimeError("integer overflow in \(x) \(op.rawValue) \(y)", hint: "use floats, e.g. float(x)") }
        return .int(r.0)
    }

    /// The date `n` days after `d`; nil `n` is a count that did not fit in an integer.
    private static func shifted(_ d: CivilDate, by n: Int64?, at node: Node) throws -> CivilDate {
        guard let n, let r = d.addingDays(Int(n)) else {
            throw node.runtimeError("date out of range: \(d) moved by \(n.map(String.init) ?? "that many") days leaves the years 1-9999")
        }
        return r
    }

    private static func float(_ op: BinaryOp, _ x: Double, _ y: Double, at node: Node) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            guard y != 0 else { throw node.runtimeError("division by zero", hint: "guard with if d == 0 then null else n / d") }
            return .float(x / y)
        default:
            guard y != 0 else { throw node.runtimeError("modulo by zero") }
            let m = x.truncatingRemainder(dividingBy: y)
            return .float(m != 0 && (m < 0) != (y < 0) ? m + y : m)
        }
    }

    static func index(_ c: Value, _ i: Value, at node: Node) throws -> Value {
        switch (c, i) {
        case let (.list(xs), .int(k)):
            let idx = k < 0 ? Int(k) + xs.count : Int(k)
            guard idx >= 0, idx < xs.count else {
                throw node.runtimeError("index \(k) is out of range for a list of \(xs.count)",
                                        hint: xs.isEmpty ? "the list is empty" : "valid indexes are 0 to \(xs.count - 1), or -1 for the last")
            }
            return xs[idx]
        case let (.string(s), .int(k)):
            let chars = Array(s)
            let idx = k < 0 ? Int(k) + chars.count : Int(k)
            guard idx >= 0, idx < chars.count else {
                throw node.runtimeError("index \(k) is out of range for a string of \(chars.count) characters")
            }
            return .string(String(chars[idx]))
        case let (.record(r), .string(name)):
            return try field(.record(r), name, at: node)
        default:
            throw node.typeError("cannot index a \(c.typeName) with a \(i.typeName)",
                                 hint: "lists and strings take an int index, records a field name")
        }
    }

    static func field(_ c: Value, _ name: String, at node: Node) throws -> Value {
        guard case .record(let r) = c else {
            throw node.typeError("a \(c.typeName) has no fields (looking for '\(name)')")
        }
        guard let v = r[name] else {
            let near = nearestNames(to: name, in: r.names)
            throw PopshError(.name, "the record has no field '\(name)'", at: node.location,
                             hint: near.isEmpty ? "its fields: \(r.names.joined(separator: ", "))" : "did you mean '\(near[0])'?")
        }
        return v
    }
}
