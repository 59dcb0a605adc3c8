// A run's findings are stored feed by feed, each feed's in the order its records were
// loaded, although the cross-check hands over the records it linked by evidence after
// the others (CaseResolver.forEachCase): what an analyst lists without sorting reads as
// the departments' files did. Each test runs on every engine.

import EngineSupport
import XCTest
@testable import DataModel

final class FindingOrderTests: XCTestCase {
    func testFindingsFollowTheFeedsAndTheirLoadOrder() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let run = try Crosschecker(database: db).run(.all)
            let rows = try db.query("SELECT feed, record_no, match FROM crosscheck_findings WHERE run_id = ?1 "
                                    + "ORDER BY \(db.dialect.rowOrder)", [.integer(run.id)])
            // A record with several findings has one row each, one after another.
            var stored: [String] = []
            for row in rows {
                let key = "\(row[0].text ?? "") \(row[1].text ?? "")"
                if stored.last != key { stored.append(key) }
            }
            var loaded: [String] = []
            for feed in CrosscheckFeed.allCases {
                loaded += try db.query("SELECT record_no FROM \(feed.table) ORDER BY \(db.dialect.rowOrder)")
                    .map { "\(feed.rawValue) \($0[0].text ?? "")" }
            }
            XCTAssertEqual(stored, loaded, "\(engine): one run of rows per record, in feed and load order")
            // The order is only tested if records linked by evidence come before others of their feed.
            let fuzzy = rows.indices.filter { rows[$0][2].text == "fuzzy" }
            XCTAssertTrue(fuzzy.contains { i in rows[(i + 1)...].contains { $0[0] == rows[i][0] && $0[2].text != "fuzzy" } },
                          "\(engine): the demo city has a record linked by evidence before a numbered one of its feed")
        }
    }
}
