// TableVerbs: each verb after a pipe adds one step to its table's plan. Names, kinds and
// the verb's own rules (where needs a condition, summarize needs aggregates, join needs
// LEFT == RIGHT) are checked here, so a mistake is reported at its place in the script
// before any SQL is written.

import DataModel

extension VerbNode {
    func evalTable(_ f: Frame, _ m: Machine) throws -> Value {
        let input = try self.input.eval(f, m)
        guard case .table(let table) = input else {
            throw typeError("'\(name)' works on a table, got \(input.typeName)",
                            hint: "table verbs apply to database tables such as people or wis")
        }
        if name != "join", let option = options.first {
            throw PopshError(.type, "'\(name)' takes no option '\(option.0)'", at: option.1.location)
        }
        func translator(aggregates: Bool = false, over t: Table = table) -> PlanTranslator {
            PlanTranslator(machine: m, frame: f, columns: t.columns, tableName: t.name, allowAggregates: aggregates)
        }
        switch name {
        case "where":
            try expect(items.count == 1 && items[0].name == nil && by.isEmpty, "where takes one condition",
                       hint: "combine conditions with and: where sex == \"F\" and age >= 15")
            return .table(table.adding(.filter(try translator().condition(items[0].value, role: "where"))))
        case "select":
            try noBy()
            return .table(table.adding(.select(try named(items, translator(), verb: "select"))))
        case "derive":
            try noBy()
            var t = table
            for item in items {
                guard let itemName = item.name else {
                    throw PopshError(.parse, "derive needs a name for each new column", at: item.value.location,
                                     hint: "write derive born = year(birth_date)")
                }
                t = t.adding(.derive([(itemName, try translator(over: t).translate(item.value))]))
            }
            return .table(t)
        case "sort":
            try noBy()
            let tr = translator()
            return .table(table.adding(.sort(try items.map { (try tr.translate($0.value), $0.descending) })))
        case "take":
            try expect(items.count == 1 && by.isEmpty, "take needs one number", hint: "write take 10")
            guard !items[0].descending, case .int(let n) = try items[0].value.eval(f, m), n >= 0 else {
                throw PopshError(.type, "take needs a whole number of rows, 0 or more", at: items[0].value.location,
                                 hint: "write take 10")
            }
            return .table(table.adding(.take(Int(n))))
        case "distinct":
            try noBy()
            let t = items.isEmpty ? table : table.adding(.select(try named(items, translator(), verb: "distinct")))
            return .table(t.adding(.distinct))
        case "summarize":
            let groups = try named(by, translator(), verb: "by")
            let values = try named(items, translator(aggregates: true), verb: "summarize")
            for (item, value) in zip(items, values) where !value.value.hasAggregate {
                throw PopshError(.type, "summarize makes one row per group, so '\(value.name)' needs an aggregate",
                                 at: item.value.location,
                                 hint: "use count(), count_if(...), sum, avg, min, max or share, or put it after by")
            }
            return .table(table.adding(.aggregate(groups: groups, values: values)))
        case "count":
            try expect(items.isEmpty, "count takes its keys after by", hint: "write count by township")
            let groups = try named(by, translator(), verb: "by")
            let n = Plan.joinedName("n", of: "count", avoiding: groups.map(\.name))
            return .table(table.adding(.aggregate(groups: groups, values: [(n, .aggregate(.count, nil))])))
        case "join":
            return .table(try join(table, f, m))
        default:
            throw runtimeError("unknown verb '\(name)'")
        }
    }

    private func expect(_ ok: Bool, _ message: String, hint: String) throws {
        if !ok { throw PopshError(.parse, message, at: location, hint: hint) }
    }

    private func noBy() throws {
        if let first = by.first {
            throw PopshError(.parse, "'\(name)' takes no 'by'", at: first.value.location,
                             hint: "group with summarize ... by KEY or count by KEY")
        }
    }

    /// Items as named columns: `name = expr`, or a bare column that keeps its name.
    private func named(_ items: [(name: String?, value: Node, descending: Bool)], _ tr: PlanTranslator,
                       verb: String) throws -> [(name: String, value: PlanExpr)] {
        var seen: Set<String> = []
        return try items.map { item in
            let value = try tr.translate(item.value)
            guard let itemName = item.name ?? (item.value as? ColumnRef)?.name else {
                throw PopshError(.parse, "this \(verb) column needs a name", at: item.value.location,
                                 hint: "write NAME = expression")
            }
            guard seen.insert(itemName).inserted else {
                throw PopshError(.parse, "column '\(itemName)' is named twice", at: item.value.location)
            }
            return (itemName, value)
        }
    }

    private func join(_ table: Table, _ f: Frame, _ m: Machine) throws -> Table {
        guard let otherNode = other, case .table(let right) = try otherNode.eval(f, m) else {
            throw PopshError(.type, "join needs a table to join with", at: other?.location ?? location,
                             hint: "write join wis on person_id == woman_id")
        }
        var kind = JoinKind.inner
        for (option, node) in options {
            guard option == "kind" else {
                throw PopshError(.type, "join has no option '\(option)'", at: node.location, hint: "join takes kind: \"left\"")
            }
            guard case .string(let k) = try node.eval(f, m), let parsed = JoinKind(rawValue: k) else {
                throw PopshError(.type, "join kind must be \"inner\" or \"left\"", at: node.location)
            }
            kind = parsed
        }
        guard items.count == 1, let eq = items[0].value as? BinaryNode, eq.op == .eq,
              let a = eq.left as? ColumnRef, let b = eq.right as? ColumnRef else {
            throw PopshError(.parse, "join needs LEFT_COLUMN == RIGHT_COLUMN", at: items.first?.value.location ?? location,
                             hint: "write join wis on person_id == woman_id")
        }
        let (l, r): (ColumnRef, ColumnRef)
        if table.plan.hasColumn(a.name) && right.plan.hasColumn(b.name) {
            (l, r) = (a, b)
        } else if table.plan.hasColumn(b.name) && right.plan.hasColumn(a.name) {
            (l, r) = (b, a)
        } else {
            let missing = table.plan.hasColumn(a.name) ? b : a
            let side = missing === a ? table : right
            let names = side.columns.map(\.name)
            let near = nearestNames(to: missing.name, in: names)
            throw PopshError(.name, "'\(missing.name)' is not a column of \(side.name)", at: missing.location,
                             hint: (near.isEmpty ? "" : "did you mean '\(near[0])'? ") + "columns: " + names.joined(separator: ", "))
        }
        return table.adding(.join(right.plan, left: l.name, right: r.name, kind: kind))
    }
}

extension ForStmt {
    /// `for p in people | where ...`: rows are streamed from the database one at a time.
    func loop(over table: Table, _ f: Frame, _ m: Machine) throws -> Flow {
        let names = table.columns.map(\.name)
        var flow = Flow.next
        struct Stop: Error {}
        do {
            try table.forEachRow(m, at: sequence.location) { row in
                try checkInterrupt(location)
                f[slot] = .record(Record(names: names, values: row))
                switch try runBody(body, f, m) {
                case .breakLoop: throw Stop()
                case .returned: flow = .returned; throw Stop()
                default: break
                }
            }
        } catch is Stop {}
        return flow
    }
}
