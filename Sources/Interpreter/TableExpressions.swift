// TableExpressions: translates the resolved items of a verb into plan expressions. A
// bare name is a column when the table has one; anything that names no column (a
// variable, `age(@1990-01-01, on: d)`, `first(units).unit_code`) is evaluated once
// here and bound as a parameter. Operators, builtins with a table form and aggregates
// become plan nodes; anything else is an error at its place in the script.

import DataModel

final class PlanTranslator {
    let machine: Machine
    let frame: Frame
    let columns: [PlanColumn]
    let tableName: String
    /// True inside `summarize`: aggregates are allowed (but not inside one another).
    let allowAggregates: Bool
    private var insideAggregate = false

    init(machine: Machine, frame: Frame, columns: [PlanColumn], tableName: String, allowAggregates: Bool) {
        self.machine = machine
        self.frame = frame
        self.columns = columns
        self.tableName = tableName
        self.allowAggregates = allowAggregates
    }

    func kind(_ e: PlanExpr) -> ValueKind { e.kind(in: columns) }

    /// True when the node reads a column of the table (or names nothing known at all,
    /// which `translate` reports).
    func mentionsColumn(_ node: Node) -> Bool {
        switch node {
        case let c as ColumnRef: return c.variable == nil || columns.contains { $0.name == c.name }
        case let n as ListNode: return n.items.contains(where: mentionsColumn)
        case let n as RecordNode: return n.values.contains(where: mentionsColumn)
        case let n as NegateNode: return mentionsColumn(n.operand)
        case let n as NotNode: return mentionsColumn(n.operand)
        case let n as AndNode: return mentionsColumn(n.left) || mentionsColumn(n.right)
        case let n as OrNode: return mentionsColumn(n.left) || mentionsColumn(n.right)
        case let n as BinaryNode: return mentionsColumn(n.left) || mentionsColumn(n.right)
        case let n as BetweenNode: return mentionsColumn(n.value) || mentionsColumn(n.low) || mentionsColumn(n.high)
        case let n as MemberNode: return mentionsColumn(n.value) || mentionsColumn(n.collection)
        case let n as IndexNode: return mentionsColumn(n.target) || mentionsColumn(n.index)
        case let n as FieldNode: return mentionsColumn(n.target)
        case let n as ConditionalNode:
            return mentionsColumn(n.condition)
                || (n.then + n.otherwise).contains { ($0 as? ExprStmt).map { mentionsColumn($0.expr) } ?? false }
        case let n as CallNode:
            if aggregateCall(n) != nil { return true }
            return n.positional.contains(where: mentionsColumn) || n.named.contains { mentionsColumn($0.1) }
        default: return false
        }
    }

    /// Evaluates a node that names no column.
    func evaluate(_ node: Node) throws -> Value { try node.eval(frame, machine) }

    func translate(_ node: Node) throws -> PlanExpr {
        guard mentionsColumn(node) else { return try constant(node) }
        switch node {
        case let c as ColumnRef: return try column(c)
        case let n as NegateNode: return .negate(try number(n.operand, role: "'-'"))
        case let n as NotNode: return .not(try condition(n.operand, role: "'not'"))
        case let n as AndNode: return .binary(.and, try condition(n.left, role: "'and'"), try condition(n.right, role: "'and'"))
        case let n as OrNode: return .binary(.or, try condition(n.left, role: "'or'"), try condition(n.right, role: "'or'"))
        case let n as BinaryNode: return try binary(n)
        case let n as BetweenNode:
            let v = try translate(n.value), lo = try translate(n.low), hi = try translate(n.high)
            try comparable(v, lo, at: n.low, op: "between")
            try comparable(v, hi, at: n.high, op: "between")
            return .between(v, lo, hi, negated: n.negated)
        case let n as MemberNode: return try member(n)
        case let n as CallNode: return try call(n)
        case let n as ConditionalNode: return try conditional(n)
        default:
            throw PopshError(.type, "this expression cannot run in the database", at: node.location,
                             hint: "inside a verb use columns, values, operators and functions such as age, year, inside")
        }
    }

    /// `if c then a else if d then b else e` as one choice of the first condition that
    /// holds; without an `else` the value is null. Every branch is one expression, and
    /// the branches agree on their kind, so a column has one kind whatever the row.
    private func conditional(_ first: ConditionalNode) throws -> PlanExpr {
        var cases: [PlanExpr.Case] = []
        var node = first
        while true {
            cases.append(.init(when: try condition(node.condition, role: "'if'"), then: try branch(node.then, of: node)))
            if node.otherwise.count == 1, let e = node.otherwise[0] as? ExprStmt, let next = e.expr as? ConditionalNode {
                node = next
                continue
            }
            let otherwise = node.otherwise.isEmpty ? PlanExpr.value(.null, .unknown) : try branch(node.otherwise, of: node)
            let kinds = Set((cases.map(\.then) + [otherwise]).map(kind).filter { $0 != .unknown })
            // Integers and reals mix as numbers do elsewhere.
            guard kinds.count <= 1 || kinds == [.integer, .real] else {
                throw PopshError(.type, "the branches of this 'if' give " + kinds.map(\.rawValue).sorted().joined(separator: " and ")
                                 + " values", at: first.location, hint: "make every branch the same kind, e.g. all text")
            }
            return .choose(cases, otherwise: otherwise)
        }
    }

