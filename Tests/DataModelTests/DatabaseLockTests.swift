// Two connections on one file, as two popsh processes are: a writer meeting another's
// write lock waits, says so, and gives up with words naming the lock; a cross-check
// reads while another writes and takes the lock only to store its run; an import killed
// half-way (its transaction abandoned) leaves nothing, and the file imported again
// quarantines each bad line once. And which files `.existing` refuses to open.
// SQLite only: file locks and files (the server's writer lock is EngineImportTests' and ManySessionsTests').

import Foundation
import XCTest
@testable import DataModel

final class DatabaseLockTests: XCTestCase {
    private final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var texts: [String] = []
        func add(_ text: String) { lock.withLock { texts.append(text) } }
        var all: [String] { lock.withLock { texts } }
    }

    private var savedWait = 0.0
    private var notices = Notices()

    override func setUp() {
        savedWait = Database.lockWaitSeconds
        let notices = Notices()
        self.notices = notices
        Database.lockNotice = { notices.add($0) }
    }

    override func tearDown() {
        Database.lockWaitSeconds = savedWait
        Database.lockNotice = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    }

    private func samplesDatabase() throws -> Database {
        let db = try TestSupport.database(self)
        XCTAssertTrue(Importer(database: db).importPaths([TestSupport.samples.path]).allSatisfy { $0.error == nil })
        return db
    }

    func testASecondWriterWaitsSaysSoThenGivesUp() throws {
        let db = try samplesDatabase()
        Database.lockWaitSeconds = 1.5
        let importer = try Database(path: db.path, mode: .existing)
        try importer.execute("BEGIN IMMEDIATE")
        defer { try? importer.execute("ROLLBACK") }
        let started = Date()
        let summary = Importer(database: try Database(path: db.path, mode: .existing))
            .importFile(TestSupport.samples.appendingPathComponent("units.csv").path)
        let waited = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(waited, 1.4)
        XCTAssertLessThan(waited, 5)
        let error = try XCTUnwrap(summary.error)
        XCTAssertTrue(error.contains("another popsh kept \(db.path) locked"), error)
        XCTAssertTrue(error.contains("for longer than the 1.5 s popsh waits; try again when it has finished"), error)
        XCTAssertFalse(error.contains("BEGIN"), "no SQL in a message about another writer")
        XCTAssertEqual(notices.all, ["popsh: another popsh is writing to \(db.path) (importing, applying or "
                                     + "cross-checking); waiting up to 1.5 s…"])
    }

    /// The writer adds a feed record it has not committed when the cross-check starts: a
    /// cross-check that read under the write lock would have waited and counted it.
    func testACrosscheckReadsWhileAnotherWritesAndWaitsOnlyToStore() throws {
        let db = try samplesDatabase()
        let records = try db.scalar("SELECT (SELECT count(*) FROM marriages) + (SELECT count(*) FROM births) + "
                                    + "(SELECT count(*) FROM deaths) + (SELECT count(*) FROM abortions) + "
                                    + "(SELECT count(*) FROM hukou_events)").integer
        Database.lockWaitSeconds = 30
        let writer = try Database(path: db.path, mode: .existing)
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("INSERT INTO births (record_no, birth_date, mother_name, source_file, source_line, raw) "
                           + "VALUES ('B-late', '2025-12-30', '周红', 'late.csv', 2, 'x')")
        let released = Date().addingTimeInterval(3)
        let done = DispatchSemaphore(value: 0)
        let reader = try Database(path: db.path, mode: .existing)
        nonisolated(unsafe) var outcome: Result<CrosscheckRun, Error>?
        let thread = Thread { outcome = Result { try Crosschecker(database: reader).run(.all) }; done.signal() }
        thread.start()
        Thread.sleep(until: released)
        try writer.execute("COMMIT")
        done.wait()
        let run = try XCTUnwrap(outcome).get()
        XCTAssertEqual(Int64(run.records), records, "the records committed when it read, not the one committed later")
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM crosscheck_findings WHERE run_id = ?1", [.integer(run.id)]),
                       .integer(Int64(run.counts.values.reduce(0, +))))
        XCTAssertEqual(notices.all.count, 1, "it waited to store its run: \(notices.all)")
    }

    /// A crash mid-import is a transaction that never commits: the connection closes
    /// with it open (SIGKILL does the same to the process).
    func testAnImportAbandonedHalfWayLeavesNothingAndReimportQuarantinesOnce() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let db = try TestSupport.database(self)
        let bad = TestSupport.personRow(9).replacingOccurrences(of: ",F,", with: ",U,")
        let path = try TestSupport.write(TestSupport.personsHeader + TestSupport.personRow(1) + bad, to: "p.csv", in: folder)
        let before = try TestSupport.snapshot(db)
        do {
            let crashing = try Database(path: db.path, mode: .existing)
            try crashing.execute("BEGIN IMMEDIATE")
            try crashing.execute("INSERT INTO imports (file, size, encoding, kind, read, loaded, corrected, duplicates, "
                                 + "quarantined, started) VALUES (?1, 1, 'utf-8', 'persons', 0, 0, 0, 0, 0, 'now')", [.text(path)])
            try crashing.execute("INSERT INTO quarantine (batch_id, file, line, reason, raw) VALUES (?1, ?2, 3, 'r', 'x')",
                                 [.integer(crashing.lastInsertedRowID), .text(path)])
        }
        XCTAssertEqual(try TestSupport.snapshot(db), before)
        for _ in 0..<2 { _ = Importer(database: db).importFile(path) }
        XCTAssertEqual(try db.query("SELECT line, column_name FROM quarantine"), [[.integer(3), .text("sex")]])
        XCTAssertEqual(try db.scalar("SELECT sum(loaded) || '/' || sum(quarantined) || '/' || sum(duplicates) FROM imports"),
                       .text("1/1/2"))
    }

    func testExistingRefusesMissingEmptyAndForeignFilesAndCreatesNothing() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let missing = folder.appendingPathComponent("typo.db").path
        XCTAssertThrowsError(try Database(path: missing, mode: .existing)) { error in
            XCTAssertEqual((error as? DatabaseError)?.message, "there is no database at \(missing)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        let empty = try TestSupport.write("", to: "empty.db", in: folder)
        XCTAssertThrowsError(try Database(path: empty, mode: .existing)) { error in
            XCTAssertTrue("\(error)".contains("is an empty file, not a popsh database"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int, 0)
        let text = try TestSupport.write("code,name\n", to: "notes.db", in: folder)
        XCTAssertThrowsError(try Database(path: text, mode: .existing)) { error in
            XCTAssertTrue("\(error)".contains("is not a popsh database"), "\(error)")
        }
    }
}
