// Separation: section 7's classes of residence and hukou at an area level on a
// reference day. `adding(to:)` derives the class as one CASE over each row's own codes,
// so a pipeline that filters or counts by it stays a single SQL statement. The two
// household flags the seed names among the separations hardest to manage are here too:
// the half household (半边户), a married couple whose hukou lie in different areas of the
// level, and the pocket household (口袋户), a person with a collective hukou living
// outside the hukou's area; each list carries the evidence a worker checks before a visit.

/// The section-7 class of one person.
public enum SeparationClass: String, CaseIterable, Sendable {
    case local, inflow, outflow, recent, outside
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
    public var recentAfter: CivilDate { day.clampedAddingMonths(-6) }

    /// The significant digits at the level, bound as ?1 wherever `sameArea` is used.
    var prefixLength: SQLValue { .integer(Int64(level.prefixLength)) }

    /// SQL for "the two codes lie in the same area of the level" (?1 is `prefixLength`).
    func sameArea(_ a: String, _ b: String, _ dialect: SQLDialect) -> String {
        "substr(\(a), 1, \(Self.length(dialect))) = substr(\(b), 1, \(Self.length(dialect)))"
    }

    /// ?1 as substr's length: PostgreSQL takes a bound integer for a 64-bit one, and has
    /// no substr of that type.
    static func length(_ dialect: SQLDialect) -> String { "CAST(\(dialect.placeholder(1)) AS INTEGER)" }
}

public enum Separation {
    /// The columns `separation` adds to a table.
    public static let columns = [PlanColumn("separation", .text), PlanColumn("within_city", .bool)]

    /// The register columns the rule reads.
    public static let inputs = ["hukou_area", "residence_area", "residence_since"]

    /// `plan` with `separation` and `within_city` derived from its `hukou_area`,
    /// `residence_area` and `residence_since` (replacing columns of those names).
    public static func adding(to plan: Plan, _ rule: SeparationRule) throws -> Plan {
        let missing = inputs.filter { !plan.hasColumn($0) }
        guard missing.isEmpty else {
            throw StatisticsError("separation needs a table of persons with \(inputs.joined(separator: ", ")); "
                                  + "\(plan.name) lacks \(missing.joined(separator: ", "))")
        }
        func text(_ s: String) -> PlanExpr { .value(.text(s), .text) }
        let length = PlanExpr.value(.integer(Int64(rule.level.prefixLength)), .integer)
        let zero = PlanExpr.value(.integer(0), .integer)
        let same = PlanExpr.binary(.equal, .function(.substr, [.column("hukou_area"), zero, length]),
                                   .function(.substr, [.column("residence_area"), zero, length]))
        let livesHere = PlanExpr.inside(.column("residence_area"), prefix: AreaCode.city.prefix)
        let hukouHere = PlanExpr.inside(.column("hukou_area"), prefix: AreaCode.city.prefix)
        let recent = PlanExpr.binary(.greater, .column("residence_since"), .value(.text(rule.recentAfter.description), .date))
        // Someone neither registered nor living in the city is `outside` at every level,
        // before any other rule: two codes in the same county elsewhere are not `local`.
        let separation = PlanExpr.choose([
            .init(when: .binary(.and, .not(livesHere), .not(hukouHere)), then: text(SeparationClass.outside.rawValue)),
            .init(when: same, then: text(SeparationClass.local.rawValue)),
            .init(when: recent, then: text(SeparationClass.recent.rawValue)),
            .init(when: livesHere, then: text(SeparationClass.inflow.rawValue)),
        ], otherwise: text(SeparationClass.outflow.rawValue))
        let withinCity = PlanExpr.binary(.and, .not(same), .binary(.and, livesHere, hukouHere))
        return plan.adding(.derive([("separation", separation), ("within_city", withinCity)]))
    }
}

// MARK: - the household flags of the seed

