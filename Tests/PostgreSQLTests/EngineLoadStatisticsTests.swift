// What an import leaves the server's planner. A first load of a big file into an empty
// table writes its rows frozen, so the table is all-visible when the import commits (an
// index-only scan reads no table page from the first question on, not only once
// autovacuum has passed over the table); a later run of files analyzes a table once, at
// its end, and only when the run added more than a tenth of the rows the statistics
// describe, as autovacuum would, so a month's small feed does not pay for sampling a year
// of records. Server only: SQLite
// keeps neither a visibility map nor statistics of its own accord.

@testable import DataModel
import EngineSupport
import Foundation
import XCTest

final class EngineLoadStatisticsTests: XCTestCase {
    private func serverDatabase() throws -> Database {
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        addTeardownBlock(remove)
        Importer(database: db).importPaths([EngineDatabases.samples + "/areas.csv"]).forEach { XCTAssertNil($0.error) }
        // Autovacuum would analyze on its own schedule, in the middle of what is measured.
        try db.execute("ALTER TABLE persons SET (autovacuum_enabled = false)")
        return db
    }

    /// A register file of persons `range`.
    private func register(_ range: Range<Int>) throws -> String {
        try RegisterFile.write(range.map {
            "\(RegisterFile.identity($0)),居民\($0),F,1990-01-01,single,,360502104003,family,360521002001,"
                + "仙来小区 \($0)栋 \($0 % 7)单元,,2020-01-01\n"
        }.joined(), for: self)
    }

    private func pages(_ db: Database) throws -> (pages: Int64, allVisible: Int64, rows: Int64) {
        let row = try db.query("SELECT relpages, relallvisible, CAST(reltuples AS BIGINT) FROM pg_class "
                               + "WHERE oid = to_regclass('persons')")[0]
        return (row[0].integer ?? -1, row[1].integer ?? -1, row[2].integer ?? -1)
    }

    func testAFirstLoadOfABigFileLeavesTheTableAllVisible() throws {
        let db = try serverDatabase()
        let path = try register(0..<40_000)
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0,
                             Int(Importer.deferIndexesFromBytes), "a file big enough for a first load")
        let summary = Importer(database: db).importFile(path)
        XCTAssertNil(summary.error)
        XCTAssertEqual(summary.loaded, 40_000)
        let after = try pages(db)
        XCTAssertGreaterThan(after.pages, 100)
        XCTAssertEqual(after.allVisible, after.pages, "every page of the table all-visible when the import ends")
        XCTAssertEqual(after.rows, 40_000, "analyzed after its first load")
        // The frozen rows are the import's: it committed once, with its indexes and its key.
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM persons"), .integer(40_000))
        let again = Importer(database: db).importFile(path)
        XCTAssertEqual([again.loaded, again.duplicates], [0, 40_000], "the key's index is back and tells every row")
    }

    func testALoadAnalyzesTheTableOnlyWhenItAddsMoreThanATenth() throws {
        let db = try serverDatabase()
        var next = 0
        func load(_ count: Int) throws -> Int64 {
            let summary = Importer(database: db).importFile(try register(next..<next + count))
            XCTAssertNil(summary.error)
            XCTAssertEqual(summary.loaded, count)
            next += count
            return try pages(db).rows
        }
        XCTAssertEqual(try load(1_000), 1_000, "a table never analyzed is analyzed after its load")
        XCTAssertEqual(try load(100), 1_000, "a tenth more: the statistics stand")
        XCTAssertEqual(try load(101), 1_201, "more than a tenth of the rows last analyzed: analyzed again")
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM persons"), .integer(1_201))
    }

    /// The rule holds for a run of files as a whole: their rows add up, and the table is
    /// analyzed once at the run's end, not after each file.
    func testARunOfFilesIsAnalyzedOnceForAllItsRows() throws {
        let db = try serverDatabase()
        XCTAssertNil(Importer(database: db).importFile(try register(0..<1_000)).error)
        XCTAssertEqual(try pages(db).rows, 1_000)
        let files = [try register(1_000..<1_060), try register(1_060..<1_110)]
        let summaries = Importer(database: db).importPaths(files)
        XCTAssertEqual(summaries.map(\.loaded), [60, 50])
        XCTAssertEqual(try pages(db).rows, 1_110, "60 and 50 rows, each under a tenth alone, are more than one together")
    }
}
