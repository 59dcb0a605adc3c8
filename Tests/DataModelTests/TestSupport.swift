// Helpers shared by the DataModel tests: temporary folders, the sample files, valid
// identity numbers, snapshots of a database's content for before/after comparisons.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

enum TestSupport {
    /// `Tests/Fixtures/samples`, found from this file's place in the repository.
    static var samples: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/samples")
    }

    /// The header of the spec's persons.csv.
    static let personsHeader = "person_id,name,sex,birth_date,marital,spouse_id,hukou_area,hukou_kind,residence_area,"
        + "address,unit_code,residence_since\n"

    /// A valid identity number for serial `i` (GB 11643 check character, computed here
    /// apart from IdentityNumber), registered in Yushui district and born in `year`.
    static func identity(_ i: Int, born year: Int = 1980) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], checks = Array("10X98765432")
        let body = "360502\(year)" + String(format: "%02d%02d%03d", i % 12 + 1, (i / 12) % 28 + 1, i / 336)
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +)
        return body + String(checks[sum % 11])
    }

    /// A persons.csv row for serial `i`: a single woman with a Yushui hukou living in
    /// Fenyi county.
    static func personRow(_ i: Int, birth: String = "1980-01-01", address: String = "仙来小区") -> String {
        "\(identity(i)),居民\(i),F,\(birth),single,,360502104003,family,360521002001,\(address) \(i)栋,,2020-01-01\n"
    }

    /// A fresh folder, removed when the test ends.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    static func database(_ test: XCTestCase) throws -> Database {
        try Database(path: temporaryFolder(test).appendingPathComponent("test.db").path)
    }

    /// A fresh database on `engine`, removed when the test ends.
    static func database(_ test: XCTestCase, on engine: TestEngine) throws -> Database {
        let (db, remove) = try EngineDatabases.fresh(engine)
        test.addTeardownBlock(remove)
        return db
    }

    /// Where a database on `engine` may be opened at an older version, removed when the test ends.
    static func location(_ test: XCTestCase, on engine: TestEngine) throws -> String {
        let (path, remove) = try EngineDatabases.emptyLocation(engine)
        test.addTeardownBlock(remove)
        return path
    }

    /// Loads files into a database at an older schema version: today's importer writes
    /// today's bookkeeping columns, which an older schema lacks, so the files go into a
    /// current database beside it and their batches and rows are copied over, rowids kept.
    static func importAtOldVersion(_ files: [String], into old: Database, tables: [String], _ test: XCTestCase) throws {
        let current = try database(test)
        for file in files { XCTAssertNil(Importer(database: current).importFile(file).error, file) }
        try old.execute("ATTACH DATABASE ?1 AS loaded", [.text(current.path)])
        defer { try? old.execute("DETACH DATABASE loaded") }
        try old.execute("INSERT INTO imports (id, file, size, encoding, kind, read, loaded, updated, duplicates, quarantined, "
                        + "started, finished, sha256) SELECT id, file, size, encoding, kind, read, loaded + corrected, "
                        + "corrected, duplicates, quarantined, started, finished, sha256 FROM loaded.imports ORDER BY id")
        for table in tables {
            let columns = try old.query("SELECT name FROM pragma_table_info(?1) ORDER BY cid", [.text(table)])
                .compactMap { $0[0].text }.map { "\"\($0)\"" }.joined(separator: ", ")
            try old.execute("INSERT INTO main.\"\(table)\" (rowid, \(columns)) SELECT rowid, \(columns) FROM loaded.\"\(table)\" ORDER BY rowid")
        }
    }

    /// Writes `text` (as UTF-8, or the given bytes) to a file in `folder`.
    @discardableResult
    static func write(_ text: String, to name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Every row of every user table in insertion order, without the engine's own row
    /// numbers: equal snapshots mean equal content.
    static func snapshot(_ db: Database) throws -> [String: [[SQLValue]]] {
        var result: [String: [[SQLValue]]] = [:]
        for table in try EngineDatabases.tables(in: db) {
            let columns = try EngineDatabases.columns(of: table, in: db)
            // A table PostgreSQL holds without row numbers (popsh's own bookkeeping) is
            // ordered by its columns instead.
            let numbered = try db.isFile || EngineDatabases.columns(of: table, in: db, all: true).contains(db.dialect.rowOrder)
            let order = numbered ? db.dialect.rowOrder : (1...columns.count).map(String.init).joined(separator: ", ")
            result[table] = try db.query("SELECT \(columns.map(db.dialect.quote).joined(separator: ", ")) "
                                         + "FROM \(db.dialect.quote(table)) ORDER BY \(order)")
        }
        return result
    }

    static func count(_ db: Database, _ table: String) throws -> Int {
        Int(try db.scalar("SELECT count(*) FROM \"\(table)\"").integer ?? -1)
    }

    /// Data rows of a sample file counted independently of the importer: its non-empty
    /// lines less the header (the samples hold no quoted line breaks).
    static func dataLines(_ url: URL) throws -> Int {
        let data = try Data(contentsOf: url)
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .filter { !($0.count == 1 && $0.first == UInt8(ascii: "\r")) }
        return lines.count - 1
    }
}
