// The cross-check on the departments' sample city, checked against SQL written
// independently of its code: every loaded record is reported, match kinds follow the
// numbers as written, scopes pick exactly their records, not_local follows the areas,
// namesakes make a record without a trusted number ambiguous, thresholds are honoured.
// Each test runs on every engine.

import EngineSupport
import XCTest
@testable import DataModel

final class CrosscheckRunTests: XCTestCase {
    private let feeds = ["marriage": ("marriages", "wife_id"), "birth": ("births", "mother_id"), "death": ("deaths", "person_id"),
                         "abortion": ("abortions", "woman_id"), "hukou": ("hukou_events", "person_id")]

    func testEveryLoadedRecordIsReported() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            let run = try Crosschecker(database: db).run(.all)
            var loaded = 0
            for (_, (table, _)) in feeds { loaded += Int(try db.scalar("SELECT count(*) FROM \(table)").integer!) }
            XCTAssertEqual(run.records, loaded, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT count(DISTINCT feed || '|' || record_no) FROM crosscheck_findings WHERE run_id = ?1",
                                         [.integer(run.id)]), .integer(Int64(loaded)), "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM crosscheck_findings WHERE run_id = ?1 AND finding = '' "
                                         + "AND feed || record_no IN (SELECT feed || record_no FROM crosscheck_findings "
                                         + "WHERE run_id = ?1 AND finding <> '')", [.integer(run.id)]), .integer(0),
                           "\(engine): a record with findings has no empty row besides them")
        }
    }

    func testMatchKindsFollowTheNumbersAsWritten() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            let run = try Crosschecker(database: db).run(.all)
            // A newborn registration's findings concern the mother: her number decides.
            let checks = feeds.map { ($0.key, $0.value.0, $0.value.1, $0.key == "hukou" ? "WHERE f.event <> 'newborn'" : "") }
                + [("hukou", "hukou_events", "mother_id", "WHERE f.event = 'newborn'")]
            for (feed, table, id, scope) in checks {
                let expected = try db.query("""
                    SELECT f.record_no, CASE WHEN f.\(id) IS NULL THEN 'evidence'
                        WHEN NOT EXISTS (SELECT 1 FROM persons p WHERE p.person_id = f.\(id))
                         AND NOT EXISTS (SELECT 1 FROM wis_cards w WHERE w.woman_id = f.\(id) AND w.status = 'active') THEN 'none'
                        WHEN f.\(id)_raw = f.\(id) THEN 'exact' ELSE 'normalized' END
                    FROM \(table) f \(scope) ORDER BY f.record_no
                    """)
                let found = Dictionary(try db.query("SELECT DISTINCT record_no, match FROM crosscheck_findings WHERE run_id = ?1 AND feed = ?2",
                                                    [.integer(run.id), .text(feed)]).map { ($0[0].text!, $0[1].text!) },
                                       uniquingKeysWith: { a, _ in a })
                for row in expected {
                    let number = row[0].text!, kind = row[1].text!
                    if kind == "evidence" {
                        XCTAssertTrue(["fuzzy", "none"].contains(found[number]), "\(engine): \(feed) \(number): \(found[number] ?? "missing")")
                    } else {
                        XCTAssertEqual(found[number], kind, "\(engine): \(feed) \(number)")
                    }
                }
            }
        }
    }

    func testScopesPickExactlyTheirRecords() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            let month = try Crosschecker(database: db).run(.month(year: 2025, month: 11))
            var expected = 0
            for (table, date) in [("marriages", "reg_date"), ("births", "birth_date"), ("deaths", "death_date"),
                                  ("abortions", "op_date"), ("hukou_events", "event_date")] {
                expected += Int(try db.scalar("SELECT count(*) FROM \(table) WHERE \(date) BETWEEN '2025-11-01' AND '2025-11-30'").integer!)
            }
            XCTAssertEqual(month.records, expected, "\(engine)")
            let chosen = try db.query("SELECT record_no FROM births ORDER BY record_no LIMIT 4").map { $0[0].text! }
            let some = try Crosschecker(database: db).run(.records(.birth, chosen))
            XCTAssertEqual(try db.query("SELECT DISTINCT record_no FROM crosscheck_findings WHERE run_id = ?1 ORDER BY record_no",
                                        [.integer(some.id)]).map { $0[0].text! }, chosen, "\(engine)")
        }
    }

    func testNotLocalFollowsTheRegisterAreas() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            // A local woman's register entry is moved outside the city: her records become not_local.
            let woman = try XCTUnwrap(try db.scalar("SELECT b.mother_id FROM births b JOIN persons p ON p.person_id = b.mother_id "
                                                    + "WHERE b.mother_id_raw = b.mother_id "
                                                    + "ORDER BY b.\(db.dialect.rowOrder) LIMIT 1").text, "\(engine)")
            try db.execute("UPDATE persons SET hukou_area = '430102001001', residence_area = '440305001001' WHERE person_id = ?1", [.text(woman)])
            let run = try Crosschecker(database: db).run(.feed(.birth))
            let rows = try db.query("SELECT finding, detail FROM crosscheck_findings f JOIN births b ON b.record_no = f.record_no "
                                    + "WHERE run_id = ?1 AND b.mother_id = ?2", [.integer(run.id), .text(woman)])
            XCTAssertFalse(rows.isEmpty, "\(engine)")
            for row in rows {
                XCTAssertEqual(row[0].text, "not_local", "\(engine)")
                XCTAssertTrue(row[1].text!.contains("430102001001"), "\(engine): " + row[1].text!)
            }
        }
    }

    func testNamesakesMakeAnUntrustedNumberAmbiguous() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            let record = try XCTUnwrap(try db.query("SELECT b.record_no, p.person_id, p.name, p.birth_date FROM births b "
                                                    + "JOIN persons p ON p.person_id = b.mother_id "
                                                    + "ORDER BY b.\(db.dialect.rowOrder) LIMIT 1").first, "\(engine)")
            let body = "360502" + record[3].text!.replacingOccurrences(of: "-", with: "") + "002"
            let twinID = try XCTUnwrap("0123456789X".lazy.compactMap { IdentityNumber.normalize(body + String($0)) }.first, "\(engine)")
            try db.execute("INSERT INTO persons (person_id, name, sex, birth_date, marital, hukou_area, residence_area) "
                           + "VALUES (?1, ?2, 'F', ?3, 'single', '360502001001', '360502001001')",
                           [.text(twinID.value), record[2], record[3]])
            try db.execute("UPDATE births SET mother_id = NULL, mother_id_raw = '36050219' WHERE record_no = ?1", [record[0]])
            let run = try Crosschecker(database: db).run(.records(.birth, [record[0].text!]))
            let rows = try db.query("SELECT match, finding, person_id, card_no FROM crosscheck_findings WHERE run_id = ?1", [.integer(run.id)])
            XCTAssertEqual(rows.count, 1, "\(engine)")
            XCTAssertEqual(rows[0][1].text, "ambiguous", "\(engine)")
            XCTAssertEqual(rows[0][0].text, "none", "\(engine)")
            XCTAssertEqual(rows[0][2], .null, "\(engine): an ambiguous record is tied to nobody")

            // With the number trusted again, the same namesakes change nothing.
            try db.execute("UPDATE births SET mother_id = ?2, mother_id_raw = ?2 WHERE record_no = ?1", [record[0], record[1]])
            let trusted = try Crosschecker(database: db).run(.records(.birth, [record[0].text!]))
            XCTAssertEqual(try db.scalar("SELECT match FROM crosscheck_findings WHERE run_id = ?1", [.integer(trusted.id)]), .text("exact"), "\(engine)")
        }
    }

    func testThresholdsAreHonoured() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            let usual = try Crosschecker(database: db).run(.all)
            let fuzzy = try db.scalar("SELECT count(*) FROM crosscheck_findings WHERE run_id = ?1 AND match = 'fuzzy'", [.integer(usual.id)])
            XCTAssertNotEqual(fuzzy, .integer(0), "\(engine): the samples hold records linked by evidence")
            let strict = try Crosschecker(database: db, options: CrosscheckOptions(threshold: 1000)).run(.all)
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM crosscheck_findings WHERE run_id = ?1 AND match = 'fuzzy'",
                                         [.integer(strict.id)]), .integer(0), "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT threshold FROM crosscheck_runs WHERE id = ?1", [.integer(strict.id)]), .real(1000), "\(engine)")
        }
    }
}
