// Schema versions: a database written at version 1 opens in the current popsh and is
// migrated in one step, keeping its data; a database from a newer popsh is refused.

import XCTest
@testable import DataModel

final class MigrationTests: XCTestCase {
    func testVersionOneDatabaseIsMigratedKeepingItsData() throws {
        let path = try TestSupport.temporaryFolder(self).appendingPathComponent("old.db").path
        do {
            let old = try Database(path: path, migratingTo: 1)
            XCTAssertEqual(try old.scalar("PRAGMA user_version"), .integer(1))
            XCTAssertEqual(try old.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'"), .integer(0))
            try old.execute("INSERT INTO areas (code, name, level, parent) VALUES (?, ?, ?, ?)",
                            [.text("360500000000"), .text("新余市"), .text("city"), .text("360000000000")])
        }
        let db = try Database(path: path)
        XCTAssertEqual(try db.scalar("PRAGMA user_version"), .integer(Int64(Migrations.latestVersion)))
        XCTAssertEqual(try db.scalar("SELECT name FROM areas"), .text("新余市"))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log"), .integer(0))
        let indexes = Set(try db.query("SELECT name FROM sqlite_master WHERE type = 'index'").compactMap { $0[0].text })
        for index in Schema.indexes {
            let name = Schema.indexName(table: index.table, columns: index.columns)
            XCTAssertEqual(indexes.contains(name), !QueryIndexes.dropped.contains(name), name)
        }
        XCTAssertTrue(indexes.isSuperset(of: QueryIndexes.indexes.map(\.name) + QueryIndexes.linkage.map(\.name)))
        XCTAssertTrue(indexes.isDisjoint(with: QueryIndexes.dropped))
        // The migration's pages were checkpointed into the file: the WAL is empty.
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        XCTAssertEqual(wal, 0)
        // The importer, which writes audit entries, works on the migrated database.
        let summary = Importer(database: db).importFile(TestSupport.samples.appendingPathComponent("persons.csv").path)
        XCTAssertNil(summary.error)
        XCTAssertEqual(try db.scalar("SELECT action FROM audit_log"), .text("load"))
    }

    func testAFailingMigrationLeavesVersionOneIntact() throws {
        let path = try TestSupport.temporaryFolder(self).appendingPathComponent("old.db").path
        do {
            let old = try Database(path: path, migratingTo: 1)
            // A table in the way of migration 2 makes it fail part-way.
            try old.execute("CREATE TABLE audit_log (x)")
        }
        XCTAssertThrowsError(try Database(path: path)) { error in
            XCTAssertTrue("\(error)".contains("migration 2"), "\(error)")
        }
        let old = try Database(path: path, migratingTo: 1)
        XCTAssertEqual(try old.scalar("PRAGMA user_version"), .integer(1))
        XCTAssertEqual(try old.scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE 'idx_%'"), .integer(0))
    }

    func testNewerDatabaseIsRefused() throws {
        let path = try TestSupport.temporaryFolder(self).appendingPathComponent("new.db").path
        do {
            let db = try Database(path: path)
            try db.execute("PRAGMA user_version = 99")
        }
        XCTAssertThrowsError(try Database(path: path)) { error in
            XCTAssertTrue("\(error)".contains("newer"), "\(error)")
        }
    }

    func testEveryFileKindHasItsTableWithTheSpecColumns() throws {
        let db = try TestSupport.database(self)
        let columns = try db.query("SELECT name FROM pragma_table_info('marriages')").compactMap { $0[0].text }
        XCTAssertEqual(columns, ["record_no", "reg_date", "kind", "husband_id", "husband_id_raw", "husband_name",
                                 "husband_birth", "husband_hukou", "wife_id", "wife_id_raw", "wife_name", "wife_birth",
                                 "wife_hukou", "office_area", "reported", "batch_id", "source_file", "source_line",
                                 "raw", "notes"])
        for kind in FileKind.allCases {
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                                         [.text(kind.table)]), .integer(1), kind.table)
        }
        XCTAssertEqual(FileKind.hukou.table, "hukou_events")
    }
}
