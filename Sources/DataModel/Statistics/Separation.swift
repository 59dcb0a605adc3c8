// Separation: section 7's classes of residence and hukou at an area level on a
// reference day. The class is computed by the database for the whole register at once
// into a temporary table keyed by person_id, which a table pipeline then joins: one
// pass over 1.2 million persons, instead of a CASE re-evaluated in every query.

/// The section-7 class of one person.
public enum SeparationClass: String, CaseIterable, Sendable {
    case local, inflow, outflow, recent
}

/// Where and when separation is judged.
public struct SeparationRule: Sendable {
    /// Hukou and residence are compared at this level (township by default).
    public let level: AreaLevel
    /// The reference day.
    public let day: CivilDate

    public init(level: AreaLevel = .township, on day: CivilDate) throws {
        guard level >= .city else {
            throw StatisticsError("separation is judged at community, township, county or city level, "
                                  + "not \(level.rawValue)")
        }
        self.level = level
        self.day = day
    }

    /// A separated person whose residence began after this day is `recent`: the day six
    /// calendar months before the reference day, clamped to a shorter month's end
    /// (2025-06-30 for 2025-12-31).
    public var recentAfter: CivilDate { day.addingMonths(-6)! }

    /// Bound values shared by the statements below: ?1 prefix length at the level,
    /// ?2 the city's prefix length, ?3 the city's prefix.
    var areaParameters: [SQLValue] {
        [.integer(Int64(level.prefixLength)), .integer(Int64(AreaCode.city.prefix.count)), .text(AreaCode.city.prefix)]
    }

    /// SQL for "the two codes lie in the same area of the level" over persons `a` and `b`.
    func sameArea(_ a: String, _ b: String, _ dialect: SQLDialect) -> String {
        "substr(\(a), 1, \(dialect.placeholder(1))) = substr(\(b), 1, \(dialect.placeholder(1)))"
    }

    func inCity(_ code: String, _ dialect: SQLDialect) -> String {
        "substr(\(code), 1, \(dialect.placeholder(2))) = \(dialect.placeholder(3))"
    }
}

public enum Separation {
    /// The columns `separation` adds to a table.
    public static let columns = [PlanColumn("separation", .text), PlanColumn("within_city", .bool)]

    /// `plan` (which must have `person_id`) with `separation` and `within_city` added,
    /// replacing columns of those names it already has. A person the register does not
    /// hold gets null in both.
    public static func adding(to plan: Plan, _ rule: SeparationRule, in db: Database) throws -> Plan {
        guard plan.hasColumn("person_id") else {
            throw StatisticsError("separation needs a table of persons with a person_id column; "
                                  + "\(plan.name) has \(plan.columns.map(\.name).joined(separator: ", "))")
        }
        let classes = try classify(rule, in: db)
        let joined = plan.adding(.join(classes, left: "person_id", right: "person_id", kind: .left))
        let added = joined.columns.suffix(columns.count + 1).dropFirst().map(\.name)
        var kept: [(name: String, value: PlanExpr)] = plan.columns
            .filter { column in !columns.contains { $0.name == column.name } }
            .map { ($0.name, .column($0.name)) }
        for (column, name) in zip(columns, added) { kept.append((column.name, .column(name))) }
        return joined.adding(.select(kept))
    }

    /// A plan over a new temporary table holding every register person's class.
    public static func classify(_ rule: SeparationRule, in db: Database) throws -> Plan {
        let d = db.dialect
        let table = try TemporaryTable.create(in: db, prefix: "separation", columns: [
            ColumnDefinition("person_id", .text, notNull: true),
            ColumnDefinition("separation", .text), ColumnDefinition("within_city", .integer),
        ], key: ["person_id"])
        let same = rule.sameArea("hukou_area", "residence_area", d)
        let hukouHere = rule.inCity("hukou_area", d), livesHere = rule.inCity("residence_area", d)
        // Someone neither registered nor living in the city belongs to no class (null).
        try db.execute("""
            INSERT INTO \(d.quote(table.name)) (person_id, separation, within_city)
            SELECT person_id,
                   CASE WHEN \(same) THEN \(d.placeholder(5))
                        WHEN NOT (\(livesHere)) AND NOT (\(hukouHere)) THEN NULL
                        WHEN residence_since > \(d.placeholder(4)) THEN \(d.placeholder(6))
                        WHEN \(livesHere) THEN \(d.placeholder(7))
                        ELSE \(d.placeholder(8)) END,
                   NOT (\(same)) AND (\(livesHere)) AND (\(hukouHere))
            FROM persons
            """, rule.areaParameters + [.text(rule.recentAfter.description)]
                + [SeparationClass.local, .recent, .inflow, .outflow].map { .text($0.rawValue) })
        return table.plan(name: "separation", kinds: ["within_city": .bool])
    }
}

/// A temporary table made for one result; it lives as long as the connection, so a
/// lazy table built on it stays valid for the rest of the session.
struct TemporaryTable {
    let name: String
    let columns: [ColumnDefinition]

    /// Creates `prefix_N` with the first N not yet taken on this connection.
    static func create(in db: Database, prefix: String, columns: [ColumnDefinition],
                       key: [String]) throws -> TemporaryTable {
        let taken = Set(try db.query("SELECT name FROM temp.sqlite_master WHERE type = 'table'").compactMap { $0[0].text })
        var n = 1
        while taken.contains("\(prefix)_\(n)") { n += 1 }
        let table = TableDefinition(name: "\(prefix)_\(n)", columns: columns, primaryKey: key, uniqueKeys: [])
        let create = table.createStatement(db.dialect)
        precondition(create.hasPrefix("CREATE TABLE "), "a table definition starts with CREATE TABLE")
        try db.execute("CREATE TEMP TABLE " + create.dropFirst("CREATE TABLE ".count))
        return TemporaryTable(name: table.name, columns: columns)
    }

    /// A plan that reads the whole table, with each column's kind as popsh shows it.
    func plan(name: String, kinds: [String: ValueKind] = [:]) -> Plan {
        Plan(name: name, source: PlanSource(table: self.name, columns: columns.map { column in
            let kind = kinds[column.name] ?? TemporaryTable.kind(of: column)
            return (PlanColumn(column.name, kind), .column(column.name))
        }))
    }

    private static func kind(of column: ColumnDefinition) -> ValueKind {
        switch column.type {
        case .text: return .text
        case .integer, .serialKey: return .integer
        case .real: return .real
        case .date: return .date
        }
    }
}
