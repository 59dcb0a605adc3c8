// Migration 9 and the register key it makes deferrable: a database written before it
// migrates with every row, rowid and index kept and the key still telling duplicates and
// updates; a big file loads with the key's index built after the rows, and one that
// names a person twice ends exactly as a row-by-row load would (duplicate, update, audit).
// The big files load on every engine; the migration's old databases are SQLite files.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class RegisterKeyTests: XCTestCase {
    private let header = TestSupport.personsHeader
    private func identity(_ i: Int) -> String { TestSupport.identity(i) }
    private func person(_ i: Int, address: String = "仙来小区") -> String { TestSupport.personRow(i, address: address) }

    private func indexNames(_ db: Database) throws -> Set<String> {
        Set(try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons'")
            .compactMap { $0[0].text })
    }

    /// The indexes popsh made on persons on any engine, with whether each is unique.
    private func createdIndexes(_ db: Database) throws -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: try db.engine.createdIndexes(of: "persons", includingUnique: true)
            .map { ($0.name, $0.unique) })
    }

    /// SQLite only: databases written before migration 9 are SQLite files.
    func testAnOlderDatabaseMigratesWithEveryRowAndIndexKept() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let path = folder.appendingPathComponent("v8.db").path
        let moved = try TestSupport.write(header + person(3, address: "暨阳新村"), to: "moved.csv", in: folder)
        let rows: [[SQLValue]], indexes: Set<String>
        do {
            let old = try Database(path: path, migratingTo: 8)
            try TestSupport.importAtOldVersion([TestSupport.samples.appendingPathComponent("persons.csv").path,
                                                try TestSupport.write(header + (0..<5).map { person($0) }.joined(),
                                                                      to: "p.csv", in: folder)],
                                               into: old, tables: ["persons"], self)
            XCTAssertEqual(try TestSupport.count(old, "persons"), 3026 + 5)
            rows = try old.query("SELECT rowid, * FROM persons ORDER BY rowid")
            indexes = try indexNames(old)
            XCTAssertTrue(indexes.contains("sqlite_autoindex_persons_1"))
        }
        do {
            let db = try Database(path: path, migratingTo: 9)
            XCTAssertEqual(try Migrations.version(of: db), 9)
            XCTAssertGreaterThan(rows.count, 5)
            XCTAssertEqual(try db.query("SELECT rowid, * FROM persons ORDER BY rowid"), rows)
            XCTAssertEqual(try indexNames(db), indexes.subtracting(["sqlite_autoindex_persons_1"]).union([Schema.registerKeyIndex]))
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM pragma_table_info('persons') WHERE pk > 0"), .integer(0))
            XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"))
        }
        // The key still tells a repeated person and a changed one (today's importer, today's schema).
        let db = try Database(path: path)
        let again = Importer(database: db).importFile(folder.appendingPathComponent("p.csv").path)
        XCTAssertEqual([again.loaded, again.duplicates], [0, 5])
        let update = Importer(database: db).importFile(moved)
        XCTAssertEqual([update.loaded, update.corrected], [0, 1])
        XCTAssertEqual(try db.scalar("SELECT address FROM persons WHERE person_id = ?1", [.text(identity(3))]),
                       .text("暨阳新村 3栋"))
    }

    func testABigFileLoadsWithTheKeyIndexBuiltAfterItsRows() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let text = header + (0..<40_000).map { person($0) }.joined()
            XCTAssertGreaterThan(text.utf8.count, Int(Importer.deferIndexesFromBytes), "\(engine)")
            let path = try TestSupport.write(text, to: "big.csv", in: folder)
            let summary = Importer(database: db).importFile(path)
            XCTAssertEqual([summary.read, summary.loaded, summary.duplicates], [40_000, 40_000, 0], "\(engine)")
            XCTAssertEqual(try createdIndexes(db)[Schema.registerKeyIndex], true, "\(engine)")
            if engine == .sqlite { XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"), "\(engine)") }
            let again = Importer(database: db).importFile(path)
            XCTAssertEqual([again.loaded, again.duplicates], [0, 40_000], "\(engine)")
        }
    }

    func testABigFileNamingAPersonTwiceEndsAsARowByRowLoadWould() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            var text = header + (0..<40_000).map { person($0) }.joined()
            text += person(17)                          // line 40,002: the same row again
            text += person(29_999, address: "暨阳新村")   // line 40,003: the person moved
            let summary = Importer(database: db).importFile(try TestSupport.write(text, to: "big.csv", in: folder))
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertEqual([summary.read, summary.loaded, summary.corrected, summary.duplicates, summary.quarantined],
                           [40_002, 40_000, 1, 1, 0], "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "persons"), 40_000, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "imports"), 1, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT address FROM persons WHERE person_id = ?1", [.text(identity(29_999))]),
                           .text("暨阳新村 29999栋"), "\(engine)")
            let audit = try db.query("SELECT action, record_key, origin FROM audit_log ORDER BY id")
            XCTAssertEqual(audit.map { $0[0] }, [.text("update"), .text("load")], "\(engine)")
            XCTAssertEqual(audit.first?[1], .text(identity(29_999)), "\(engine)")
            XCTAssertEqual(audit.first?[2].text?.hasSuffix("big.csv:40003"), true, "\(engine)")
            XCTAssertTrue(Set(try createdIndexes(db).keys).isSuperset(of: [Schema.registerKeyIndex, "idx_persons_cohort"]), "\(engine)")
            if engine == .sqlite { XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"), "\(engine)") }
        }
    }
}
