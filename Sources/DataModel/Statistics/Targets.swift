// Targets: the 考核目标 of spec section 8 as data a centre can change. Each row sets an
// indicator's target and the baseline it is reached from, from a year on: the targets
// in force in a year are, for each indicator, the row of the latest year at or before
// it. Migration 13 creates the table with the seed's three targets from year 0, so they
// hold for every year until a centre sets others.

/// The target one rate must reach.
public struct Target: Sendable, Equatable {
    /// The rate's column name (`info_coverage_rate`).
    public let indicator: String
    /// The first year the row holds (0: every year before a row of its own).
    public let year: Int
    /// The least rate that meets the target (in the rate's own unit, % for all three).
    public let target: Double
    /// Where the rate stood when the target was set; nil when none was given.
    public let baseline: Double?

    public init(indicator: String, year: Int, target: Double, baseline: Double?) {
        self.indicator = indicator
        self.year = year
        self.target = target
        self.baseline = baseline
    }

    /// True when `rate` falls short of the target (a rate exactly at it meets it).
    public func isMissed(by rate: Double) -> Bool { rate < target }
}

public enum Targets {
    static let table = TableDefinition(name: "targets", columns: [
        ColumnDefinition("year", .integer, notNull: true),      // first year the row holds; 0 for always
        ColumnDefinition("indicator", .text, notNull: true),    // a rate's column name
        ColumnDefinition("target", .real, notNull: true),
        ColumnDefinition("baseline", .real),
    ], primaryKey: ["year", "indicator"], uniqueKeys: [])

    /// The seed's three targets (spec section 8): coverage 85 → 95, new-marriage entry
    /// 80 → 98, service-indicator (pregnancy) entry 60 → 90.
    public static let defaults = [
        Target(indicator: "info_coverage_rate", year: 0, target: 95, baseline: 85),
        Target(indicator: "new_marriage_entry_rate", year: 0, target: 98, baseline: 80),
        Target(indicator: "pregnancy_entry_rate", year: 0, target: 90, baseline: 60),
    ]

    static func migrate(_ db: Database) throws {
        try db.execute(table.createStatement(db.dialect))
        for target in defaults { try set(target, in: db) }
    }

    /// Sets (or replaces) the row of `target.year` for its indicator.
    public static func set(_ target: Target, in db: Database) throws {
        guard Indicator.named(target.indicator) != nil else {
            throw StatisticsError("no rate is called \"\(target.indicator)\"; one of "
                                  + Indicator.all.map(\.name).joined(separator: ", "))
        }
        let d = db.dialect
        try db.execute("DELETE FROM \(d.quote(table.name)) WHERE year = \(d.placeholder(1)) AND indicator = \(d.placeholder(2))",
                       [.integer(Int64(target.year)), .text(target.indicator)])
        try db.execute("INSERT INTO \(d.quote(table.name)) (year, indicator, target, baseline) "
                       + "VALUES (\(d.placeholders(4)))",
                       [.integer(Int64(target.year)), .text(target.indicator), .real(target.target),
                        target.baseline.map(SQLValue.real) ?? .null])
    }

    /// The targets in force in `year`, in the order of `Indicator.all`.
    public static func inForce(_ db: Database, year: Int) throws -> [Target] {
        let d = db.dialect
        let rows = try db.query("""
            SELECT t.indicator, t.year, t.target, t.baseline FROM \(d.quote(table.name)) t
            WHERE t.year = (SELECT max(u.year) FROM \(d.quote(table.name)) u
                            WHERE u.indicator = t.indicator AND u.year <= \(d.placeholder(1)))
            """, [.integer(Int64(year))])
        let found = rows.compactMap { row -> Target? in
            guard let name = row[0].text, let target = number(row[2]) else { return nil }
            return Target(indicator: name, year: Int(row[1].integer ?? 0), target: target, baseline: number(row[3]))
        }
        return Indicator.all.compactMap { indicator in found.first { $0.indicator == indicator.name } }
    }

    /// A REAL column gives back an integer when the value was stored as a whole number.
    private static func number(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let r): return r
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
}
