// SQLRenderer: writes a compiled SELECT as text in one dialect. Every value becomes a
// placeholder and joins the parameter list; the text holds only identifiers the schema
// declares, aliases the compiler made, and the dialect's own spelling. An equal value
// bound twice reuses its placeholder, so a grouping key repeated in the select list and
// ORDER BY is the same expression to the database: it is computed once per row and the
// groups' own order serves ORDER BY without a second sort.

struct SQLRenderer {
    let dialect: SQLDialect
    private(set) var parameters: [SQLValue] = []
    /// The placeholder number of each text or integer value already bound. Reals are not
    /// shared: 0.0 and -0.0 are equal but not the same value.
    private var numbers: [SQLValue: Int] = [:]

    init(dialect: SQLDialect) { self.dialect = dialect }

    mutating func select(_ s: Select) -> String {
        var sql = "SELECT " + (s.distinct ? "DISTINCT " : "")
        sql += s.columns.map { expr($0.value) + " AS " + dialect.quote($0.name) }.joined(separator: ", ")
        sql += " FROM " + from(s.from)
        for join in s.joins {
            sql += (join.kind == .left ? " LEFT JOIN " : " JOIN ") + from(join.item) + " ON " + expr(join.on)
        }
        if !s.filters.isEmpty { sql += " WHERE " + conjunction(s.filters) }
        if let groups = s.groups, !groups.isEmpty { sql += " GROUP BY " + groups.map { expr($0) }.joined(separator: ", ") }
        if !s.having.isEmpty { sql += " HAVING " + conjunction(s.having) }
        if !s.order.isEmpty {
            sql += " ORDER BY " + s.order.map { expr($0.value) + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
        }
        if let limit = s.limit { sql += " LIMIT " + String(limit) } else if s.fenced { sql += " " + dialect.subqueryFence }
        return sql
    }

    private mutating func from(_ item: FromItem) -> String {
        switch item {
        case .table(let name, let alias): return dialect.quote(name) + " AS " + alias
        case .query(let inner, let alias): return "(" + select(inner) + ") AS " + alias
        case .rows(let rows, let columns, let alias):
            let selects = rows.map { row in
                "SELECT " + zip(row, columns).map { expr(.value($0, .unknown)) + " AS " + dialect.quote($1) }
                    .joined(separator: ", ")
            }
            return "(" + selects.joined(separator: " UNION ALL ") + ") AS " + alias
        }
    }

    private mutating func conjunction(_ conditions: [PlanExpr]) -> String {
        conditions.map { expr($0) }.joined(separator: " AND ")
    }

    private mutating func bind(_ value: SQLValue) -> String {
        if let number = numbers[value] { return dialect.placeholder(number) }
        parameters.append(value)
        if case .real = value {} else { numbers[value] = parameters.count }
        return dialect.placeholder(parameters.count)
    }

    mutating func expr(_ e: PlanExpr) -> String {
        switch e {
        case .column(let name): return dialect.quote(name)
        case .qualified(let alias, let column): return alias + "." + dialect.quote(column)
        case .value(.null, _): return "NULL"
        case .value(let v, _): return bind(v)
        case .not(let a): return "(NOT " + expr(a) + ")"
        case .negate(let a): return "(- " + expr(a) + ")"
        case .binary(.divide, let a, let b): return dialect.divide(expr(a), expr(b))
        case .binary(let op, let a, let b): return "(" + expr(a) + " " + op.rawValue + " " + expr(b) + ")"
        case .isNull(let a, let negated): return "(" + expr(a) + (negated ? " IS NOT NULL)" : " IS NULL)")
        case .between(let a, let lo, let hi, let negated):
            return "(" + expr(a) + (negated ? " NOT BETWEEN " : " BETWEEN ") + expr(lo) + " AND " + expr(hi) + ")"
        case .member(let a, let items, let negated):
            guard !items.isEmpty else { return negated ? "(1 = 1)" : "(1 = 0)" }
            return "(" + expr(a) + (negated ? " NOT IN (" : " IN (") + items.map { expr($0) }.joined(separator: ", ") + "))"
        case .function(let f, let args):
            let rendered = args.map { expr($0) }
            guard let sql = dialect.function(f, rendered) else {
                preconditionFailure("\(f.rawValue) reached the renderer without a form in \(dialect.name)")
            }
            return sql
        case .age(let birth, let on): return dialect.age(birth: expr(birth), on: expr(on))
        case .inside(let code, let prefix):
            // Codes are digit strings: every code starting with the prefix sorts between
            // the prefix and the prefix followed by ':' (the character after '9').
            let c = expr(code)
            return "(" + c + " >= " + bind(.text(prefix)) + " AND " + c + " < " + bind(.text(prefix + ":")) + ")"
        case .aggregate(let a, let arg):
            return aggregate(a, arg)
        case .choose(let cases, let other):
            return "(CASE" + cases.map { " WHEN " + expr($0.when) + " THEN " + expr($0.then) }.joined()
                + " ELSE " + expr(other) + " END)"
        }
    }

    private mutating func aggregate(_ a: Aggregate, _ arg: PlanExpr?) -> String {
        let x = arg.map { expr($0) } ?? "*"
        switch a {
        case .count: return "COUNT(*)"
        case .countIf: return "COUNT(CASE WHEN " + x + " THEN 1 END)"
        case .share: return "(100.0 * COUNT(CASE WHEN " + x + " THEN 1 END) / NULLIF(COUNT(*), 0))"
        case .sum: return "SUM(" + x + ")"
        case .avg: return "AVG(" + x + ")"
        case .min: return "MIN(" + x + ")"
        case .max: return "MAX(" + x + ")"
        }
    }
}
