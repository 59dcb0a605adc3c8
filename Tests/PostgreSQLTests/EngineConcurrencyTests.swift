// Several popsh on one server at once: readers never see half a file while another
// session imports it, and two sessions applying the same findings write them once, the
// second finding them already done, each change audited once.

@testable import DataModel
import EngineSupport
import Foundation
import XCTest

final class EngineConcurrencyTests: XCTestCase {
    /// Values the worker threads leave for the test to read after they are joined.
    final class Box<T>: @unchecked Sendable {
        var value: T
        init(_ value: T) { self.value = value }
    }

    /// A second connection to the same schema as `db`.
    private func another(_ db: Database) throws -> Database {
        let schema = try db.scalar("SELECT current_schema()").text!
        return try Database(path: EngineDatabases.inSchema(try EngineDatabases.serverURL(), schema), mode: .existing)
    }

    func testReadersSeeAFileWhollyOrNotAtAll() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else { return }
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        defer { remove() }
        let samples = URL(fileURLWithPath: EngineDatabases.samples)
        let baseline = ["areas.csv", "units.csv", "persons.csv", "wis_cards.csv", "wis_children.csv"]
        XCTAssertTrue(Importer(database: db).importPaths(baseline.map { samples.appendingPathComponent($0).path })
            .allSatisfy { $0.error == nil })
        let reader = try another(db)
        let done = Box(false), seen = Box<[[SQLValue]]>([]), failures = Box<[String]>([])
        let importing = Thread {
            let summaries = Importer(database: db).importPaths([samples.appendingPathComponent("feeds").path])
            failures.value = summaries.compactMap(\.error)
            done.value = true
        }
        importing.start()
        // One statement is one snapshot: the rows a table holds and the rows its finished
        // imports say they loaded must agree at every moment.
        let check = "SELECT (SELECT count(*) FROM births), (SELECT coalesce(sum(loaded), 0) FROM imports "
            + "WHERE kind = 'birth' AND finished IS NOT NULL), (SELECT count(*) FROM imports WHERE kind = 'birth')"
        while !done.value {
            seen.value.append(try reader.query(check)[0])
            usleep(2_000)
        }
        seen.value.append(try reader.query(check)[0])
        XCTAssertEqual(failures.value, [])
        XCTAssertGreaterThan(seen.value.count, 2)
        for row in seen.value { XCTAssertEqual(row[0], row[1], "rows of a file seen before its import finished: \(row)") }
        XCTAssertGreaterThan(seen.value.last?[0].integer ?? 0, 0)
    }

    func testTwoAppliesOfTheSameFindingsWriteOnce() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else { return }
        let (db, remove) = try EngineDatabases.samplesImported(.postgresql)
        defer { remove() }
        let run = try Crosschecker(database: db).run(.all)
        let found = try db.query("SELECT feed, record_no, person_id, card_no, finding FROM crosscheck_findings "
                                 + "WHERE run_id = ?1 AND finding IN ('no_card', 'mother_no_card') ORDER BY row_no",
                                 [.integer(run.id)]).map {
            FindingReference(feed: CrosscheckFeed(rawValue: $0[0].text!)!, recordNo: $0[1].text!, personID: $0[2].text,
                             cardNo: $0[3].text, finding: $0[4].text!)
        }
        XCTAssertFalse(found.isEmpty)
        let sessions = [try another(db), try another(db)]
        let today = CivilDate(year: 2026, month: 1, day: 15)!
        let changed = Box([0, 0]), errors = Box<[String]>([])
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                let outcome = try FindingApplier(database: sessions[i], today: today).apply(found, .newCard, origin: "s\(i):1:1")
                lock.lock(); changed.value[i] = outcome.changed; lock.unlock()
            } catch {
                lock.lock(); errors.value.append("\(error)"); lock.unlock()
            }
        }
        XCTAssertEqual(errors.value, [])
        XCTAssertEqual(changed.value.filter { $0 > 0 }.count, 1, "one session wrote, the other found it done: \(changed.value)")
        let total = changed.value.reduce(0, +)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE apply_batch IS NOT NULL"), .integer(Int64(total)))
        XCTAssertEqual(try db.scalar("SELECT count(DISTINCT db_user) FROM audit_log WHERE apply_batch IS NOT NULL"), .integer(1))
    }
}
