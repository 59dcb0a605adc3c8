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
        sql += s.columns.map { value($0.value) + " AS " + dialect.quote($0.name) }.joined(separator: ", ")
        sql += " FROM " + from(s.from)
        for join in s.joins {
            sql += (join.kind == .left ? " LEFT JOIN " : " JOIN ") + from(join.item) + " ON " + condition(join.on)
        }
        if !s.filters.isEmpty { sql += " WHERE " + conjunction(s.filters) }
        if let groups = s.groups, !groups.isEmpty { sql += " GROUP BY " + groups.map { value($0) }.joined(separator: ", ") }
        if !s.having.isEmpty { sql += " HAVING " + conjunction(s.having) }
        if !s.order.isEmpty {
            sql += " ORDER BY " + s.order.map { value($0.value) + dialect.ordering(descending: $0.descending) }.joined(separator: ", ")
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
        conditions.map { condition($0) }.joined(separator: " AND ")
    }

    private mutating func bind(_ value: SQLValue) -> String {
        if let number = numbers[value] { return dialect.placeholder(number) }
        parameters.append(value)
        if case .real = value {} else { numbers[value] = parameters.count }
        return dialect.placeholder(parameters.count)
    }

    /// `e` where SQL wants a truth value. popsh's bools are stored and bound as 0/1; an
    /// engine with a boolean type of its own (PostgreSQL) compares such a value with 0.
    private mutating func condition(_ e: PlanExpr) -> String {
        let sql = expr(e)
        return dialect.booleansAreIntegers || Self.isTruth(e) ? sql : "(" + sql + " <> 0)"
    }

    /// `e` where SQL wants a value: a comparison's truth becomes 0/1 on an engine whose
    /// booleans are not integers, so it sums, groups and compares as on SQLite.
    private mutating func value(_ e: PlanExpr) -> String {
        let sql = expr(e)
        return dialect.booleansAreIntegers || !Self.isTruth(e) ? sql : "CAST(" + sql + " AS INTEGER)"
    }

    /// True when `e` renders as a truth value rather than a number.
    private static func isTruth(_ e: PlanExpr) -> Bool {
        switch e {
        case .not, .isNull, .between, .member, .inside: return true
        case .binary(let op, _, _): return op.isComparison || op == .and || op == .or
        case .function(let f, _): return [.startsWith, .endsWith, .contains, .idValid].contains(f)
        default: return false
        }
    }

    mutating func expr(_ e: PlanExpr) -> String {
        switch e {
        case .column(let name): return dialect.quote(name)
        case .qualified(let alias, let column): return alias + "." + dialect.quote(column)
        case .value(.null, _): return "NULL"
        case .value(let v, _): return bind(v)
        case .not(let a): return "(NOT " + condition(a) + ")"
        case .negate(let a): return "(- " + value(a) + ")"
        case .binary(.divide, let a, let b): return dialect.divide(value(a), value(b))
        case .binary(let op, let a, let b) where op == .and || op == .or:
            return "(" + condition(a) + " " + op.rawValue + " " + condition(b) + ")"
        case .binary(let op, let a, let b): return "(" + value(a) + " " + op.rawValue + " " + value(b) + ")"
        case .isNull(let a, let negated): return "(" + expr(a) + (negated ? " IS NOT NULL)" : " IS NULL)")
        case .between(let a, let lo, let hi, let negated):
            return "(" + value(a) + (negated ? " NOT BETWEEN " : " BETWEEN ") + value(lo) + " AND " + value(hi) + ")"
        case .member(let a, let items, let negated):
            guard !items.isEmpty else { return negated ? "(1 = 1)" : "(1 = 0)" }
            return "(" + value(a) + (negated ? " NOT IN (" : " IN (") + items.map { value($0) }.joined(separator: ", ") + "))"
        case .function(let f, let args):
            let rendered = args.map { value($0) }
            guard let sql = dialect.function(f, rendered) else {
                preconditionFailure("\(f.rawValue) reached the renderer without a form in \(dialect.name)")
            }
            return sql
        case .age(let birth, let on): return dialect.age(birth: value(birth), on: value(on))
        case .inside(let code, let prefix):
            // Codes are digit strings: every code starting with the prefix sorts between
            // the prefix and the prefix followed by ':' (the character after '9').
            let c = value(code)
            return "(" + c + " >= " + bind(.text(prefix)) + " AND " + c + " < " + bind(.text(prefix + ":")) + ")"
        case .aggregate(let a, let arg):
            return aggregate(a, arg)
        case .choose(let cases, let other):
            return "(CASE" + cases.map { " WHEN " + condition($0.when) + " THEN " + value($0.then) }.joined()
                + " ELSE " + value(other) + " END)"
        }
    }

    /// Each form renders its argument once: a rendering binds the argument's values
    /// (a real each time), and a second would leave a value no placeholder names.
    private mutating func aggregate(_ a: Aggregate, _ arg: PlanExpr?) -> String {
        switch a {
        case .count: return "COUNT(*)"
        case .countIf: return "COUNT(CASE WHEN " + (arg.map { condition($0) } ?? "*") + " THEN 1 END)"
        case .share:
            return "(100.0 * COUNT(CASE WHEN " + (arg.map { condition($0) } ?? "*") + " THEN 1 END) / NULLIF(COUNT(*), 0))"
        case .sum: return "SUM(" + (arg.map { value($0) } ?? "*") + ")"
        case .avg: return "AVG(" + (arg.map { value($0) } ?? "*") + ")"
        case .min: return "MIN(" + (arg.map { value($0) } ?? "*") + ")"
        case .max: return "MAX(" + (arg.map { value($0) } ?? "*") + ")"
        }
    }
}
