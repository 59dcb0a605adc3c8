// Import of every file in Tests/Fixtures/samples: each row accounted for, re-import changes
// nothing, the damaged rows found in the samples end where the spec says. Each test runs
// on every engine but the page cache's, which is SQLite's.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class SampleImportTests: XCTestCase {
    /// The samples imported into a fresh database on `engine`, for a test that changes it.
    private func loadSamples(_ engine: TestEngine) throws -> (Database, [ImportSummary]) {
        let db = try TestSupport.database(self, on: engine)
        let summaries = Importer(database: db).importPaths([TestSupport.samples.path])
        return (db, summaries)
    }

    /// The samples imported once per engine, for the tests that only read.
    private static let loaded = PerEngine { engine throws -> (Database, [ImportSummary]) in
        let (db, remove) = try EngineDatabases.fresh(engine)
        EngineDatabases.removeAtExit(remove)
        return (db, Importer(database: db).importPaths([TestSupport.samples.path]))
    }

    /// SQLite only: the page cache is SQLite's.
    func testALoadReturnsTheConnectionToTheQuerySizedCache() throws {
        let db = try TestSupport.database(self)
        let before = try db.scalar("PRAGMA cache_size")
        XCTAssertEqual(before, .integer(-Int64(SQLiteEngine.queryCacheKiB)))
        _ = Importer(database: db).importPaths([TestSupport.samples.appendingPathComponent("units.csv").path])
        XCTAssertEqual(try db.scalar("PRAGMA cache_size"), before)
    }

    func testEveryRowOfEverySampleIsAccountedFor() throws {
        for engine in try EngineDatabases.engines() {
            let (db, summaries) = try Self.loaded.get(engine)
            let files = try FileManager.default.subpathsOfDirectory(atPath: TestSupport.samples.path)
                .filter { $0.hasSuffix(".csv") }
            XCTAssertEqual(summaries.count, files.count, "\(engine)")
            var loadedByTable: [String: Int] = [:]
            for summary in summaries {
                XCTAssertNil(summary.error, "\(engine): " + summary.file)
                XCTAssertEqual(summary.loaded + summary.duplicates + summary.quarantined, summary.read, "\(engine): " + summary.file)
                XCTAssertEqual(summary.read, try TestSupport.dataLines(URL(fileURLWithPath: summary.file)), "\(engine): " + summary.file)
                loadedByTable[summary.kind!.table, default: 0] += summary.loaded
            }
            for (table, loaded) in loadedByTable {
                XCTAssertEqual(try TestSupport.count(db, table), loaded, "\(engine): " + table)
            }
            XCTAssertEqual(try TestSupport.count(db, "persons"), 3026, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "imports"), files.count, "\(engine)")
            let quarantined = summaries.reduce(0) { $0 + $1.quarantined }
            XCTAssertEqual(try TestSupport.count(db, "quarantine"), quarantined, "\(engine)")
        }
    }

    func testBaselineLoadsBeforeFeedsAndCardsBeforeChildren() throws {
        for engine in try EngineDatabases.engines() {
            let (_, summaries) = try Self.loaded.get(engine)
            let kinds = summaries.compactMap(\.kind)
            XCTAssertEqual(kinds.prefix(5), [.areas, .units, .persons, .wisCards, .wisChildren], "\(engine)")
            XCTAssertEqual(summaries.first { $0.kind == .wisChildren }?.quarantined, 0, "\(engine)")
        }
    }

    func testReimportChangesNothing() throws {
        for engine in try EngineDatabases.engines() {
            let (db, first) = try loadSamples(engine)
            let dataTables = FileKind.allCases.map(\.table)
            let before = try dataTables.map { try db.query("SELECT * FROM \"\($0)\" ORDER BY \(db.dialect.rowOrder)") }
            let again = Importer(database: db).importPaths([TestSupport.samples.path])
            for (a, b) in zip(first, again) {
                XCTAssertEqual(b.loaded, 0, "\(engine): " + b.file)
                // A line quarantined the first time is in quarantine already: a duplicate now.
                XCTAssertEqual(b.duplicates, a.loaded + a.duplicates + a.quarantined, "\(engine): " + b.file)
                XCTAssertEqual(b.quarantined, 0, "\(engine): " + b.file)
            }
            let after = try dataTables.map { try db.query("SELECT * FROM \"\($0)\" ORDER BY \(db.dialect.rowOrder)") }
            XCTAssertEqual(before, after, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE action = 'update'"), .integer(0), "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "quarantine"), first.reduce(0) { $0 + $1.quarantined }, "\(engine)")
        }
    }

    func testGB18030FilesAreDetected() throws {
        for engine in try EngineDatabases.engines() {
            let (db, summaries) = try Self.loaded.get(engine)
            for summary in summaries {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: summary.file))
                let isUTF8 = String(data: bytes, encoding: .utf8) != nil
                XCTAssertEqual(summary.encoding, isUTF8 ? .utf8 : .gb18030, "\(engine): " + summary.file)
            }
            XCTAssertTrue(summaries.contains { $0.encoding == .gb18030 }, "\(engine)")
            // abortion-2025-12.csv is GB18030; the hospital's name must arrive intact.
            XCTAssertEqual(try db.scalar("SELECT hospital FROM abortions WHERE record_no = 'A-2025-000001'"),
                           .text("渝水区人民医院"), "\(engine)")
        }
    }

    func testSpecificDamagedRowsAreQuarantinedWithTheirPlace() throws {
        for engine in try EngineDatabases.engines() {
            let (db, _) = try Self.loaded.get(engine)
            let rows = try db.query("SELECT file, line, \"column\", column_name, reason, raw FROM quarantine ORDER BY file, line")
            let byFile = Dictionary(grouping: rows) { URL(fileURLWithPath: $0[0].text!).lastPathComponent }
            // birth-2025-08.csv line 5: B-2025-000024 gives neither mother_id nor mother_name.
            let nobody = try XCTUnwrap(byFile["birth-2025-08.csv"]?.first, "\(engine)")
            XCTAssertEqual(nobody[1], .integer(5), "\(engine)")
            XCTAssertEqual(nobody[2], .integer(6), "\(engine)")
            XCTAssertEqual(nobody[3], .text("mother_id"), "\(engine)")
            XCTAssertEqual(nobody[4].text, "line 5, column 6 (mother_id): names nobody: both mother_id and mother_name are empty (give at least one)", "\(engine)")
            XCTAssertTrue(nobody[5].text!.hasPrefix("B-2025-000024,"), "\(engine)")
            // hukou-2025-12.csv line 8: H-2025-000030 has event_date 2025-13-16.
            let badDate = try XCTUnwrap(byFile["hukou-2025-12.csv"]?.first, "\(engine)")
            XCTAssertEqual(badDate[4].text, "line 8, column 3 (event_date): \"2025-13-16\" is not a date (use YYYY-MM-DD)", "\(engine)")
            XCTAssertEqual(rows.count, 2, "\(engine): the samples hold exactly these two rows the spec quarantines")
        }
    }

    func testDamagedIdentityNumbersAreKeptNotQuarantined() throws {
        for engine in try EngineDatabases.engines() {
            let (db, _) = try Self.loaded.get(engine)
            func death(_ record: String) throws -> [SQLValue] {
                try db.query("SELECT person_id, person_id_raw, notes FROM deaths WHERE record_no = ?", [.text(record)]).first ?? []
            }
            // Typing error: the check fails, the row stays with the number as written.
            let typo = try death("D-2025-000019")
            XCTAssertEqual(typo[0], .null, "\(engine)")
            XCTAssertEqual(typo[1], .text("360502199908303940"), "\(engine)")
            XCTAssertTrue(typo[2].text?.contains("person_id") ?? false, "\(engine)")
            // A 15-digit number is normalised to 18.
            XCTAssertEqual(try death("D-2025-000011")[0], .text("36052119561026119X"), "\(engine)")
            let spaced = try db.query("SELECT person_id, person_id_raw FROM hukou_events WHERE record_no = 'H-2025-000032'")
            XCTAssertEqual(spaced.first, [.text("36052119780405370X"), .text(" 360521 19780405370x ")], "\(engine)")
            let fullWidth = try db.scalar("SELECT person_id FROM hukou_events WHERE record_no = 'H-2025-000027'")
            XCTAssertEqual(fullWidth, .text("36050219350624755X"), "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT wife_id_raw FROM marriages WHERE record_no = 'M-2025-000004' AND wife_id IS NULL"),
                           .text("360402199107228200"), "\(engine)")
        }
    }
}
