// OutcomeGroups: grouping by a key with a few known values (a `choose` whose branches
// are all constants: separation's class, an age band) without sorting the rows. GROUP BY
// sorts every row's key; here each row's key is computed once, as the number of its
// outcome, in a sub-query the engine streams; one pass over it adds each row to its
// outcome's conditional aggregates; and the outcomes that occurred come back as rows,
// joined to a constant list of the outcomes, in key order, as GROUP BY would give them.
// On the 1.2-million register, separation counted by kind reads its covering index
// once and sorts nothing (docs/benchmarks.md, "Tables and cohorts").

extension SQLCompiler {
    /// Keys with more outcomes than this are grouped by sorting: every outcome adds
    /// conditional aggregates that each row passes through.
    static let maxOutcomes = 16

    /// `current` grouped by `key` with `values`, by outcome; nil when the key is not a
    /// `choose` of constants or a value is not a plain aggregate.
    mutating func groupByOutcome(_ current: Select, key: (name: String, value: PlanExpr),
                                 values: [(name: String, value: PlanExpr)]) -> Select? {
        guard case .choose(let cases, let otherwise) = key.value else { return nil }
        var outcomes: [SQLValue] = []
        func number(_ branch: PlanExpr) -> PlanExpr? {
            guard case .value(let v, _) = branch else { return nil }
            if !outcomes.contains(v) { outcomes.append(v) }
            return integer(outcomes.firstIndex(of: v)!)
        }
        var numbered: [PlanExpr.Case] = []
        for c in cases {
            guard let n = number(c.then) else { return nil }
            numbered.append(.init(when: c.when, then: n))
        }
        guard let otherwiseNumber = number(otherwise), outcomes.count <= Self.maxOutcomes else { return nil }
        var aggregates: [(Aggregate, PlanExpr?)] = []
        for value in values {
            guard case .aggregate(let a, let arg) = value.value, !(arg?.hasAggregate ?? false) else { return nil }
            aggregates.append((a, arg))
        }

        // The rows, each with its outcome number and the aggregates' arguments.
        var inner = current
        inner.order = []
        inner.fenced = true
        inner.columns = [("k", .choose(numbered, otherwise: otherwiseNumber))]
            + aggregates.enumerated().compactMap { j, a in a.1.map { ("a\(j)", $0) } }
        let rowsAlias = nextAlias()
        let outcome = PlanExpr.qualified(alias: rowsAlias, column: "k")

        // One row: per outcome, its row count and each aggregate over its rows.
        var perOutcome: [(name: String, value: PlanExpr)] = []
        for i in outcomes.indices {
            let isOutcome = PlanExpr.binary(.equal, outcome, integer(i))
            perOutcome.append(("n\(i)", .aggregate(.countIf, isOutcome)))
            for (j, (a, arg)) in aggregates.enumerated() where a != .count {
                let x = arg.map { _ in PlanExpr.qualified(alias: rowsAlias, column: "a\(j)") }
                perOutcome.append(("v\(i)_\(j)", conditional(a, x, isOutcome, count: .aggregate(.countIf, isOutcome))))
            }
        }
        let totals = Select(from: .query(inner, alias: rowsAlias), columns: perOutcome, groups: [])
        let totalsAlias = nextAlias(), listAlias = nextAlias()

        // The outcomes that have rows, one row each.
        func pick(_ column: (Int) -> String) -> PlanExpr {
            .choose(outcomes.indices.map {
                .init(when: .binary(.equal, .qualified(alias: listAlias, column: "i"), integer($0)),
                      then: .qualified(alias: totalsAlias, column: column($0)))
            }, otherwise: .value(.null, .integer))
        }
        let list = FromItem.rows(outcomes.enumerated().map { [.integer(Int64($0.offset)), $0.element] },
                                 columns: ["i", "key"], alias: listAlias)
        let keyValue = PlanExpr.qualified(alias: listAlias, column: "key")
        var grouped = Select(from: .query(totals, alias: totalsAlias),
                             columns: [(key.name, keyValue)]
                                + values.enumerated().map { j, v in
                                    (v.name, pick { aggregates[j].0 == .count ? "n\($0)" : "v\($0)_\(j)" })
                                })
        grouped.joins = [JoinClause(item: list, kind: .inner, on: .binary(.greater, pick { "n\($0)" }, integer(0)))]
        grouped.order = [(keyValue, false)]
        return grouped
    }

    /// Aggregate `a` of `x` over the rows where `isOutcome` holds; `count` counts those
    /// rows (a plain count is that column itself).
    private func conditional(_ a: Aggregate, _ x: PlanExpr?, _ isOutcome: PlanExpr, count: PlanExpr) -> PlanExpr {
        switch a {
        case .count, .countIf: return .aggregate(.countIf, .binary(.and, isOutcome, x ?? .value(.integer(1), .bool)))
        case .share:
            // The outcome's rows are never zero: outcomes without rows are left out.
            let hits = PlanExpr.aggregate(.countIf, .binary(.and, isOutcome, x ?? .value(.integer(1), .bool)))
            return .binary(.divide, .binary(.multiply, .value(.integer(100), .integer), hits), count)
        case .sum, .avg, .min, .max:
            return .aggregate(a, .choose([.init(when: isOutcome, then: x ?? .value(.null, .unknown))],
                                         otherwise: .value(.null, .unknown)))
        }
    }

    private func integer(_ n: Int) -> PlanExpr { .value(.integer(Int64(n)), .integer) }
}
