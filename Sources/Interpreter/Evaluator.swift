// Evaluator: the expression nodes of the executable tree the resolver builds. Names
// are already slots (a local is a frame slot at a known depth, a global an index), so
// evaluating is a walk over nodes with no lookups by name; the common integer cases
// of arithmetic and comparison are handled inline, the rest in Operators.swift.

import DataModel

class Node {
    let location: SourceLocation
    init(_ location: SourceLocation) { self.location = location }
    func eval(_ f: Frame, _ m: Machine) throws -> Value { fatalError("abstract node") }

    func runtimeError(_ message: String, hint: String? = nil) -> PopshError {
        PopshError(.runtime, message, at: location, hint: hint)
    }
    func typeError(_ message: String, hint: String? = nil) -> PopshError {
        PopshError(.type, message, at: location, hint: hint)
    }
}

final class Constant: Node {
    let value: Value
    init(_ value: Value, _ l: SourceLocation) { self.value = value; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value { value }
}

final class LocalGet: Node {
    let slot: Int, hops: Int, name: String
    init(_ name: String, slot: Int, hops: Int, _ l: SourceLocation) {
        self.name = name; self.slot = slot; self.hops = hops; super.init(l)
    }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        hops == 0 ? f[slot] : f.ancestor(hops)[slot]
    }
}

final class GlobalGet: Node {
    let slot: Int, name: String
    init(_ name: String, slot: Int, _ l: SourceLocation) { self.name = name; self.slot = slot; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        guard let v = m.globals[slot] else {
            throw PopshError(.name, "'\(name)' is used before it is defined", at: location,
                             hint: "run its 'let' or 'fn' first")
        }
        return v
    }
}

/// A bare name inside a table verb: the column of that name, or else the variable.
final class ColumnRef: Node {
    let name: String
    let variable: Node?
    init(_ name: String, variable: Node?, _ l: SourceLocation) { self.name = name; self.variable = variable; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        guard let variable else {
            throw PopshError(.name, "'\(name)' is a column name, but there is no table here", at: location,
                             hint: "column names work inside where, select, derive, sort, summarize and count")
        }
        return try variable.eval(f, m)
    }
}

final class ListNode: Node {
    let items: [Node]
    init(_ items: [Node], _ l: SourceLocation) { self.items = items; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for i in items {
            let v = try i.eval(f, m)
            if case .list = v { try v.checkNestable(at: i.location) }
            if case .record = v { try v.checkNestable(at: i.location) }
            out.append(v)
        }
        return .list(out)
    }
}

final class RecordNode: Node {
    let names: [String], values: [Node]
    init(_ names: [String], _ values: [Node], _ l: SourceLocation) { self.names = names; self.values = values; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        .record(Record(names: names, values: try values.map { node in
            let v = try node.eval(f, m)
            try v.checkNestable(at: node.location)
            return v
        }))
    }
}

final class ClosureNode: Node {
    let code: FunctionCode
    init(_ code: FunctionCode, _ l: SourceLocation) { self.code = code; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        .function(Closure(code: code, captured: f))
    }
}

final class NegateNode: Node {
    let operand: Node
    init(_ operand: Node, _ l: SourceLocation) { self.operand = operand; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        switch try operand.eval(f, m) {
        case .int(let i):
            guard i != Int64.min else { throw runtimeError("integer overflow in negation") }
            return .int(-i)
        case .float(let d): return .float(-d)
        case .null: return .null
        case let v: throw typeError("cannot negate a \(v.typeName)", hint: "'-' applies to numbers")
        }
    }
}

final class NotNode: Node {
    let operand: Node
    init(_ operand: Node, _ l: SourceLocation) { self.operand = operand; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        .bool(!(try truth(operand.eval(f, m), at: self, role: "'not'")))
    }
}

/// Conditions must be booleans: an int or a string in an `if` is a mistake worth reporting.
func truth(_ v: Value, at node: Node, role: String) throws -> Bool {
    if case .bool(let b) = v { return b }
    throw node.typeError("\(role) needs true or false, got \(v.typeName) \(v.repr)",
                         hint: "compare explicitly, e.g. x != null or n > 0")
}

final class AndNode: Node {
    let left: Node, right: Node
    init(_ a: Node, _ b: Node, _ l: SourceLocation) { left = a; right = b; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        guard try truth(left.eval(f, m), at: left, role: "'and'") else { return .bool(false) }
        return .bool(try truth(right.eval(f, m), at: right, role: "'and'"))
    }
}

final class OrNode: Node {
    let left: Node, right: Node
    init(_ a: Node, _ b: Node, _ l: SourceLocation) { left = a; right = b; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        if try truth(left.eval(f, m), at: left, role: "'or'") { return .bool(true) }
        return .bool(try truth(right.eval(f, m), at: right, role: "'or'"))
    }
}

final class BinaryNode: Node {
    let op: BinaryOp, left: Node, right: Node
    init(_ op: BinaryOp, _ a: Node, _ b: Node, _ l: SourceLocation) { self.op = op; left = a; right = b; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let a = try left.eval(f, m)
        let b = try right.eval(f, m)
        if case .int(let x) = a, case .int(let y) = b {
            switch op {
            case .add: let (r, o) = x.addingReportingOverflow(y); if !o { return .int(r) }
            case .sub: let (r, o) = x.subtractingReportingOverflow(y); if !o { return .int(r) }
            case .lt: return .bool(x < y)
            case .le: return .bool(x <= y)
            case .gt: return .bool(x > y)
            case .ge: return .bool(x >= y)
            case .eq: return .bool(x == y)
            case .ne: return .bool(x != y)
            default: break
            }
        }
        return try Operators.binary(op, a, b, at: self)
    }
}