public enum Households {
    /// Couples of the register (husband's spouse_id names the wife, both married) whose
    /// hukou lie in different areas at `rule.level`, one row per couple, with the wife's
    /// age on the reference day and her active WIS card (the lowest card number when
    /// she has two), which says who manages the family.
    public static func half(_ rule: SeparationRule, in db: Database) throws -> Plan {
        let d = db.dialect
        let table = try TemporaryTable.create(in: db, prefix: "half_households", columns: [
            ColumnDefinition("husband_id", .text, notNull: true), ColumnDefinition("husband_name", .text),
            ColumnDefinition("husband_hukou", .text), ColumnDefinition("husband_residence", .text),
            ColumnDefinition("wife_id", .text, notNull: true), ColumnDefinition("wife_name", .text),
            ColumnDefinition("wife_age", .integer), ColumnDefinition("wife_hukou", .text),
            ColumnDefinition("wife_residence", .text), ColumnDefinition("wife_card", .text),
            ColumnDefinition("card_area", .text), ColumnDefinition("evidence", .text),
        ], key: ["husband_id", "wife_id"])
        let p = d.placeholder
        // CROSS JOIN keeps the husbands as the outer loop, one pass over the table in
        // rowid order, so the parts of a large register (MorselAggregate) each read their
        // own husbands; found through the cohort index instead, a quarter of the register
        // costs a row lookup each (1.9 s against 1.35 s in one pass on the 1.2-million city).
        try insertInParts(into: table.name, db, """
            SELECT h.person_id, h.name, h.hukou_area, h.residence_area,
                   w.person_id, w.name, \(d.age(birth: "w.birth_date", on: p(2))), w.hukou_area, w.residence_area,
                   (SELECT min(c.card_no) FROM wis_cards c WHERE c.woman_id = w.person_id AND c.status = \(p(4))),
                   (SELECT min(c.managing_area) FROM wis_cards c WHERE c.woman_id = w.person_id AND c.status = \(p(4))),
                   substr(h.hukou_area, 1, \(SeparationRule.length(d))) || \(p(3))
                       || substr(w.hukou_area, 1, \(SeparationRule.length(d)))
            FROM persons h
            \(d.orderedJoin) persons w ON w.person_id = h.spouse_id
            WHERE h.\(d.rowOrder) BETWEEN \(p(8)) AND \(p(9))
              AND \(d.withoutIndex)h.sex = \(p(5)) AND w.sex = \(p(6))
              AND \(d.withoutIndex)h.marital = \(p(7)) AND w.marital = \(p(7))
              AND NOT (\(rule.sameArea("h.hukou_area", "w.hukou_area", d)))
            """, [rule.prefixLength, .text(rule.day.description), .text(" ≠ "), .text("active"),
                  .text("M"), .text("F"), .text("married")])
        return table.plan(name: "half_households")
    }

    /// Persons with a collective hukou (a police station, school or employer address)
    /// who live outside the hukou's area at `rule.level`, with their work unit and how
    /// long they have lived where they are; `recent` marks a move within six months.
    public static func pocket(_ rule: SeparationRule, in db: Database) throws -> Plan {
        let d = db.dialect
        let table = try TemporaryTable.create(in: db, prefix: "pocket_households", columns: [
            ColumnDefinition("person_id", .text, notNull: true), ColumnDefinition("name", .text),
            ColumnDefinition("sex", .text), ColumnDefinition("age", .integer),
            ColumnDefinition("hukou_area", .text), ColumnDefinition("residence_area", .text),
            ColumnDefinition("address", .text), ColumnDefinition("unit_code", .text),
            ColumnDefinition("unit_name", .text), ColumnDefinition("residence_since", .date),
            ColumnDefinition("recent", .integer), ColumnDefinition("evidence", .text),
        ], key: ["person_id"])
        let select = pocketSelect(rule, d)
        try db.execute("INSERT INTO \(d.quote(table.name)) " + select.sql, select.parameters)
        return table.plan(name: "pocket_households", kinds: ["recent": .bool])
    }

    /// The rows of `pocket`. The kind is written as the constant of the partial index
    /// (migration 15), which SQLite uses only for a query naming it: 7,500 rows read
    /// instead of the register's 1.2 million.
    static func pocketSelect(_ rule: SeparationRule, _ d: SQLDialect) -> (sql: String, parameters: [SQLValue]) {
        let p = d.placeholder
        return ("""
            SELECT p.person_id, p.name, p.sex, \(d.age(birth: "p.birth_date", on: p(2))),
                   p.hukou_area, p.residence_area, p.address, p.unit_code, u.name, p.residence_since,
                   coalesce(\(d.truthAsInteger("p.residence_since > \(p(3))")), 0),
                   substr(p.hukou_area, 1, \(SeparationRule.length(d))) || \(p(4))
                       || substr(p.residence_area, 1, \(SeparationRule.length(d)))
            FROM persons p LEFT JOIN units u ON u.unit_code = p.unit_code
            WHERE p.hukou_kind = '\(QueryIndexes.collectiveHukou.kind)'
              AND NOT (\(rule.sameArea("p.hukou_area", "p.residence_area", d)))
            """, [rule.prefixLength, .text(rule.day.description), .text(rule.recentAfter.description), .text(" ≠ ")])
    }

    /// Fills `table` with the rows of `select`, whose last two parameters bound the rowids
    /// of the register it scans: over rowid ranges on parallel connections
    /// when the register is large (MorselAggregate), the parts' rows added in range order,
    /// so the table is the same as one pass over the whole register gives.
    private static func insertInParts(into table: String, _ db: Database,
                                      _ select: String, _ parameters: [SQLValue]) throws {
        let d = db.dialect
        guard let ranges = try MorselAggregate.ranges(of: "persons", in: db) else {
            try db.execute("INSERT INTO \(d.quote(table)) " + select,
                           parameters + [.integer(Int64.min), .integer(Int64.max)])
            return
        }
        let rows = try MorselAggregate.rows(ranges, path: db.path) { connection, range in
            try connection.query(select, parameters + [.integer(range.lowerBound), .integer(range.upperBound)])
        }
        guard let width = rows.first?.count else { return }
        let insert = "INSERT INTO \(d.quote(table)) VALUES (\((1...width).map { d.placeholder($0) }.joined(separator: ", ")))"
        for row in rows { try db.execute(insert, row) }
    }
}
