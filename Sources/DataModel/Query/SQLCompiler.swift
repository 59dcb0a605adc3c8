// SQLCompiler: fits a plan's steps into one SELECT, the way PRQL does: each step lands
// in its clause (WHERE, GROUP BY, HAVING, ORDER BY, LIMIT) while the clauses come in
// SQL's order, and a sub-query starts only when a step comes out of that order (a sort
// after a take, an aggregate after an aggregate). Column names are substituted by their
// expressions, so a derived column costs no sub-query either.

/// A FROM item: a table, a sub-query with the names of its columns, or a few rows of
/// constants.
indirect enum FromItem {
    case table(String, alias: String)
    case query(Select, alias: String)
    case rows([[SQLValue]], columns: [String], alias: String)

    var alias: String {
        switch self {
        case .table(_, let alias), .query(_, let alias), .rows(_, _, let alias): return alias
        }
    }
}

struct JoinClause {
    let item: FromItem
    let kind: JoinKind
    let on: PlanExpr
}

/// One SELECT statement under construction; `columns` are the visible columns, each an
/// expression over the FROM items.
struct Select {
    var from: FromItem
    var joins: [JoinClause] = []
    var columns: [(name: String, value: PlanExpr)]
    var filters: [PlanExpr] = []
    var groups: [PlanExpr]?
    var having: [PlanExpr] = []
    var order: [(value: PlanExpr, descending: Bool)] = []
    var limit: Int?
    var distinct = false
    /// Run as written, never merged into a query around it (see `SQLDialect.subqueryFence`).
    var fenced = false

    /// True when nothing but a plain table scan, filter and projection happened.
    var isSimple: Bool {
        joins.isEmpty && groups == nil && limit == nil && !distinct
    }
}

/// A compiled plan: SQL text for one dialect and the values bound to its placeholders.
public struct CompiledQuery: Sendable {
    public let sql: String
    public let parameters: [SQLValue]
    public let columns: [PlanColumn]
}

public struct SQLCompiler {
    let dialect: SQLDialect
    private var aliasCount = 0
    /// The table behind each alias, for rewrites that use stored derived columns.
    private var aliasTables: [String: String] = [:]
    /// The rowids of the plan's own table that a part of a split aggregate reads, and
    /// whether the range may lead the search (see `compile(_:rowids:seek:)`).
    private var sourceRows: (range: ClosedRange<Int64>, seek: Bool)?

    public init(dialect: SQLDialect) { self.dialect = dialect }

    /// The SELECT for `plan` over the rows of its table whose rowid lies in `rowids`
    /// (one part of an aggregate split by MorselAggregate). With `seek` the engine may
    /// go straight to the range in the table; without, the rowid is tested on each row
    /// of the path one pass would take (a covering index, read whole by every part,
    /// whose rows cost far less than the work each does on the rows it keeps).
    mutating func compile(_ plan: Plan, rowids: ClosedRange<Int64>, seek: Bool) -> CompiledQuery {
        sourceRows = (rowids, seek)
        return compile(plan)
    }

    /// The SELECT for `plan`.
    public mutating func compile(_ plan: Plan) -> CompiledQuery {
        let select = build(plan)
        var renderer = SQLRenderer(dialect: dialect)
        let sql = renderer.select(select)
        return CompiledQuery(sql: sql, parameters: renderer.parameters, columns: plan.columns)
    }

    /// `SELECT COUNT(*)` over the plan: counts rows without fetching them.
    public mutating func compileCount(_ plan: Plan) -> CompiledQuery {
        var inner = build(plan)
        if inner.limit == nil { inner.order = [] }
        let outer = Select(from: .query(inner, alias: nextAlias()),
                           columns: [("n", .aggregate(.count, nil))], groups: [])
        var renderer = SQLRenderer(dialect: dialect)
        let sql = renderer.select(outer)
        return CompiledQuery(sql: sql, parameters: renderer.parameters, columns: [PlanColumn("n", .integer)])
    }

    mutating func nextAlias() -> String {
        defer { aliasCount += 1 }
        return "t\(aliasCount)"
    }

    mutating func build(_ plan: Plan) -> Select {
        let alias = nextAlias()
        aliasTables[alias] = plan.source.table
        var select = Select(from: .table(plan.source.table, alias: alias),
                            columns: plan.source.columns.map { ($0.column.name, qualify($0.value, alias)) })
        if let rows = sourceRows {
            sourceRows = nil
            let rowid = PlanExpr.qualified(alias: alias, column: "rowid")
            // `rowid + 0` is no longer the table's key, so no search starts from it.
            let tested = rows.seek ? rowid : .binary(.add, rowid, .value(.integer(0), .integer))
            select.filters.append(.between(tested, .value(.integer(rows.range.lowerBound), .integer),
                                           .value(.integer(rows.range.upperBound), .integer), negated: false))
        }
        for step in plan.steps { select = apply(step, to: select) }
        return select
    }

