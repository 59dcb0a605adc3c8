// ControlStatisticsQueries: the SQL behind section 8, one GROUP BY per source, each
// grouped by the community code the rule places a record in (residence for people and
// deaths, the managing area of the mother's card for births). A marriage is placed by
// the wife the cross-check ties it to (by number, normalised number or evidence), at her
// register residence; one nobody or several people fit is unplaced, as is a death with
// no residence. A feed with no record in the period leaves its counts missing (empty,
// not 0). Every value is a bound parameter, coded values included. The count of
// married women is the long one; on a database file it runs in parts over the register's
// rowids, one connection each, while another runs the others and this one resolves the
// marriages, so the work shares the machine's cores.

import Foundation

struct ControlStatisticsQueries {
    let db: Database
    let period: StatisticsPeriod

    init(_ db: Database, period: StatisticsPeriod) {
        self.db = db
        self.period = period
    }

    /// What the period's feeds gave: the counts of every community code that has any,
    /// the feed records no area could hold, the counts whose feed has no record.
    struct Counts {
        var byCommunity: [String: AreaCounts]
        var unplaced: AreaCounts
        var missing: Set<AreaCount>
    }

    /// The counts of every community code that has any, with the unplaced and missing.
    /// The register's and WIS's counts run on other connections while this one resolves
    /// the marriages, the one part that is not a single query.
    func counts() throws -> Counts {
        let pending = try beginCountsByCommunity()
        var married: [String: AreaCounts] = [:]
        var unplaced = AreaCounts()
        var missing = Set<AreaCount>()
        let deaths = try db.query("SELECT count(*), sum(\(t("residence_area IS NULL"))) FROM deaths WHERE death_date BETWEEN \(p(1)) AND \(p(2))",
                                  periodParameters).first
        if deaths?[0].integer ?? 0 == 0 { missing.formUnion([.deaths, .naturalGrowth]) }
        unplaced[.deaths] = Int(deaths?[1].integer ?? 0)
        var anyMarriage = false
        try CaseResolver.eachMarriage(db) { c in
            guard c.record.eventDate >= period.start && c.record.eventDate <= period.end else { return }
            anyMarriage = true
            guard c.record.kind == "marry" || c.record.kind == "remarry" else { return }
            let entered = c.card?.marriageDate == c.record.eventDate ? 1 : 0
            guard c.link.ambiguousCandidates < 2, let home = c.subject?.residenceArea else {
                unplaced[.marriages] += 1
                unplaced[.marriagesEntered] += entered
                return
            }
            married[home, default: AreaCounts()][.marriages] += 1
            married[home, default: AreaCounts()][.marriagesEntered] += entered
        }
        if !anyMarriage { missing.formUnion([.marriages, .marriagesEntered]) }
        var byCommunity = try pending()
        for (home, counts) in married { byCommunity[home, default: AreaCounts()].add(counts) }
        return Counts(byCommunity: byCommunity, unplaced: unplaced, missing: missing)
    }

    /// The counts of every community code that has any, from the register, WIS and deaths.
    func countsByCommunity() throws -> [String: AreaCounts] {
        try beginCountsByCommunity()()
    }