final class BetweenNode: Node {
    let value: Node, low: Node, high: Node, negated: Bool
    init(_ v: Node, _ lo: Node, _ hi: Node, negated: Bool, _ l: SourceLocation) {
        value = v; low = lo; high = hi; self.negated = negated; super.init(l)
    }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let v = try value.eval(f, m), lo = try low.eval(f, m), hi = try high.eval(f, m)
        if v.isNull || lo.isNull || hi.isNull { return .null }
        guard let a = v.compare(lo), let b = v.compare(hi) else {
            throw typeError("cannot compare \(v.typeName) with \(lo.typeName) and \(hi.typeName) in 'between'")
        }
        return .bool((a >= 0 && b <= 0) != negated)
    }
}

final class MemberNode: Node {
    let value: Node, collection: Node, negated: Bool
    init(_ v: Node, _ c: Node, negated: Bool, _ l: SourceLocation) { value = v; collection = c; self.negated = negated; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let v = try value.eval(f, m)
        let found: Bool
        switch try collection.eval(f, m) {
        case .list(let xs): found = xs.contains { $0.equals(v) }
        case .string(let s):
            guard case .string(let sub) = v else { throw typeError("'in' a string needs a string on the left, got \(v.typeName)") }
            found = s.contains(sub)
        case .record(let r):
            guard case .string(let key) = v else { throw typeError("'in' a record needs a field name on the left, got \(v.typeName)") }
            found = r.names.contains(key)
        case let c: throw typeError("'in' needs a list, string or record on the right, got \(c.typeName)")
        }
        return .bool(found != negated)
    }
}

final class IndexNode: Node {
    let target: Node, index: Node
    init(_ t: Node, _ i: Node, _ l: SourceLocation) { target = t; index = i; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        try Operators.index(try target.eval(f, m), try index.eval(f, m), at: self)
    }
}

final class FieldNode: Node {
    let target: Node, name: String
    init(_ t: Node, _ name: String, _ l: SourceLocation) { target = t; self.name = name; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        try Operators.field(try target.eval(f, m), name, at: self)
    }
}

final class ConditionalNode: Node {
    let condition: Node, then: [StmtNode], otherwise: [StmtNode]
    init(_ c: Node, _ t: [StmtNode], _ e: [StmtNode], _ l: SourceLocation) { condition = c; then = t; otherwise = e; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let branch = try truth(condition.eval(f, m), at: condition, role: "'if'") ? then : otherwise
        var last: Value = .null
        for s in branch {
            if let e = s as? ExprStmt { last = try e.expr.eval(f, m); continue }
            last = .null
            if try s.exec(f, m) != .next { break }
        }
        return last
    }
}

final class CallNode: Node {
    let callee: Node
    let positional: [Node]
    let named: [(String, Node)]
    /// Positional arguments only: the shape a closure call takes without binding by name.
    private let positionalOnly: Bool
    init(_ callee: Node, _ positional: [Node], _ named: [(String, Node)], _ l: SourceLocation) {
        self.callee = callee; self.positional = positional; self.named = named
        positionalOnly = named.isEmpty
        super.init(l)
    }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let fv = try callee.eval(f, m)
        if case .table(let table) = fv {
            return try table.call(try positional.map { try $0.eval(f, m) }, try named.map { ($0.0, try $0.1.eval(f, m)) },
                                  m, at: location)
        }
        guard case .function(let fn) = fv else {
            throw typeError("\(describeCallee()) is a \(fv.typeName), not a function")
        }
        if positionalOnly, fn.isClosure {
            let closure = unsafeDowncast(fn, to: Closure.self)
            let code = closure.code
            if positional.count == code.arity {
                var frame = m.frame(size: code.slotCount, parent: closure.captured)
                defer { m.recycle(&frame) }
                for i in 0..<positional.count { frame[i] = try positional[i].eval(f, m) }
                return try m.enter(code, frame, at: location)
            }
        }
        var args: [Value] = []
        args.reserveCapacity(positional.count)
        for p in positional { args.append(try p.eval(f, m)) }
        let namedValues = try named.map { ($0.0, try $0.1.eval(f, m)) }
        return try m.call(fn, args, namedValues, at: location)
    }

    private func describeCallee() -> String {
        if let g = callee as? GlobalGet { return "'\(g.name)'" }
        if let l = callee as? LocalGet { return "'\(l.name)'" }
        return "this value"
    }
}

/// A table verb after a pipe. Its items were resolved with bare names as columns.
final class VerbNode: Node {
    let input: Node
    let name: String
    let items: [(name: String?, value: Node, descending: Bool)]
    let by: [(name: String?, value: Node, descending: Bool)]
    let other: Node?
    let options: [(String, Node)]
    init(input: Node, name: String, items: [(String?, Node, Bool)], by: [(String?, Node, Bool)],
         other: Node?, options: [(String, Node)], _ l: SourceLocation) {
        self.input = input; self.name = name
        self.items = items.map { (name: $0.0, value: $0.1, descending: $0.2) }
        self.by = by.map { (name: $0.0, value: $0.1, descending: $0.2) }
        self.other = other; self.options = options
        super.init(l)
    }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        try evalTable(f, m)
    }
}
