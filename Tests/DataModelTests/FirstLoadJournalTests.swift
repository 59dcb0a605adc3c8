// A big file into an empty table loads with a rollback journal when the importer's
// connection is the only one to the file, writing its pages once instead of through the
// WAL; with another connection open it loads through the WAL as always. Either way the
// database ends in WAL mode with every row, and a file that fails leaves it as it was.
// SQLite only: rollback journal and WAL are SQLite's (PostgreSQL's first load is EngineImportTests').

import CSQLite
import Foundation
import XCTest
@testable import DataModel

final class FirstLoadJournalTests: XCTestCase {
    private func bigRegister(rows: Int = 40_000, badAt: Int? = nil) -> String {
        var text = TestSupport.personsHeader
        for i in 0..<rows { text += TestSupport.personRow(i, birth: i == badAt ? "1980-13-45" : "1980-01-01") }
        return text
    }

    private func walSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
    }

    /// The most frames the WAL held after a commit of the watched connection: SQLite's WAL
    /// hook runs at each commit that went through the WAL, before the checkpoint that
    /// empties it (SQLiteEngine.writeCommitted), and never for a rollback-journal commit.
    private final class WALFrames {
        var most = 0
    }

    private func watchWAL(_ db: Database) -> WALFrames {
        let frames = WALFrames()
        let handle = (db.engine as! SQLiteEngine).handle
        sqlite3_wal_hook(handle, { context, _, _, count in
            let frames = Unmanaged<WALFrames>.fromOpaque(context!).takeUnretainedValue()
            frames.most = max(frames.most, Int(count))
            return SQLITE_OK
        }, Unmanaged.passUnretained(frames).toOpaque())
        return frames
    }

    func testAFirstLoadWritesNothingThroughTheWAL() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let path = folder.appendingPathComponent("first.db").path
        let db = try Database(path: path)
        let frames = watchWAL(db)
        let file = try TestSupport.write(bigRegister(), to: "persons.csv", in: folder)
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: file)[.size] as! Int,
                             Int(Importer.deferIndexesFromBytes))
        XCTAssertEqual(Importer(database: db).importFile(file).loaded, 40_000)
        // The rows went into the file itself; the WAL the connection returned to is empty.
        XCTAssertLessThan(frames.most, 100, "only the import's bookkeeping after the load goes through the WAL")
        XCTAssertEqual(walSize(path), 0)
        XCTAssertEqual(try db.scalar("PRAGMA journal_mode"), .text("wal"))
        XCTAssertEqual(try db.scalar("PRAGMA synchronous"), .integer(1))
        // The load's and the index builds' caches and sorter threads are the query's again.
        XCTAssertEqual(try db.scalar("PRAGMA cache_size"), .integer(-Int64(SQLiteEngine.queryCacheKiB)))
        XCTAssertEqual(try db.scalar("PRAGMA threads"), .integer(0))
        XCTAssertEqual(try TestSupport.count(db, "persons"), 40_000)
        XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"))
        // A second big file into the now full table goes through the WAL as usual.
        let more = try TestSupport.write(bigRegister(rows: 41_000), to: "more.csv", in: folder)
        let summary = Importer(database: db).importFile(more)
        XCTAssertEqual([summary.loaded, summary.duplicates], [1_000, 40_000])
        XCTAssertGreaterThan(frames.most, 100)
        // And the WAL is emptied after its commit, for the next command.
        XCTAssertEqual(walSize(path), 0)
    }

    func testWithAnotherConnectionOpenTheLoadGoesThroughTheWAL() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let path = folder.appendingPathComponent("shared.db").path
        let db = try Database(path: path)
        let frames = watchWAL(db)
        let reader = try Database(path: path)
        XCTAssertEqual(try TestSupport.count(reader, "persons"), 0)
        let file = try TestSupport.write(bigRegister(), to: "persons.csv", in: folder)
        XCTAssertEqual(Importer(database: db).importFile(file).loaded, 40_000)
        XCTAssertGreaterThan(frames.most, 100)
        XCTAssertEqual(try TestSupport.count(reader, "persons"), 40_000)
    }

    func testAFailedFirstLoadLeavesTheDatabaseAsItWas() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let path = folder.appendingPathComponent("failed.db").path
        let db = try Database(path: path)
        let before = try TestSupport.snapshot(db)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        // Every row is written before the last line turns out to be broken.
        let broken = bigRegister(badAt: 7) + "\"\(TestSupport.identity(40_000)),never closed\n"
        let summary = Importer(database: db).importFile(try TestSupport.write(broken, to: "broken.csv", in: folder))
        XCTAssertEqual(summary.error?.contains("a quoted field opened here is never closed"), true, summary.error ?? "")
        XCTAssertEqual(try TestSupport.snapshot(db), before)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int, size)
        XCTAssertEqual(try db.scalar("PRAGMA journal_mode"), .text("wal"))
        XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"))
        let good = Importer(database: db).importFile(try TestSupport.write(bigRegister(badAt: 7), to: "good.csv", in: folder))
        XCTAssertEqual([good.loaded, good.quarantined], [39_999, 1])
    }
}
