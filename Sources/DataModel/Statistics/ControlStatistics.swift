// ControlStatistics: section 8's table. Counts are gathered once per community (the
// finest code the register, WIS and feeds carry) and rolled up to township, county and
// city by summing counts; every rate is then computed from its own numerator and
// denominator at its own level, never averaged from the rows below it. The names of the
// areas file are held in memory, so a few hundred rows are named without a query per
// row, and a user may name the `in:` area by its code or by its Chinese name.

/// The counts of one area, indexed by `AreaCount`.
public struct AreaCounts: Sendable, Equatable {
    private var values = [Int](repeating: 0, count: AreaCount.allCases.count)

    public init() {}

    public subscript(_ count: AreaCount) -> Int {
        get { values[AreaCounts.index[count]!] }
        set { values[AreaCounts.index[count]!] = newValue }
    }

    /// Adds every count of `other` (how an area collects the areas inside it).
    public mutating func add(_ other: AreaCounts) {
        for i in values.indices { values[i] += other.values[i] }
    }

    private static let index: [AreaCount: Int] = Dictionary(
        uniqueKeysWithValues: AreaCount.allCases.enumerated().map { ($1, $0) })
}

/// The days a statistic covers, both ends included; the register is read as it stands
/// at `end`.
public struct StatisticsPeriod: Sendable, Equatable, CustomStringConvertible {
    public let start: CivilDate
    public let end: CivilDate

    /// nil when `end` is before `start`.
    public init?(start: CivilDate, end: CivilDate) {
        guard start <= end else { return nil }
        self.start = start
        self.end = end
    }

    /// The calendar year.
    public static func year(_ year: Int) -> StatisticsPeriod? {
        guard let start = CivilDate(year: year, month: 1, day: 1),
              let end = CivilDate(year: year, month: 12, day: 31) else { return nil }
        return StatisticsPeriod(start: start, end: end)
    }

    public var description: String { "\(start) – \(end)" }
}

/// One row of the control-statistics table.
public struct AreaStatistics: Sendable {
    public let area: AreaCode
    /// The name in `areas`; empty for a code the areas file does not list.
    public let name: String
    public let counts: AreaCounts
    /// True for the total and subtotal rows above the requested level.
    public let isTotal: Bool
    /// Counts whose feed has no record in the period: empty, not 0.
    public var missing: Set<AreaCount> = []

    public var level: AreaLevel { area.level }

    /// The count, nil when its feed has no record in the period.
    public func count(_ count: AreaCount) -> Int? { missing.contains(count) ? nil : counts[count] }

    /// The rate of `indicator` here; nil when its denominator is zero or a count is missing.
    public func rate(_ indicator: Indicator) -> Double? {
        missing.contains(indicator.numerator) || missing.contains(indicator.denominator) ? nil : indicator.value(counts)
    }
}

/// Section 8's table with what its figures rest on.
public struct ControlStatisticsResult: Sendable {
    public let rows: [AreaStatistics]
    /// Feed records no area holds (no one, or several people, fit): deaths, marriages
    /// and the marriages among them entered in WIS.
    public let unplaced: AreaCounts
    /// Counts whose feed has no record in the period.
    public let missing: Set<AreaCount>

    /// The feeds with no record in the period, by name.
    public var missingFeeds: [String] {
        (missing.contains(.deaths) ? ["death"] : []) + (missing.contains(.marriages) ? ["marriage"] : [])
    }
}

/// Computes section 8's indicators for a period, by area.
public enum ControlStatistics {
    /// One row per area at `level` inside `scope`, preceded in code order by the
    /// scope's own total and a subtotal for every area between the two levels (for a
    /// township table of the city: the city, then each county before its townships).
    /// Areas listed in `areas` appear even when nothing was counted in them.
    public static func table(_ db: Database, period: StatisticsPeriod, by level: AreaLevel,
                             in scope: AreaCode = .city) throws -> [AreaStatistics] {
        try result(db, period: period, by: level, in: scope).rows
    }

    /// The table's rows with the period's unplaced feed records and missing feeds.
    public static func result(_ db: Database, period: StatisticsPeriod, by level: AreaLevel,
                              in scope: AreaCode = .city) throws -> ControlStatisticsResult {
        guard scope.level <= level, level >= .county else {
            throw StatisticsError("control statistics by \(level.rawValue) inside \(scope) (a \(scope.level.rawValue)) "
                                  + "cannot be made: choose a level below the area (county, township or community)")
        }
        let names = try AreaDirectory(db)
        let counts = try ControlStatisticsQueries(db, period: period).counts()
        var rows = rollUp(counts.byCommunity, to: level, in: scope, names: names)
        for i in rows.indices { rows[i].missing = counts.missing }
        return ControlStatisticsResult(rows: rows, unplaced: counts.unplaced, missing: counts.missing)
    }

    /// Sums community counts into the areas of every level from `scope` down to `level`.
    static func rollUp(_ communities: [String: AreaCounts], to level: AreaLevel, in scope: AreaCode,
                       names: AreaDirectory) -> [AreaStatistics] {
        let levels = AreaLevel.allCases.filter { $0 >= scope.level && $0 <= level }
        var totals: [AreaCode: AreaCounts] = [:]
        for code in names.codes(inside: scope) where levels.contains(code.level) {
            totals[code] = AreaCounts()
        }
        for (text, counts) in communities {
            guard let code = AreaCode(text), scope.contains(code) else { continue }
            for target in levels {
                guard let ancestor = code.ancestor(at: target) else { continue }
                totals[ancestor, default: AreaCounts()].add(counts)
            }
        }
        return totals.keys.sorted { $0.full < $1.full }.map { code in
            AreaStatistics(area: code, name: names[code], counts: totals[code]!, isTotal: code.level < level)
        }
    }
}

/// A request the statistics cannot answer, with what to do instead.
public struct StatisticsError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

// MARK: - area names, for the rows and for `in:`

public struct AreaDirectory: Sendable {
    private var byCode: [AreaCode: String] = [:]

    /// Reads the whole `areas` table.
    public init(_ db: Database) throws {
        for row in try db.query("SELECT code, name FROM areas") {
            guard let text = row[0].text, let code = AreaCode(text) else { continue }
            byCode[code] = row[1].text ?? ""
        }
    }

    /// The area's name, or "" when the areas file does not list it.
    public subscript(_ code: AreaCode) -> String { byCode[code] ?? "" }

    /// Every listed area inside `scope` (itself included).
    public func codes(inside scope: AreaCode) -> [AreaCode] {
        byCode.keys.filter { scope.contains($0) }
    }

    /// The area `text` names: a code (any of its short forms) or a name in `areas`.
    /// A name two areas share is refused with both codes, so the user can pick one.
    public func resolve(_ text: String) throws -> AreaCode {
        if let code = AreaCode(text) { return code }
        let matches = byCode.filter { $0.value == text }.keys.sorted { $0.full < $1.full }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            let near = byCode.values.filter { $0.contains(text) || text.contains($0) }.sorted().prefix(5)
            throw StatisticsError("no area is called \"\(text)\""
                                  + (near.isEmpty ? "; give a 12-digit code or a name from the areas file"
                                                  : "; did you mean \(near.joined(separator: ", "))?"))
        }
        throw StatisticsError("\"\(text)\" names \(matches.count) areas (\(matches.map(\.full).joined(separator: ", "))); "
                              + "give the code of the one you mean")
    }
}
