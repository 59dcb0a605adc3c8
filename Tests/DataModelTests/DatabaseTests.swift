// The database wrapper: bound values, transactions and savepoints, streaming cursors,
// interruption, the dialect's date arithmetic, and the SHA-256 recorded per batch.

import Foundation
import XCTest
@testable import DataModel

final class DatabaseTests: XCTestCase {
    func testValuesRoundTripAsBoundParameters() throws {
        let db = try TestSupport.database(self)
        try db.execute("CREATE TABLE t (a, b, c, d)")
        let tricky = "O'Brien\"; DROP TABLE t; --"
        try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [.integer(42), .real(1.5), .text(tricky), .null])
        XCTAssertEqual(try db.query("SELECT * FROM t"), [[.integer(42), .real(1.5), .text(tricky), .null]])
        XCTAssertThrowsError(try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [.integer(1)]))
        XCTAssertThrowsError(try db.execute("SELEC nonsense")) { error in
            XCTAssertEqual((error as? DatabaseError)?.sql, "SELEC nonsense")
        }
    }

    /// Text is bound from the string's own bytes: an empty string stays text (not NULL),
    /// short strings held inline and long ones on the heap keep every byte, NULs included.
    func testTextOfEveryLengthBindsByteForByte() throws {
        let db = try TestSupport.database(self)
        try db.execute("CREATE TABLE t (v)")
        let texts = ["", "F", "2025-12-31", "360502001001", "36050219900101123X", "彭琴霞", "a\0b",
                     String(repeating: "江西省新余市", count: 40)]
        for text in texts { try db.execute("INSERT INTO t VALUES (?)", [.text(text)]) }
        XCTAssertEqual(try db.query("SELECT v, typeof(v), length(CAST(v AS BLOB)) FROM t ORDER BY rowid"),
                       texts.map { [.text($0), .text("text"), .integer(Int64($0.utf8.count))] })
    }

    func testTransactionRollsBackOnThrowAndNestsWithSavepoints() throws {
        let db = try TestSupport.database(self)
        try db.execute("CREATE TABLE t (v INTEGER)")
        struct Failure: Error {}
        XCTAssertThrowsError(try db.transaction {
            try db.execute("INSERT INTO t VALUES (1)")
            throw Failure()
        })
        XCTAssertEqual(try TestSupport.count(db, "t"), 0)
        try db.transaction {
            try db.execute("INSERT INTO t VALUES (1)")
            _ = try? db.transaction {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Failure()
            }
            try db.transaction { try db.execute("INSERT INTO t VALUES (3)") }
        }
        XCTAssertEqual(try db.query("SELECT v FROM t ORDER BY v"), [[.integer(1)], [.integer(3)]])
    }

    func testCursorStreamsRowsLazily() throws {
        let db = try TestSupport.database(self)
        try db.execute("CREATE TABLE t (v INTEGER)")
        try db.transaction {
            for i in 0..<10_000 { try db.execute("INSERT INTO t VALUES (?)", [.integer(Int64(i))]) }
        }
        let cursor = try db.cursor("SELECT v FROM t ORDER BY v")
        XCTAssertEqual(cursor.columnNames, ["v"])
        var sum: Int64 = 0, rows = 0
        for row in cursor {
            sum += row[0].integer!
            rows += 1
            // Other statements may run while the cursor is open.
            if rows == 5000 { XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(10_000)) }
        }
        XCTAssertNil(cursor.failure)
        XCTAssertEqual(rows, 10_000)
        XCTAssertEqual(sum, (0..<10_000).reduce(0, +))
    }

    func testInterruptStopsAQueryWithAClearError() throws {
        let db = try TestSupport.database(self)
        let stopper = Thread { Thread.sleep(forTimeInterval: 0.2); db.interrupt() }
        stopper.start()
        XCTAssertThrowsError(try db.scalar("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                           + "SELECT count(*) FROM n")) { error in
            let failure = error as? DatabaseError
            XCTAssertEqual(failure?.isInterrupted, true)
            XCTAssertEqual(failure?.message, "interrupted")
        }
        XCTAssertEqual(try db.scalar("SELECT 1"), .integer(1), "the connection stays usable")
    }

    func testOpenSetsWALAndForeignKeys() throws {
        let db = try TestSupport.database(self)
        XCTAssertEqual(try db.scalar("PRAGMA journal_mode"), .text("wal"))
        XCTAssertEqual(try db.scalar("PRAGMA foreign_keys"), .integer(1))
        XCTAssertEqual(try db.scalar("PRAGMA user_version"), .integer(Int64(Migrations.latestVersion)))
    }

    func testDialectMonthArithmeticMatchesCivilDate() throws {
        let db = try TestSupport.database(self)
        let dialect = db.dialect
        let sql = "SELECT " + dialect.addingMonths(dialect.placeholder(1), dialect.placeholder(2))
        var day = CivilDate(year: 2023, month: 12, day: 25)!
        while day < CivilDate(year: 2025, month: 3, day: 5)! {
            for months in [-13, -6, -1, 1, 6] {
                let expected = day.addingMonths(months)!.description
                XCTAssertEqual(try db.scalar(sql, [.text(day.description), .integer(Int64(months))]),
                               .text(expected), "\(day) \(months)")
            }
            day = day.addingDays(1)!
        }
        XCTAssertEqual(try db.scalar("SELECT " + dialect.addingDays(dialect.placeholder(1), dialect.placeholder(2)), [.text("2025-12-31"), .integer(1)]),
                       .text("2026-01-01"))
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
