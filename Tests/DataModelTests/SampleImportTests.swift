// Import of every file in Tests/Fixtures/samples: each row accounted for, re-import changes
// nothing, the damaged rows found in the samples end where the spec says.

import Foundation
import XCTest
@testable import DataModel

final class SampleImportTests: XCTestCase {
    private func loadSamples() throws -> (Database, [ImportSummary]) {
        let db = try TestSupport.database(self)
        let summaries = Importer(database: db).importPaths([TestSupport.samples.path])
        return (db, summaries)
    }

    func testALoadReturnsTheConnectionToTheQuerySizedCache() throws {
        let db = try TestSupport.database(self)
        let before = try db.scalar("PRAGMA cache_size")
        XCTAssertEqual(before, .integer(-Int64(SQLiteEngine.queryCacheKiB)))
        _ = Importer(database: db).importPaths([TestSupport.samples.appendingPathComponent("units.csv").path])
        XCTAssertEqual(try db.scalar("PRAGMA cache_size"), before)
    }

    func testEveryRowOfEverySampleIsAccountedFor() throws {
        let (db, summaries) = try loadSamples()
        let files = try FileManager.default.subpathsOfDirectory(atPath: TestSupport.samples.path)
            .filter { $0.hasSuffix(".csv") }
        XCTAssertEqual(summaries.count, files.count)
        var loadedByTable: [String: Int] = [:]
        for summary in summaries {
            XCTAssertNil(summary.error, summary.file)
            XCTAssertEqual(summary.loaded + summary.duplicates + summary.quarantined, summary.read, summary.file)
            XCTAssertEqual(summary.read, try TestSupport.dataLines(URL(fileURLWithPath: summary.file)), summary.file)
            loadedByTable[summary.kind!.table, default: 0] += summary.loaded
        }
        for (table, loaded) in loadedByTable {
            XCTAssertEqual(try TestSupport.count(db, table), loaded, table)
        }
        XCTAssertEqual(try TestSupport.count(db, "persons"), 3026)
        XCTAssertEqual(try TestSupport.count(db, "imports"), files.count)
        let quarantined = summaries.reduce(0) { $0 + $1.quarantined }
        XCTAssertEqual(try TestSupport.count(db, "quarantine"), quarantined)
    }

    func testBaselineLoadsBeforeFeedsAndCardsBeforeChildren() throws {
        let (_, summaries) = try loadSamples()
        let kinds = summaries.compactMap(\.kind)
        XCTAssertEqual(kinds.prefix(5), [.areas, .units, .persons, .wisCards, .wisChildren])
        XCTAssertEqual(summaries.first { $0.kind == .wisChildren }?.quarantined, 0)
    }

    func testReimportChangesNothing() throws {
        let (db, first) = try loadSamples()
        let dataTables = FileKind.allCases.map(\.table)
        let before = try dataTables.map { try db.query("SELECT * FROM \"\($0)\" ORDER BY rowid") }
        let again = Importer(database: db).importPaths([TestSupport.samples.path])
        for (a, b) in zip(first, again) {
            XCTAssertEqual(b.loaded, 0, b.file)
            // A line quarantined the first time is in quarantine already: a duplicate now.
            XCTAssertEqual(b.duplicates, a.loaded + a.duplicates + a.quarantined, b.file)
            XCTAssertEqual(b.quarantined, 0, b.file)
        }
        let after = try dataTables.map { try db.query("SELECT * FROM \"\($0)\" ORDER BY rowid") }
        XCTAssertEqual(before, after)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE action = 'update'"), .integer(0))
        XCTAssertEqual(try TestSupport.count(db, "quarantine"), first.reduce(0) { $0 + $1.quarantined })
    }

    func testGB18030FilesAreDetected() throws {
        let (db, summaries) = try loadSamples()
        for summary in summaries {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: summary.file))
            let isUTF8 = String(data: bytes, encoding: .utf8) != nil
            XCTAssertEqual(summary.encoding, isUTF8 ? .utf8 : .gb18030, summary.file)
        }
        XCTAssertTrue(summaries.contains { $0.encoding == .gb18030 })
        // abortion-2025-12.csv is GB18030; the hospital's name must arrive intact.
        XCTAssertEqual(try db.scalar("SELECT hospital FROM abortions WHERE record_no = 'A-2025-000001'"),
                       .text("渝水区人民医院"))
    }

    func testSpecificDamagedRowsAreQuarantinedWithTheirPlace() throws {
        let (db, _) = try loadSamples()
        let rows = try db.query("SELECT file, line, \"column\", column_name, reason, raw FROM quarantine ORDER BY file, line")
        let byFile = Dictionary(grouping: rows) { URL(fileURLWithPath: $0[0].text!).lastPathComponent }
        // birth-2025-08.csv line 5: B-2025-000024 gives neither mother_id nor mother_name.
        let nobody = try XCTUnwrap(byFile["birth-2025-08.csv"]?.first)
        XCTAssertEqual(nobody[1], .integer(5))
        XCTAssertEqual(nobody[2], .integer(6))
        XCTAssertEqual(nobody[3], .text("mother_id"))
        XCTAssertEqual(nobody[4].text, "line 5, column 6 (mother_id): names nobody: both mother_id and mother_name are empty (give at least one)")
        XCTAssertTrue(nobody[5].text!.hasPrefix("B-2025-000024,"))
        // hukou-2025-12.csv line 8: H-2025-000030 has event_date 2025-13-16.
        let badDate = try XCTUnwrap(byFile["hukou-2025-12.csv"]?.first)
        XCTAssertEqual(badDate[4].text, "line 8, column 3 (event_date): \"2025-13-16\" is not a date (use YYYY-MM-DD)")
        XCTAssertEqual(rows.count, 2, "the samples hold exactly these two rows the spec quarantines")
    }

    func testDamagedIdentityNumbersAreKeptNotQuarantined() throws {
        let (db, _) = try loadSamples()
        func death(_ record: String) throws -> [SQLValue] {
            try db.query("SELECT person_id, person_id_raw, notes FROM deaths WHERE record_no = ?", [.text(record)]).first ?? []
        }
        // Typing error: the check fails, the row stays with the number as written.
        let typo = try death("D-2025-000019")
        XCTAssertEqual(typo[0], .null)
        XCTAssertEqual(typo[1], .text("360502199908303940"))
        XCTAssertTrue(typo[2].text?.contains("person_id") ?? false)
        // A 15-digit number is normalised to 18.
        XCTAssertEqual(try death("D-2025-000011")[0], .text("36052119561026119X"))
        let spaced = try db.query("SELECT person_id, person_id_raw FROM hukou_events WHERE record_no = 'H-2025-000032'")
        XCTAssertEqual(spaced.first, [.text("36052119780405370X"), .text(" 360521 19780405370x ")])
        let fullWidth = try db.scalar("SELECT person_id FROM hukou_events WHERE record_no = 'H-2025-000027'")
        XCTAssertEqual(fullWidth, .text("36050219350624755X"))
        XCTAssertEqual(try db.scalar("SELECT wife_id_raw FROM marriages WHERE record_no = 'M-2025-000004' AND wife_id IS NULL"),
                       .text("360402199107228200"))
    }
}
