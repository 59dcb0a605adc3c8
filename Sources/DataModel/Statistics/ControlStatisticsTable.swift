// ControlStatisticsTable: section 8's rows as a table the language can show, filter,
// export and print: area, name and level, then each count beside the rates built on
// it. The rows are few (one per area), so they are written to a temporary table and
// read back through an ordinary plan. Such a temporary table lives as long as the
// connection, so a lazy table value built on it stays valid for the whole session.

/// A column of the control-statistics table: a count or a rate.
public enum StatisticsColumn: Sendable {
    case count(AreaCount)
    case rate(Indicator)

    public var name: String {
        switch self {
        case .count(let c): return c.rawValue
        case .rate(let i): return i.name
        }
    }

    /// The heading in a report.
    public func label(_ language: ReportLanguage) -> String {
        switch self {
        case .count(let c): return c.label(language)
        case .rate(let i): return i.unit.isEmpty ? i.label(language) : "\(i.label(language))(\(i.unit))"
        }
    }

    /// The column named `name`, when it is one of the table's.
    public static func named(_ name: String) -> StatisticsColumn? {
        ControlStatistics.columns.first { $0.name == name }
    }
}

extension ControlStatistics {
    /// The `area` and `level` of the line counting the period's feed records tied to no
    /// area, and of the line naming the feeds with no record in the period: notes under
    /// a table, not areas (a chart or a count of areas leaves them out).
    public static let unplacedRow = "unplaced", missingRow = "missing"

    /// The columns after area, name and level: each rate follows the counts it divides.
    public static let columns: [StatisticsColumn] = [
        .count(.population), .count(.births), .rate(Indicator.named("birth_rate")!),
        .count(.deaths), .rate(Indicator.named("death_rate")!),
        .count(.naturalGrowth), .rate(Indicator.named("natural_growth_rate")!),
        .count(.policyBirths), .rate(Indicator.named("policy_birth_rate")!),
        .count(.maleBirths), .count(.femaleBirths), .rate(Indicator.named("sex_ratio_at_birth")!),
        .count(.thirdPlusBirths), .rate(Indicator.named("third_plus_rate")!),
        .count(.mwcba), .count(.contraceptionUsers), .rate(Indicator.named("contraceptive_prevalence")!),
        .count(.cardedMwcba), .rate(Indicator.named("info_coverage_rate")!),
        .count(.marriages), .count(.marriagesEntered), .rate(Indicator.named("new_marriage_entry_rate")!),
        .count(.pregnanciesEntered), .rate(Indicator.named("pregnancy_entry_rate")!),
    ]

    /// The table as a plan over a new temporary table; `total` is true on the total and
    /// subtotal rows. A rate whose denominator is zero is NULL, and so is a count whose
    /// feed has no record in the period (and the rates built on it). After the areas, an
    /// `unplaced` row counts the feed records no area holds, and a `missing` row names
    /// the feeds with no record in the period.
    public static func plan(_ db: Database, period: StatisticsPeriod, by level: AreaLevel,
                            in scope: AreaCode = .city) throws -> Plan {
        let result = try result(db, period: period, by: level, in: scope)
        let rows = result.rows
        let table = try TemporaryTable.create(in: db, prefix: "control_stats", columns: [
            ColumnDefinition("area", .text, notNull: true), ColumnDefinition("name", .text),
            ColumnDefinition("level", .text), ColumnDefinition("total", .integer),
        ] + columns.map { column in
            if case .rate = column { return ColumnDefinition(column.name, .real) }
            return ColumnDefinition(column.name, .integer)
        }, key: ["area"])
        let d = db.dialect
        let names = ["area", "name", "level", "total"] + columns.map(\.name)
        let insert = try db.prepare("INSERT INTO \(d.quote(table.name)) (\(d.quoteList(names))) "
                                    + "VALUES (\(d.placeholders(names.count)))")
        try db.transaction {
            for row in rows {
                var values: [SQLValue] = [.text(row.area.full), .text(row.name), .text(row.level.rawValue),
                                          .integer(row.isTotal ? 1 : 0)]
                for column in columns {
                    switch column {
                    case .count(let c): values.append(row.count(c).map { .integer(Int64($0)) } ?? .null)
                    case .rate(let i): values.append(row.rate(i).map(SQLValue.real) ?? .null)
                    }
                }
                try insert.bind(values)
                while try insert.step() {}
            }
            // Only feed counts can be unplaced; the register and WIS counts stay empty there.
            let feedCounts: Set<AreaCount> = [.deaths, .marriages, .marriagesEntered]
            let unplaced = ControlStatistics.unplacedRow
            try insert.bind([.text(unplaced), .text("未能定位"), .text(unplaced), .integer(0)] + columns.map {
                guard case .count(let c) = $0, feedCounts.contains(c), !result.missing.contains(c) else { return .null }
                return .integer(Int64(result.unplaced[c]))
            })
            while try insert.step() {}
            if !result.missingFeeds.isEmpty {
                let missing = ControlStatistics.missingRow
                try insert.bind([.text(missing), .text("无记录: " + result.missingFeeds.joined(separator: ", ")),
                                 .text(missing), .integer(0)] + columns.map { _ in SQLValue.null })
                while try insert.step() {}
            }
        }
        return table.plan(name: "control_stats", kinds: ["total": .bool])
    }
}

// MARK: - result tables of one call

struct TemporaryTable {
    let name: String
    let columns: [ColumnDefinition]

    /// Creates `prefix_N` with the first N not yet taken on this connection.
    static func create(in db: Database, prefix: String, columns: [ColumnDefinition],
                       key: [String]) throws -> TemporaryTable {
        let taken = try db.engine.temporaryTables()
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
