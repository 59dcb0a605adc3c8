// The monthly work list of examples/monthly-crosscheck.pop: the women whose new WIS card
// is due, each once however many departments report her (a mother in the hospital's
// birth record and in the police's newborn registration), never the newborn child. On
// every engine.

import Builtins
import DataModel
import EngineSupport
import Foundation
import Interpreter
import XCTest

final class WorkListTests: XCTestCase {
    func testTheWorkListNamesEachWomanDueACardOnce() throws {
        for engine in try EngineDatabases.engines() {
            let db = try SampleDatabase.demoCity(persons: 6_000, seed: 23, on: engine).database
            let session = Session(library: Builtins.library(), write: { _ in })
            session.machine.openDatabase = { db }
            let script = try String(contentsOf: ReportCommandTests.repository.appendingPathComponent("examples/monthly-crosscheck.pop"),
                                    encoding: .utf8)
            // The whole year as one month's work, so a mother's two reports fall into it.
            try session.run("let args = [\"-\"]\n" + script.replacingOccurrences(of: "crosscheck_all(month: month)", with: "crosscheck_all()")
                            + "\nlet listed = rows(women) | map(fn(r) => r.person_id)", name: "monthly-crosscheck.pop")
            guard case .list(let values)? = session.value(of: "listed") else { return XCTFail("\(engine): \(engine): the work list") }
            let listed = values.compactMap(\.text)
            XCTAssertEqual(listed.count, Set(listed).count, "\(engine): each woman once")
            let run = try XCTUnwrap(try FindingsTable.latestRun(db), "\(engine)")
            let expected = Set(try db.query("SELECT DISTINCT person_id FROM crosscheck_findings WHERE run_id = ?1 "
                                            + "AND finding IN ('no_card', 'mother_no_card') AND person_id IS NOT NULL",
                                            [.integer(run)]).map { $0[0].text! })
            XCTAssertEqual(Set(listed), expected, "\(engine)")
            let twice = try db.scalar("SELECT count(*) FROM (SELECT person_id FROM crosscheck_findings WHERE run_id = ?1 "
                                      + "AND finding = 'mother_no_card' GROUP BY person_id HAVING count(*) > 1) AS twice", [.integer(run)])
            XCTAssertNotEqual(twice, .integer(0), "\(engine): the city has a mother reported twice")
            for id in listed {
                XCTAssertEqual(try db.scalar("SELECT sex FROM persons WHERE person_id = ?1", [.text(id)]).text ?? "F", "F",
                               "\(engine): \(id): women, never a child")
            }
        }
    }
}
