// MorselSplit: an aggregate over a large table on every core, as DuckDB runs its
// morsels. The rows of the plan's table are cut into disjoint rowid ranges; each range
// runs the plan up to its aggregate, grouped as the plan groups, on a read connection of
// its own (WAL lets readers run side by side); the partial rows meet in a temporary table,
// and the plan's aggregate and every later step run over them, each aggregate merged from
// its parts: a count is the sum of the parts' counts, a minimum the least of their minima,
// an average the sum of their sums over the sum of their counts. Only aggregates whose
// merge gives exactly the value of one pass are split (sums and averages of integers,
// counts, shares, minima, maxima); any other plan runs as it is.

import Foundation

/// A plan cut at its first aggregate, with the aggregate split into parts and merges.
struct MorselSplit {
    /// The source and the steps before the aggregate.
    let before: Plan
    let groups: [(name: String, value: PlanExpr)]
    /// The aggregates each part computes, as columns `p0`, `p1`, ...
    let partials: [(name: String, value: PlanExpr)]
    /// The plan's aggregate values, over the parts' columns.
    let merged: [(name: String, value: PlanExpr)]
    let after: [PlanStep]

    init?(_ plan: Plan) {
        guard let cut = plan.steps.firstIndex(where: { if case .aggregate = $0 { return true } else { return false } }),
              case .aggregate(let groups, let values) = plan.steps[cut] else { return nil }
        var before = Plan(name: plan.name, source: plan.source)
        for step in plan.steps[..<cut] {
            switch step {
            case .filter, .derive, .select, .sort, .join: before = before.adding(step)
            // A row kept or dropped by a look at other rows depends on the whole table.
            case .take, .distinct, .aggregate: return nil
            }
        }
        var partials: [(name: String, value: PlanExpr)] = []
        func part(_ e: PlanExpr) -> PlanExpr {
            if let known = partials.first(where: { $0.value == e }) { return .column(known.name) }
            partials.append(("p\(partials.count)", e))
            return .column(partials.last!.name)
        }
        let inputs = before.columns
        func exactSum(_ arg: PlanExpr?) -> Bool {
            guard let arg else { return false }
            return [.integer, .bool].contains(arg.kind(in: inputs))
        }
        func merge(_ a: Aggregate, _ arg: PlanExpr?) -> PlanExpr? {
            let total = { (e: PlanExpr) in PlanExpr.aggregate(.sum, part(e)) }
            switch a {
            case .count: return total(.aggregate(.count, nil))
            case .countIf: return total(.aggregate(.countIf, arg))
            case .min, .max: return .aggregate(a, part(.aggregate(a, arg)))
            case .sum: return exactSum(arg) ? total(.aggregate(.sum, arg)) : nil
            case .avg:
                guard exactSum(arg), let arg else { return nil }
                return .binary(.divide, total(.aggregate(.sum, arg)),
                               total(.aggregate(.countIf, .isNull(arg, negated: true))))
            case .share:
                return .binary(.divide, .binary(.multiply, .value(.real(100), .real), total(.aggregate(.countIf, arg))),
                               total(.aggregate(.count, nil)))
            }
        }
        var merged: [(name: String, value: PlanExpr)] = []
        for value in values {
            guard let m = value.value.replacingAggregates(merge) else { return nil }
            merged.append((value.name, m))
        }
        self.before = before
        self.groups = groups
        self.partials = partials
        self.merged = merged
        self.after = Array(plan.steps[(cut + 1)...])
    }

    /// What each part runs: the steps before the aggregate, then its partial aggregates.
    var partPlan: Plan {
        before.adding(.aggregate(groups: groups.enumerated().map { ("k\($0.offset)", $0.element.value) },
                                 values: partials))
    }

    /// The columns of the parts' rows, keys first, with their kinds.
    var partColumns: [PlanColumn] { partPlan.columns }

    /// The plan over the parts' rows in `table`: the aggregate merged, then the later steps.
    func mergedPlan(over table: String, name: String) -> Plan {
        var plan = Plan(name: name, source: PlanSource(table: table, columns: partColumns.map { ($0, .column($0.name)) }))
        plan = plan.adding(.aggregate(groups: groups.enumerated().map { ($0.element.name, .column("k\($0.offset)")) },
                                      values: merged))
        for step in after { plan = plan.adding(step) }
        return plan
    }

    /// Every table the parts read: the source and the tables of joined plans.
    var tables: [String] {
        func of(_ plan: Plan) -> [String] {
            [plan.source.table] + plan.steps.flatMap { step -> [String] in
                if case .join(let right, _, _, _) = step { return of(right) } else { return [] }
            }
        }
        return of(before)
    }
}

extension PlanExpr {
    /// The expression with each aggregate replaced by `f(aggregate, argument)`; nil when
    /// `f` gives nil for one of them.
    func replacingAggregates(_ f: (Aggregate, PlanExpr?) -> PlanExpr?) -> PlanExpr? {
        func go(_ e: PlanExpr) -> PlanExpr? { e.replacingAggregates(f) }
        switch self {
        case .aggregate(let a, let arg): return f(a, arg)
        case .column, .value, .qualified: return self
        case .not(let e): return go(e).map { .not($0) }
        case .negate(let e): return go(e).map { .negate($0) }
        case .isNull(let e, let n): return go(e).map { .isNull($0, negated: n) }
        case .inside(let e, let p): return go(e).map { .inside($0, prefix: p) }
        case .binary(let op, let a, let b):
            guard let x = go(a), let y = go(b) else { return nil }
            return .binary(op, x, y)
        case .age(let a, let b):
            guard let x = go(a), let y = go(b) else { return nil }
            return .age(birth: x, on: y)
        case .between(let a, let b, let c, let n):
            guard let x = go(a), let y = go(b), let z = go(c) else { return nil }
            return .between(x, y, z, negated: n)
        case .member(let e, let xs, let n):
            guard let x = go(e) else { return nil }
            var items: [PlanExpr] = []
            for item in xs { guard let y = go(item) else { return nil }; items.append(y) }
            return .member(x, items, negated: n)
        case .function(let fn, let xs):
            var items: [PlanExpr] = []
            for item in xs { guard let y = go(item) else { return nil }; items.append(y) }
            return .function(fn, items)
        case .choose(let cases, let other):
            var out: [PlanExpr.Case] = []
            for c in cases {
                guard let w = go(c.when), let t = go(c.then) else { return nil }
                out.append(.init(when: w, then: t))
            }
            return go(other).map { .choose(out, otherwise: $0) }
        }
    }
}