    /// Starts the register, WIS and death counts and gives the wait for them. On a
    /// database file they run on other connections: the married women, the long count,
    /// in one part per core over the register's rowids (MorselAggregate.ranges; the
    /// counts of the parts add up), the others on one more; in memory, here and now.
    private func beginCountsByCommunity() throws -> () throws -> [String: AreaCounts] {
        let others: [(sql: String, parameters: [SQLValue], counts: [AreaCount])] = [
            (populationSQL, [], [.population]),
            (birthsSQL, birthParameters, [.births, .policyBirths, .maleBirths, .femaleBirths, .thirdPlusBirths,
                                          .pregnanciesEntered]),
            (deathsSQL, periodParameters, [.deaths]),
        ]
        let mwcbaCounts = [AreaCount.mwcba, .cardedMwcba, .contraceptionUsers]
        let ranges = try MorselAggregate.ranges(of: "persons", in: db) ?? [Int64.min...Int64.max]
        let queries: [[(sql: String, parameters: [SQLValue])]] = ranges.map { range in
            [(mwcbaPartSQL, mwcbaParameters + [.integer(range.lowerBound), .integer(range.upperBound)])]
        } + [others.map { ($0.sql, $0.parameters) }]
        let counts = ranges.map { _ in mwcbaCounts } + others.map(\.counts)
        let background = queries.compactMap { BackgroundQueries(path: db.path, $0) }
        return { [db] in
            let rows = background.count == queries.count
                ? try background.flatMap { try $0.rows() }
                : try queries.joined().map { try db.query($0.0, $0.1) }
            var result: [String: AreaCounts] = [:]
            for (found, names) in zip(rows, counts) { add(found, into: names, &result) }
            for code in result.keys { result[code]![.naturalGrowth] = result[code]![.births] - result[code]![.deaths] }
            return result
        }
    }

    /// Adds rows of (community code, counts...) to `result`.
    private func add(_ rows: [[SQLValue]], into counts: [AreaCount], _ result: inout [String: AreaCounts]) {
        for row in rows {
            guard let code = row[0].text else { continue }
            for (i, count) in counts.enumerated() {
                result[code, default: AreaCounts()][count] += Int(row[i + 1].integer ?? 0)
            }
        }
    }

    private func p(_ i: Int) -> String { db.dialect.placeholder(i) }
    /// A condition as the 0/1 that SUM counts, on either engine.
    private func t(_ condition: String) -> String { db.dialect.truthAsInteger(condition) }

    private var periodParameters: [SQLValue] { [.text(period.start.description), .text(period.end.description)] }

    private var populationSQL: String {
        "SELECT residence_area, COUNT(*) FROM persons WHERE residence_area IS NOT NULL GROUP BY residence_area"
    }

    /// Married women aged 15-49 in completed years at the period end: born after the
    /// day 50 years before it and on or before the day 15 years before it. Calendar
    /// months clamp to the month end, so a 29 February birthday turns a year older on
    /// 1 March in a common year, as `CivilDate.age(on:)` counts.
    var mwcbaParameters: [SQLValue] {
        let oldest = period.end.clampedAddingMonths(-50 * 12), youngest = period.end.clampedAddingMonths(-15 * 12)
        return [.text("F"), .text("married"), .text(oldest.description), .text(youngest.description),
                .text("active"), .text("none")]
    }

    var mwcbaSQL: String { mwcbaSQL(rowids: "") }

    /// The count over the register rows whose rowid lies between ?7 and ?8. `rowid + 0`
    /// keeps the part on the covering index one pass reads, testing each entry's rowid,
    /// where a search by rowid would read the table's rows.
    var mwcbaPartSQL: String { mwcbaSQL(rowids: " AND p.\(db.dialect.rowOrder) + 0 BETWEEN \(p(7)) AND \(p(8))") }

    /// The women are taken from the covering index, put in the order of their numbers and
    /// only then looked up among the active cards, once each: the card index is then read
    /// from one end to the other instead of a page per woman. In the order of the register's
    /// index (or of the GROUP BY, where SQLite evaluates the aggregates' arguments) every
    /// look-up fell on another page: at 3.6 million persons 885,000 page reads for 522,000
    /// women through SQLite's small cache, with a 12-million register of 2.4 million women
    /// the larger share of the statistics' time (docs/benchmarks.md, Scale). The subquery
    /// gives NULL for a woman with no active card, else whether one records a method.
    private func mwcbaSQL(rowids: String) -> String {
        let method = t("c.contraception IS NOT NULL AND c.contraception <> \(p(6))")
        return """
        WITH women AS MATERIALIZED (
            SELECT w.residence_area,
                   (SELECT max(\(method)) FROM wis_cards c WHERE c.woman_id = w.person_id AND c.status = \(p(5))) AS method
            FROM (SELECT p.person_id, p.residence_area FROM persons p
                  WHERE p.sex = \(p(1)) AND p.marital = \(p(2)) AND p.birth_date > \(p(3)) AND p.birth_date <= \(p(4))\(rowids)
                  ORDER BY p.person_id) w)
        SELECT residence_area, COUNT(*), COUNT(method), SUM(method) FROM women GROUP BY residence_area
        """
    }

