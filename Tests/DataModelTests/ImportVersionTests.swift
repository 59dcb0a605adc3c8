// Two versions of one record and the counts that must add up to the rows that exist:
// a persons file naming a person twice, a feed record exported again with other content
// (later and earlier by `reported`), and quarantine kept once per file line across
// re-imports; migration 11 folding the repeats an older importer left. Each test runs
// on every engine.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class ImportVersionTests: XCTestCase {
    private let marriageHeader = "record_no,reg_date,kind,husband_id,husband_name,husband_birth,husband_hukou,"
        + "wife_id,wife_name,wife_birth,wife_hukou,office_area,reported\n"

    private func marriage(_ wife: String, reported: String) -> String {
        "M1,2025-05-01,marry,,,,,,\(wife),1991-02-03,,,\(reported)\n"
    }

    /// Loaded rows of every batch of a table, which must equal the rows it holds.
    private func loadedTotal(_ db: Database, kind: FileKind) throws -> Int64 {
        try db.scalar("SELECT sum(loaded) FROM imports WHERE kind = ?1", [.text(kind.rawValue)]).integer ?? -1
    }

    func testAPersonNamedTwiceInOneFileIsOneRowAndOneCorrection() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let first = TestSupport.personRow(1), other = TestSupport.personRow(2)
            let later = TestSupport.personRow(1, address: "暨阳新村")
            let summary = Importer(database: db).importFile(
                try TestSupport.write(TestSupport.personsHeader + first + other + later, to: "p.csv", in: folder))
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertEqual([summary.read, summary.loaded, summary.corrected, summary.duplicates, summary.quarantined],
                           [3, 2, 1, 0, 0], "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "persons"), 2, "\(engine)")
            XCTAssertEqual(try loadedTotal(db, kind: .persons), 2, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT corrected FROM imports"), .integer(1), "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT address FROM persons WHERE person_id = ?1", [.text(TestSupport.identity(1))]),
                           .text("暨阳新村 1栋"), "\(engine): the later row of the file wins")
            let audit = try db.query("SELECT action, before, after, origin FROM audit_log WHERE action <> 'load'")
            XCTAssertEqual(audit.count, 1, "\(engine)")
            XCTAssertEqual(audit.first?[0], .text("update"), "\(engine)")
            XCTAssertEqual(audit.first?[1], .text("{\"address\":\"仙来小区 1栋\"}"), "\(engine): the first version is kept in the audit")
            XCTAssertEqual(audit.first?[2], .text("{\"address\":\"暨阳新村 1栋\"}"), "\(engine)")
            XCTAssertTrue(audit.first?[3].text?.hasSuffix("p.csv:4") == true, "\(engine)")
        }
    }

    func testAFeedRecordExportedAgainWithOtherContentIsCorrectedByTheLaterExport() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let importer = Importer(database: db)
            let january = try TestSupport.write(marriageHeader + marriage("王慧梅", reported: "2026-01-05")
                                                + "M2,2025-05-02,marry,,,,,,李娜,,,,2026-01-05\n", to: "m1.csv", in: folder)
            let february = try TestSupport.write(marriageHeader + marriage("王惠梅", reported: "2026-02-05"), to: "m2.csv", in: folder)
            let december = try TestSupport.write(marriageHeader + marriage("王会梅", reported: "2025-12-05"), to: "m0.csv", in: folder)
            let summaries = importer.importPaths([january, february, december])
            XCTAssertEqual(summaries.map { [$0.read, $0.loaded, $0.corrected, $0.duplicates, $0.quarantined] },
                           [[2, 2, 0, 0, 0], [1, 0, 1, 0, 0], [1, 0, 1, 0, 0]], "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "marriages"), 2, "\(engine)")
            XCTAssertEqual(try loadedTotal(db, kind: .marriage), 2, "\(engine)")
            let held = try db.query("SELECT wife_name, reported, source_file, source_line FROM marriages WHERE record_no = 'M1'")
            XCTAssertEqual(held, [[.text("王惠梅"), .text("2026-02-05"), .text(february), .integer(2)]],
                           "\(engine): February's export corrects January's; December's, exported earlier, does not")
            let audit = try db.query("SELECT action, record_key, before, after FROM audit_log ORDER BY id")
            XCTAssertEqual(audit.map { $0[0] }, [.text("correct"), .text("superseded")], "\(engine)")
            XCTAssertEqual(audit[0][2], .text("{\"reported\":\"2026-01-05\",\"wife_name\":\"王慧梅\"}"), "\(engine)")
            XCTAssertEqual(audit[1][2], .text("{\"reported\":\"2025-12-05\",\"wife_name\":\"王会梅\"}"), "\(engine): the lost version is kept")
            XCTAssertEqual(audit[1][3], .text("{\"reported\":\"2026-02-05\",\"wife_name\":\"王惠梅\"}"), "\(engine)")
            // The same content exported again a month later is a duplicate, not a correction.
            let march = try TestSupport.write(marriageHeader + marriage("王惠梅", reported: "2026-03-05"), to: "m3.csv", in: folder)
            let again = importer.importFile(march)
            XCTAssertEqual([again.loaded, again.corrected, again.duplicates], [0, 0, 1], "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT reported FROM marriages WHERE record_no = 'M1'"), .text("2026-02-05"), "\(engine)")
        }
    }

    func testReimportingAFileKeepsOneQuarantineRowPerLine() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let path = try TestSupport.write(marriageHeader + marriage("王慧梅", reported: "2026-01-05")
                                             + "M2,2025-13-01,marry,,,,,,李娜,,,,2026-01-05\n"
                                             + ",2025-05-03,marry,,,,,,周红,,,,2026-01-05\n", to: "m.csv", in: folder)
            let first = Importer(database: db).importFile(path)
            XCTAssertEqual([first.loaded, first.duplicates, first.quarantined], [1, 0, 2], "\(engine)")
            for _ in 0..<2 {
                let again = Importer(database: db).importFile(path)
                XCTAssertEqual([again.read, again.loaded, again.duplicates, again.quarantined], [3, 0, 3, 0], "\(engine)")
            }
            XCTAssertEqual(try db.query("SELECT line FROM quarantine ORDER BY line"), [[.integer(3)], [.integer(4)]], "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT sum(quarantined) FROM imports"), .integer(2), "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT count(DISTINCT file_sha256) FROM quarantine"), .integer(1), "\(engine)")
            // A corrected copy of the file is other content: its bad line is quarantined afresh.
            let fixed = try TestSupport.write(marriageHeader + "M2,2025-13-02,marry,,,,,,李娜,,,,2026-01-05\n", to: "f.csv", in: folder)
            XCTAssertEqual(Importer(database: db).importFile(fixed).quarantined, 1, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "quarantine"), 3, "\(engine)")
        }
    }

    /// A database written before migration 11 holds a file's quarantine twice; the
    /// migration keeps the first and counts the second import's rows as duplicates.
    func testMigrationElevenFoldsRepeatedQuarantineRows() throws {
        for engine in try EngineDatabases.engines() {
            let path = try TestSupport.location(self, on: engine)
            do {
                let old = try Database(path: path, migratingTo: 10)
                for batch in 1...2 {
                    try old.execute("INSERT INTO imports (id, file, size, encoding, kind, read, loaded, updated, duplicates, "
                                    + "quarantined, started, sha256) VALUES (?1, 'm.csv', 10, 'utf-8', 'marriage', 3, ?2, 0, ?3, 2, "
                                    + "'2026-01-01', 'abc')", [.integer(Int64(batch)), .integer(batch == 1 ? 1 : 0),
                                                               .integer(batch == 1 ? 0 : 1)])
                    for line in [3, 4] {
                        try old.execute("INSERT INTO quarantine (batch_id, file, line, reason, raw) VALUES (?1, 'm.csv', ?2, 'r', 'x')",
                                        [.integer(Int64(batch)), .integer(Int64(line))])
                    }
                }
            }
            let db = try Database(path: path)
            XCTAssertEqual(try db.query("SELECT batch_id, line, file_sha256 FROM quarantine ORDER BY line"),
                           [[.integer(1), .integer(3), .text("abc")], [.integer(1), .integer(4), .text("abc")]], "\(engine)")
            XCTAssertEqual(try db.query("SELECT id, read, loaded, corrected, duplicates, quarantined FROM imports ORDER BY id"),
                           [[.integer(1), .integer(3), .integer(1), .integer(0), .integer(0), .integer(2)],
                            [.integer(2), .integer(3), .integer(0), .integer(0), .integer(3), .integer(0)]], "\(engine)")
            XCTAssertThrowsError(try db.execute("INSERT INTO quarantine (batch_id, file, line, reason, raw, file_sha256) "
                                                + "VALUES (2, 'm.csv', 3, 'r', 'x', 'abc')"), "\(engine): one row per file line")
        }
    }
}
