// StatisticsPlanTests: the count of married women, the long query of the control
// statistics, must read one covering index and never the persons table (migration 6),
// or the 1.2-million city's statistics slow to row lookups; and it must look up their
// cards in the order of their numbers, before grouping, or each look-up reads a page.
// SQLite only: the plan read is SQLite's (EXPLAIN QUERY PLAN, its covering indexes).

@testable import DataModel
import XCTest

final class StatisticsPlanTests: XCTestCase {
    func testTheMarriedWomenCountReadsOnlyACoveringIndex() throws {
        let db = try ReportFixture.database.get()
        let queries = ControlStatisticsQueries(db, period: .year(2025)!)
        // One pass, and one part of the register's rowids (the count in parts, MorselAggregate).
        for (sql, parameters) in [(queries.mwcbaSQL, queries.mwcbaParameters),
                                  (queries.mwcbaPartSQL, queries.mwcbaParameters + [.integer(1), .integer(1000)])] {
            let plan = try db.query(db.dialect.explainQueryPlan(sql), parameters).compactMap { $0.last?.text }
            let persons = try XCTUnwrap(plan.first { $0.contains(" p ") })
            XCTAssertTrue(persons.contains("COVERING INDEX idx_persons_mwcba_residence"), plan.joined(separator: "\n"))
            XCTAssertEqual(plan.filter { $0.contains("wis_cards") || $0.contains(" c ") }
                .filter { !$0.contains("COVERING INDEX") }, [], "card probes read an index only")
            let ordered = try XCTUnwrap(plan.firstIndex { $0.contains("TEMP B-TREE FOR ORDER BY") }, plan.joined(separator: "\n"))
            let probe = try XCTUnwrap(plan.firstIndex { $0.contains(" c USING") }, plan.joined(separator: "\n"))
            let grouped = try XCTUnwrap(plan.firstIndex { $0.contains("TEMP B-TREE FOR GROUP BY") }, plan.joined(separator: "\n"))
            XCTAssertTrue(plan.firstIndex { $0.contains(" p ") }! < ordered && ordered < probe && probe < grouped,
                          "women sorted, then their cards looked up, then grouped:\n" + plan.joined(separator: "\n"))
        }
    }
}