    private var birthParameters: [SQLValue] {
        periodParameters + [.text("in"), .text("M"), .text("F"), .integer(3)]
    }

    private var birthsSQL: String {
        """
        SELECT c.managing_area, COUNT(*),
               SUM(\(t("ch.policy = \(p(3))"))), SUM(\(t("ch.sex = \(p(4))"))), SUM(\(t("ch.sex = \(p(5))"))),
               SUM(\(t("ch.birth_order >= \(p(6))"))),
               SUM(\(t("ch.pregnancy_recorded IS NOT NULL AND ch.pregnancy_recorded < ch.birth_date")))
        FROM wis_children ch JOIN wis_cards c ON c.card_no = ch.card_no
        WHERE ch.birth_date BETWEEN \(p(1)) AND \(p(2))
        GROUP BY c.managing_area
        """
    }

    private var deathsSQL: String {
        """
        SELECT residence_area, COUNT(*) FROM deaths
        WHERE death_date BETWEEN \(p(1)) AND \(p(2)) AND residence_area IS NOT NULL
        GROUP BY residence_area
        """
    }
}

/// Queries run in turn on their own connection to the same database file, on another
/// thread. They split the statistics between the machine's cores. Each connection reads
/// by copy into SQLite's small page cache, as MorselAggregate's do: mapped, the married
/// women's count (a card looked up per woman, all over the file) showed 231 MB for
/// `control_stats` on the 1.2-million city against 40 MB by copy, for 0.05 s more there
/// and nothing at 12 million (docs/benchmarks.md, "Reading by copy again").
final class BackgroundQueries: @unchecked Sendable {
    private let connection: Database
    private let finished = DispatchSemaphore(value: 0)
    // Written by the worker before it signals `finished`, read only after the wait.
    private var result: Result<[[[SQLValue]]], Error> = .success([])

    /// nil when the database has no file a second connection could open (an in-memory
    /// database) or the file cannot be opened again: the caller runs the queries itself.
    init?(path: String, _ queries: [(sql: String, parameters: [SQLValue])]) {
        // A server's connections are opened with credentials the path no longer shows.
        guard !path.isEmpty, path != ":memory:", !Database.isServer(path),
              let connection = try? Database(path: path, mode: .existing) else { return nil }
        self.connection = connection
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Result { try queries.map { try connection.query($0.sql, $0.parameters) } }
            finished.signal()
        }
    }

    /// Waits for every query's rows, in the order they were given.
    func rows() throws -> [[[SQLValue]]] {
        finished.wait()
        finished.signal()
        return try result.get()
    }
}

/// The statistics' own schema step: an index that holds everything the married-women
/// count reads, so it never visits the persons table (on the 1.2-million city the count
/// fell from 0.75 s of row lookups to an index-only range scan).
public enum StatisticsSchema {
    static let mwcbaIndex = (name: "idx_persons_mwcba_residence", table: "persons",
                             columns: ["sex", "marital", "birth_date", "residence_area", "person_id"])

    static func migrate(_ db: Database) throws {
        let d = db.dialect
        try db.execute("CREATE INDEX \(d.quote(mwcbaIndex.name)) ON \(d.quote(mwcbaIndex.table)) "
                       + "(\(d.quoteList(mwcbaIndex.columns)))")
    }
}
