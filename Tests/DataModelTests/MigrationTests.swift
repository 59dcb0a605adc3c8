// Schema versions: a database written at version 1 opens in the current popsh and is
// migrated in one step, keeping its data; a database from a newer popsh is refused.
// Each test runs on every engine.

import EngineSupport
import XCTest
@testable import DataModel

final class MigrationTests: XCTestCase {
    /// The names of every index popsh made, on any table.
    private static func indexes(_ db: Database) throws -> Set<String> {
        Set(try EngineDatabases.tables(in: db).flatMap { try db.engine.createdIndexes(of: $0, includingUnique: true).map(\.name) })
    }

    func testVersionOneDatabaseIsMigratedKeepingItsData() throws {
        for engine in try EngineDatabases.engines() {
            let path = try TestSupport.location(self, on: engine)
            do {
                let old = try Database(path: path, migratingTo: 1)
                XCTAssertEqual(try Migrations.version(of: old), 1, "\(engine)")
                XCTAssertFalse(try EngineDatabases.tables(in: old).contains("audit_log"), "\(engine)")
                try old.execute("INSERT INTO areas (code, name, level, parent) VALUES (?, ?, ?, ?)",
                                [.text("360500000000"), .text("新余市"), .text("city"), .text("360000000000")])
            }
            let db = try Database(path: path)
            XCTAssertEqual(try Migrations.version(of: db), Migrations.latestVersion, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT name FROM areas"), .text("新余市"), "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log"), .integer(0), "\(engine)")
            let indexes = try Self.indexes(db)
            for index in Schema.indexes {
                let name = Schema.indexName(table: index.table, columns: index.columns)
                XCTAssertEqual(indexes.contains(name), !QueryIndexes.dropped.contains(name), "\(engine): " + name)
            }
            XCTAssertTrue(indexes.isSuperset(of: QueryIndexes.indexes.map(\.name) + QueryIndexes.linkage.map(\.name)
                                                + QueryIndexes.linkageProbes.map(\.name)), "\(engine)")
            XCTAssertTrue(indexes.isDisjoint(with: QueryIndexes.dropped), "\(engine)")
            if engine == .sqlite {
                // The migration's pages were checkpointed into the file: the WAL is empty.
                let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
                XCTAssertEqual(wal, 0, "\(engine)")
            }
            // The importer, which writes audit entries, works on the migrated database.
            let summary = Importer(database: db).importFile(TestSupport.samples.appendingPathComponent("persons.csv").path)
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT action FROM audit_log"), .text("load"), "\(engine)")
        }
    }

    func testAFailingMigrationLeavesVersionOneIntact() throws {
        for engine in try EngineDatabases.engines() {
            let path = try TestSupport.location(self, on: engine)
            do {
                let old = try Database(path: path, migratingTo: 1)
                // A table in the way of migration 2 makes it fail part-way.
                try old.execute("CREATE TABLE audit_log (x \(old.dialect.typeName(.text)))")
            }
            XCTAssertThrowsError(try Database(path: path), "\(engine)") { error in
                XCTAssertTrue("\(error)".contains("migration 2"), "\(engine): \(error)")
            }
            let old = try Database(path: path, migratingTo: 1)
            XCTAssertEqual(try Migrations.version(of: old), 1, "\(engine)")
            XCTAssertEqual(try Self.indexes(old).filter { $0.hasPrefix("idx_") }, [], "\(engine)")
        }
    }

    func testNewerDatabaseIsRefused() throws {
        for engine in try EngineDatabases.engines() {
            let path = try TestSupport.location(self, on: engine)
            do {
                let db = try Database(path: path)
                try db.engine.setSchemaVersion(99)
            }
            XCTAssertThrowsError(try Database(path: path), "\(engine)") { error in
                XCTAssertTrue("\(error)".contains("newer"), "\(engine): \(error)")
            }
        }
    }

    func testEveryFileKindHasItsTableWithTheSpecColumns() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let columns = try EngineDatabases.columns(of: "marriages", in: db)
            XCTAssertEqual(columns, ["record_no", "reg_date", "kind", "husband_id", "husband_id_raw", "husband_name",
                                     "husband_birth", "husband_hukou", "wife_id", "wife_id_raw", "wife_name", "wife_birth",
                                     "wife_hukou", "office_area", "reported", "batch_id", "source_file", "source_line",
                                     "raw", "notes"], "\(engine)")
            for kind in FileKind.allCases {
                XCTAssertTrue(try EngineDatabases.tables(in: db).contains(kind.table), "\(engine): " + kind.table)
            }
            XCTAssertEqual(FileKind.hukou.table, "hukou_events", "\(engine)")
        }
    }
}
