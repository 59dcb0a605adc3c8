// The database wrapper: bound values, transactions and savepoints, streaming cursors,
// interruption, the dialect's date arithmetic, and the SHA-256 recorded per batch. Each
// runs on every engine but the two about SQLite itself (its text binding, its PRAGMAs).

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class DatabaseTests: XCTestCase {
    func testValuesRoundTripAsBoundParameters() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let d = db.dialect
            try db.execute("CREATE TABLE t (a \(d.typeName(.integer)), b \(d.typeName(.real)), c \(d.typeName(.text)), "
                           + "d \(d.typeName(.text)))")
            let tricky = "O'Brien\"; DROP TABLE t; --"
            try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [.integer(42), .real(1.5), .text(tricky), .null])
            XCTAssertEqual(try db.query("SELECT * FROM t"), [[.integer(42), .real(1.5), .text(tricky), .null]], "\(engine)")
            XCTAssertThrowsError(try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [.integer(1)]), "\(engine)")
            XCTAssertThrowsError(try db.execute("SELEC nonsense"), "\(engine)") { error in
                XCTAssertEqual((error as? DatabaseError)?.sql, "SELEC nonsense", "\(engine)")
            }
        }
    }

    /// Text is bound from the string's own bytes: an empty string stays text (not NULL),
    /// short strings held inline and long ones on the heap keep every byte, NULs included.
    /// SQLite only: PostgreSQL's text holds no NUL, and typeof and BLOB are SQLite's.
    func testTextOfEveryLengthBindsByteForByte() throws {
        let db = try TestSupport.database(self)
        try db.execute("CREATE TABLE t (v)")
        let texts = ["", "F", "2025-12-31", "360502001001", "36050219900101123X", "彭琴霞", "a\0b",
                     String(repeating: "江西省新余市", count: 40)]
        for text in texts { try db.execute("INSERT INTO t VALUES (?)", [.text(text)]) }
        XCTAssertEqual(try db.query("SELECT v, typeof(v), length(CAST(v AS BLOB)) FROM t ORDER BY rowid"),
                       texts.map { [.text($0), .text("text"), .integer(Int64($0.utf8.count))] })
    }

    /// Text holding a NUL is never cut short at it, which would store or match other text:
    /// SQLite keeps it whole, and PostgreSQL's text, which cannot hold one, refuses it.
    func testTextWithANULIsKeptWholeOrRefusedNeverCut() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            try db.execute("CREATE TABLE t (v \(db.dialect.typeName(.text)))")
            try db.execute("INSERT INTO t VALUES ('a')")
            let insert = { try db.execute("INSERT INTO t VALUES (?1)", [.text("a\0b")]) }
            let matches = { try db.scalar("SELECT count(*) FROM t WHERE v = ?1", [.text("a\0b")]) }
            switch engine {
            case .sqlite:
                try insert()
                XCTAssertEqual(try matches(), .integer(1), "\(engine): only the text stored whole")
            case .postgresql:
                XCTAssertThrowsError(try insert(), "\(engine)") { XCTAssertTrue("\($0)".contains("NUL"), "\(engine): \($0)") }
                XCTAssertThrowsError(try matches(), "\(engine): never taken for \"a\"")
            }
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM t WHERE v = 'a'"), .integer(1), "\(engine)")
        }
    }

    func testTransactionRollsBackOnThrowAndNestsWithSavepoints() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            try db.execute("CREATE TABLE t (v INTEGER)")
            struct Failure: Error {}
            XCTAssertThrowsError(try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                throw Failure()
            }, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "t"), 0, "\(engine)")
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                _ = try? db.transaction {
                    try db.execute("INSERT INTO t VALUES (2)")
                    throw Failure()
                }
                try db.transaction { try db.execute("INSERT INTO t VALUES (3)") }
            }
            XCTAssertEqual(try db.query("SELECT v FROM t ORDER BY v"), [[.integer(1)], [.integer(3)]], "\(engine)")
        }
    }

    func testCursorStreamsRowsLazily() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            try db.execute("CREATE TABLE t (v INTEGER)")
            try db.transaction {
                for i in 0..<10_000 { try db.execute("INSERT INTO t VALUES (?)", [.integer(Int64(i))]) }
            }
            let cursor = try db.cursor("SELECT v FROM t ORDER BY v")
            XCTAssertEqual(cursor.columnNames, ["v"], "\(engine)")
            var sum: Int64 = 0, rows = 0
            for row in cursor {
                sum += row[0].integer!
                rows += 1
                // Other statements may run while the cursor is open.
                if rows == 5000 { XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(10_000), "\(engine)") }
            }
            XCTAssertNil(cursor.failure, "\(engine)")
            XCTAssertEqual(rows, 10_000, "\(engine)")
            XCTAssertEqual(sum, (0..<10_000).reduce(0, +), "\(engine)")
        }
    }

    func testInterruptStopsAQueryWithAClearError() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let stopper = Thread { Thread.sleep(forTimeInterval: 0.2); db.interrupt() }
            stopper.start()
            XCTAssertThrowsError(try db.scalar("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                               + "SELECT count(*) FROM n"), "\(engine)") { error in
                let failure = error as? DatabaseError
                XCTAssertEqual(failure?.isInterrupted, true, "\(engine)")
                XCTAssertEqual(failure?.message, "interrupted", "\(engine)")
            }
            XCTAssertEqual(try db.scalar("SELECT 1"), .integer(1), "\(engine): the connection stays usable")
        }
    }

    /// SQLite only: the journal mode and the foreign-key switch are SQLite's PRAGMAs.
    func testOpenSetsWALAndForeignKeys() throws {
        let db = try TestSupport.database(self)
        XCTAssertEqual(try db.scalar("PRAGMA journal_mode"), .text("wal"))
        XCTAssertEqual(try db.scalar("PRAGMA foreign_keys"), .integer(1))
        XCTAssertEqual(try db.scalar("PRAGMA user_version"), .integer(Int64(Migrations.latestVersion)))
    }

    /// SQLite only: a committed write leaves the WAL empty, since the next command (a
    /// process of its own) reads all of a WAL left behind when it opens. A connection
    /// reading meanwhile keeps the WAL for a later writer, and the writer does not wait
    /// for it (the lock wait is a minute).
    func testCommittedWriteEmptiesTheWALUnlessAReaderNeedsIt() throws {
        let path = try TestSupport.temporaryFolder(self).appendingPathComponent("test.db").path
        let db = try Database(path: path)
        let walBytes = { (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0 }
        try db.execute("CREATE TABLE t (v TEXT)")
        let rows = (0..<2000).map { [SQLValue.text("row \($0) " + String(repeating: "x", count: 200))] }
        try db.transaction { try db.insertRows(into: "t", columns: ["v"], rows) }
        XCTAssertEqual(walBytes(), 0)
        let reader = try Database(path: path)
        try reader.transaction(.reading) {
            XCTAssertEqual(try reader.scalar("SELECT count(*) FROM t"), .integer(2000))
            let started = Date()
            try db.transaction { try db.insertRows(into: "t", columns: ["v"], rows) }
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, "the writer did not wait for the reader")
            XCTAssertGreaterThan(walBytes(), 0, "the reader's snapshot keeps the WAL")
            XCTAssertEqual(try reader.scalar("SELECT count(*) FROM t"), .integer(2000))
        }
        try db.transaction { try db.execute("INSERT INTO t VALUES ('last')") }
        XCTAssertEqual(walBytes(), 0)
        XCTAssertEqual(try reader.scalar("SELECT count(*) FROM t"), .integer(4001))
    }

    func testDialectMonthArithmeticMatchesCivilDate() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let dialect = db.dialect
            let sql = "SELECT " + dialect.addingMonths(dialect.placeholder(1), dialect.placeholder(2))
            var day = CivilDate(year: 2023, month: 12, day: 25)!
            while day < CivilDate(year: 2025, month: 3, day: 5)! {
                for months in [-13, -6, -1, 1, 6] {
                    let expected = day.addingMonths(months)!.description
                    XCTAssertEqual(try db.scalar(sql, [.text(day.description), .integer(Int64(months))]),
                                   .text(expected), "\(engine): \(day) \(months)")
                }
                day = day.addingDays(1)!
            }
            XCTAssertEqual(try db.scalar("SELECT " + dialect.addingDays(dialect.placeholder(1), dialect.placeholder(2)), [.text("2025-12-31"), .integer(1)]),
                           .text("2026-01-01"), "\(engine)")
        }
    }

    func testSHA256KnownVectors() {
        var empty = SHA256()
        XCTAssertEqual(empty.finalize(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256()
        abc.update(Array("abc".utf8))
        XCTAssertEqual(abc.finalize(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Fed in uneven pieces, as file chunks arrive.
        var pieces = SHA256()
        let text = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        pieces.update(text[0..<7]); pieces.update(text[7..<50]); pieces.update(text[50...])
        XCTAssertEqual(pieces.finalize(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