    private func branch(_ body: [StmtNode], of node: ConditionalNode) throws -> PlanExpr {
        guard body.count == 1, let e = body[0] as? ExprStmt else {
            throw PopshError(.type, "inside a verb each branch of 'if' must be a single expression", at: node.location,
                             hint: "write it as: if condition then value else other")
        }
        return try translate(e.expr)
    }

    /// A translated expression that must be true or false.
    func condition(_ node: Node, role: String) throws -> PlanExpr {
        let e = try translate(node)
        guard [.bool, .unknown].contains(kind(e)) else {
            throw PopshError(.type, "\(role) needs true or false, got a \(kind(e).rawValue) value", at: node.location,
                             hint: "compare explicitly, e.g. x != null or n > 0")
        }
        return e
    }

    private func number(_ node: Node, role: String) throws -> PlanExpr {
        let e = try translate(node)
        guard [.integer, .real, .unknown].contains(kind(e)) else {
            throw PopshError(.type, "\(role) needs a number, got a \(kind(e).rawValue) value", at: node.location)
        }
        return e
    }

    private func column(_ c: ColumnRef) throws -> PlanExpr {
        if columns.contains(where: { $0.name == c.name }) { return .column(c.name) }
        let names = columns.map(\.name)
        let near = nearestNames(to: c.name, in: names)
        throw PopshError(.name, "'\(c.name)' is neither a column of \(tableName) nor a variable", at: c.location,
                         hint: (near.isEmpty ? "" : "did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "? ")
                            + "columns: " + names.joined(separator: ", "))
    }

    private func constant(_ node: Node) throws -> PlanExpr {
        let v = try evaluate(node)
        guard let (value, kind) = Table.parameter(v) else {
            throw PopshError(.type, "a \(v.typeName) cannot be compared with a column", at: node.location,
                             hint: v.typeName == "list" ? "test membership with: column in [a, b]" : nil)
        }
        return .value(value, kind)
    }

    private func binary(_ n: BinaryNode) throws -> PlanExpr {
        let a = try translate(n.left), b = try translate(n.right)
        let ka = kind(a), kb = kind(b)
        switch n.op {
        case .eq, .ne:
            if case .value(.null, _) = b { return .isNull(a, negated: n.op == .ne) }
            if case .value(.null, _) = a { return .isNull(b, negated: n.op == .ne) }
            try comparable(a, b, at: n, op: n.op.rawValue)
            return .binary(n.op == .eq ? .equal : .notEqual, a, b)
        case .lt, .le, .gt, .ge:
            try comparable(a, b, at: n, op: n.op.rawValue)
            let op: PlanOperator = [.lt: .less, .le: .lessOrEqual, .gt: .greater, .ge: .greaterOrEqual][n.op]!
            return .binary(op, a, b)
        case .add where ka == .text || kb == .text:
            return .binary(.concat, a, b)
        case .add where ka == .date || kb == .date:
            let (day, days) = ka == .date ? (a, b) : (b, a)
            return try scalar(.addDays, [day, days], at: n)
        case .sub where ka == .date && kb != .date:
            return try scalar(.addDays, [a, .negate(b)], at: n)
        case .add, .sub, .mul, .div, .mod:
            for (e, k, side) in [(a, ka, n.left), (b, kb, n.right)] where ![.integer, .real, .bool, .unknown].contains(k) {
                _ = e
                throw PopshError(.type, "'\(n.op.rawValue)' needs numbers, got a \(k.rawValue) value", at: side.location)
            }
            let op: PlanOperator = [.add: .add, .sub: .subtract, .mul: .multiply, .div: .divide, .mod: .remainder][n.op]!
            return .binary(op, a, b)
        case .range:
            throw PopshError(.type, "a range cannot run in the database", at: n.location,
                             hint: "write x between 15 and 49")
        }
    }

    /// Refuses comparisons popsh itself refuses (a text column with a number, a date with text).
    private func comparable(_ a: PlanExpr, _ b: PlanExpr, at node: Node, op: String) throws {
        let ka = kind(a), kb = kind(b)
        guard ka != .unknown, kb != .unknown, ka != kb else { return }
        if ka.isNumeric && kb.isNumeric { return }
        throw PopshError(.type, "cannot compare a \(ka.rawValue) value with a \(kb.rawValue) value using '\(op)'",
                         at: node.location,
                         hint: ka == .date || kb == .date ? "write dates as @2025-12-31" : "compare values of the same kind")
    }

    private func member(_ n: MemberNode) throws -> PlanExpr {
        guard !mentionsColumn(n.collection) else {
            throw PopshError(.type, "'in' inside a verb needs a list of values on the right", at: n.collection.location,
                             hint: "write contraception in [\"iud\", \"implant\"]")
        }
        let value = try translate(n.value)
        switch try evaluate(n.collection) {
        case .list(let items):
            let values = try items.map { item -> PlanExpr in
                guard let (v, k) = Table.parameter(item) else {
                    throw PopshError(.type, "a \(item.typeName) cannot be compared with a column", at: n.collection.location)
                }
                return .value(v, k)
            }
            return .member(value, values, negated: n.negated)
        case .string(let s):
            let test = try scalar(.contains, [.value(.text(s), .text), value], at: n)
            return n.negated ? .not(test) : test
        case let other:
            throw PopshError(.type, "'in' needs a list or a string on the right, got \(other.typeName)",
                             at: n.collection.location)
        }
    }

    private func builtin(_ n: CallNode) -> Builtin? {
        guard let c = n.callee as? Constant, case .function(let f) = c.value else { return nil }
        return f as? Builtin
    }

    /// The aggregate a call computes: `count`, `count_if` and `share` always; `sum`,
    /// `avg`, `min` and `max` only over a column (over a list they are plain functions).
    private func aggregateCall(_ n: CallNode) -> Aggregate? {
        guard let b = builtin(n), let a = Aggregate(rawValue: b.name) else { return nil }
        switch a {
        case .count, .countIf, .share: return a
        case .sum, .avg, .min, .max: return n.positional.count == 1 && mentionsColumn(n.positional[0]) ? a : nil
        }
    }

    private func call(_ n: CallNode) throws -> PlanExpr {
        guard let b = builtin(n) else {
            throw PopshError(.type, "only builtin functions can use columns inside a verb", at: n.location,
                             hint: "a function written in popsh runs in popsh: fetch the rows first with rows(t)")
        }
        if let aggregate = aggregateCall(n) { return try self.aggregate(aggregate, n) }
        if b.name == "min" || b.name == "max" {
            return try scalar(b.name == "min" ? .least : .greatest, n.positional.map { try translate($0) }, at: n)
        }
        guard let form = machine.library.tableForms[b.name] else {
            throw PopshError(.type, "\(b.name) has no form in the database, so it cannot use a column inside a verb",
                             at: n.location, hint: "fetch the rows first (rows(t)) and apply \(b.name) to each")
        }
        var arguments = [Node?](repeating: nil, count: b.parameters.count)
        for (i, node) in n.positional.enumerated() {
            guard i < arguments.count else { throw PopshError(.type, "\(b.name) takes at most \(arguments.count) arguments", at: n.location, hint: "usage: \(b.signature)") }
            arguments[i] = node
        }
        for (name, node) in n.named {
            guard let i = b.parameters.firstIndex(where: { $0.name == name }) else {
                throw PopshError(.type, "\(b.name) has no parameter '\(name)'", at: n.location, hint: "usage: \(b.signature)")
            }
            arguments[i] = node
        }
        for (i, p) in b.parameters.enumerated() where p.required && arguments[i] == nil {
            throw PopshError(.type, "\(b.name) needs the argument '\(p.name)'", at: n.location, hint: "usage: \(b.signature)")
        }
        return try form(TableCall(name: b.name, location: n.location, arguments: arguments, translator: self))
    }

    private func aggregate(_ a: Aggregate, _ n: CallNode) throws -> PlanExpr {
        guard allowAggregates, !insideAggregate else {
            throw PopshError(.type, "\(a.rawValue)() is an aggregate: it belongs in summarize" + (insideAggregate ? ", not inside another aggregate" : ""),
                             at: n.location, hint: "write t | summarize n = \(a.rawValue)(...) by township")
        }
        let wanted = a == .count ? 0 : 1
        guard n.positional.count == wanted, n.named.isEmpty else {
            throw PopshError(.type, "\(a.rawValue) takes \(wanted == 0 ? "no arguments" : "one argument")", at: n.location,
                             hint: a == .count ? "write count() or count_if(CONDITION)" : "write \(a.rawValue)(column)")
        }
        guard wanted == 1 else { return .aggregate(.count, nil) }
        insideAggregate = true
        defer { insideAggregate = false }
        let arg = [.countIf, .share].contains(a) ? try condition(n.positional[0], role: "\(a.rawValue)")
            : try translate(n.positional[0])
        if [.sum, .avg].contains(a), ![.integer, .real, .bool, .unknown].contains(kind(arg)) {
            throw PopshError(.type, "\(a.rawValue) needs numbers, got a \(kind(arg).rawValue) column", at: n.positional[0].location)
        }
        return .aggregate(a, arg)
    }

    private func scalar(_ f: ScalarFunction, _ args: [PlanExpr], at node: Node) throws -> PlanExpr {
        try TableCall(name: f.rawValue, location: node.location, arguments: [], translator: self).scalar(f, args)
    }
}

extension ValueKind {
    var isNumeric: Bool { self == .integer || self == .real || self == .bool }
}