    private mutating func apply(_ step: PlanStep, to current: Select) -> Select {
        var s = current
        switch step {
        case .filter(let condition):
            if s.limit != nil || s.distinct { s = wrap(s) }
            let resolved = optimize(substitute(condition, s.columns))
            if s.groups != nil { s.having.append(resolved) } else { s.filters.append(resolved) }
        case .derive(let items):
            if s.distinct { s = wrap(s) }
            for item in items {
                let value = substitute(item.value, s.columns)
                if let i = s.columns.firstIndex(where: { $0.name == item.name }) {
                    s.columns[i].value = value
                } else {
                    s.columns.append((item.name, value))
                }
            }
        case .select(let items):
            if s.distinct { s = wrap(s) }
            let env = s.columns
            s.columns = items.map { ($0.name, substitute($0.value, env)) }
        case .sort(let keys):
            if s.limit != nil || s.distinct { s = wrap(s) }
            s.order = keys.map { (substitute($0.value, s.columns), $0.descending) }
        case .take(let n):
            s.limit = min(s.limit ?? n, n)
        case .distinct:
            if s.limit != nil { s = wrap(s) }
            s.distinct = true
        case .aggregate(let groups, let values):
            if s.groups != nil || s.limit != nil || s.distinct { s = wrap(s) }
            let env = s.columns
            let keys = groups.map { ($0.name, substitute($0.value, env)) }
            let aggregates = values.map { ($0.name, substitute($0.value, env)) }
            if keys.count == 1, let counted = groupByOutcome(s, key: keys[0], values: aggregates) {
                s = counted
                break
            }
            s.groups = keys.map(\.1)
            s.columns = keys + aggregates
            // Rows come back ordered by their keys: a table by township reads in code order.
            s.order = keys.map { ($0.1, false) }
        case .join(let right, let leftColumn, let rightColumn, let kind):
            s = join(s, right, leftColumn, rightColumn, kind)
        }
        return s
    }

    private mutating func join(_ current: Select, _ right: Plan, _ leftColumn: String, _ rightColumn: String,
                               _ kind: JoinKind) -> Select {
        var s = current
        if s.groups != nil || s.limit != nil || s.distinct { s = wrap(s) }
        var other = build(right)
        let item: FromItem
        var extra: [PlanExpr] = []
        if case .table = other.from, other.isSimple {
            // A filtered table joins directly: its conditions move into ON, which keeps
            // a left join's unmatched rows and lets the engine use the table's indexes.
            item = other.from
            extra = other.filters
        } else {
            other.order = []
            let alias = nextAlias()
            let inner = other
            item = .query(inner, alias: alias)
            other.columns = inner.columns.map { ($0.name, .qualified(alias: alias, column: $0.name)) }
        }
        let leftKey = substitute(.column(leftColumn), s.columns)
        let rightKey = substitute(.column(rightColumn), other.columns)
        let on = ([PlanExpr.binary(.equal, leftKey, rightKey)] + extra).reduce(nil) { (acc: PlanExpr?, e) in
            acc.map { .binary(.and, $0, e) } ?? e
        }!
        s.joins.append(JoinClause(item: item, kind: kind, on: on))
        for column in other.columns {
            let name = Plan.joinedName(column.name, of: right.name, avoiding: s.columns.map(\.name))
            s.columns.append((name, column.value))
        }
        return s
    }

    /// Makes `inner` a sub-query and selects its columns by name.
    private mutating func wrap(_ inner: Select) -> Select {
        let alias = nextAlias()
        var outer = Select(from: .query(inner, alias: alias),
                           columns: inner.columns.map { ($0.name, .qualified(alias: alias, column: $0.name)) })
        // Keep the inner order where it is visible as an outer column; SQL does not
        // promise that a sub-query's order survives otherwise.
        var order: [(value: PlanExpr, descending: Bool)] = []
        for key in inner.order {
            guard let column = inner.columns.first(where: { $0.value == key.value }) else { order = []; break }
            order.append((.qualified(alias: alias, column: column.name), key.descending))
        }
        outer.order = order
        return outer
    }

    private func qualify(_ e: PlanExpr, _ alias: String) -> PlanExpr {
        e.mapColumns { .qualified(alias: alias, column: $0) }
    }

    private func substitute(_ e: PlanExpr, _ env: [(name: String, value: PlanExpr)]) -> PlanExpr {
        e.mapColumns { name in env.first { $0.name == name }?.value ?? .column(name) }
    }

    private func optimize(_ e: PlanExpr) -> PlanExpr {
        PlanRewrites(aliasTables: aliasTables).rewrite(e)
    }
}

extension PlanExpr {
    /// The expression with every `.column(name)` replaced by `f(name)`.
    func mapColumns(_ f: (String) -> PlanExpr) -> PlanExpr {
        switch self {
        case .column(let n): return f(n)
        case .value, .qualified: return self
        case .not(let e): return .not(e.mapColumns(f))
        case .negate(let e): return .negate(e.mapColumns(f))
        case .binary(let op, let a, let b): return .binary(op, a.mapColumns(f), b.mapColumns(f))
        case .isNull(let e, let n): return .isNull(e.mapColumns(f), negated: n)
        case .between(let a, let b, let c, let n): return .between(a.mapColumns(f), b.mapColumns(f), c.mapColumns(f), negated: n)
        case .member(let e, let xs, let n): return .member(e.mapColumns(f), xs.map { $0.mapColumns(f) }, negated: n)
        case .function(let fn, let xs): return .function(fn, xs.map { $0.mapColumns(f) })
        case .age(let b, let on): return .age(birth: b.mapColumns(f), on: on.mapColumns(f))
        case .inside(let e, let p): return .inside(e.mapColumns(f), prefix: p)
        case .aggregate(let a, let e): return .aggregate(a, e?.mapColumns(f))
        case .choose(let cases, let other):
            return .choose(cases.map { .init(when: $0.when.mapColumns(f), then: $0.then.mapColumns(f)) },
                           otherwise: other.mapColumns(f))
        }
    }
}
