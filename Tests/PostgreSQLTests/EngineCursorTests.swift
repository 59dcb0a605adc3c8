// Database.cursor on both engines: every row in order past the server's batch size,
// other statements running while it is open (inside a transaction and outside one), a
// statement that is not a query, and on the server a cursor read in batches that is
// closed when read to its end or dropped half-way, so no result is held whole, and a big
// table read unsorted in load order even after a scan of it stopped half-way.

import DataModel
import EngineSupport
import XCTest

final class EngineCursorTests: XCTestCase {
    /// More rows than the server sends in one batch (10,000), so the cursor must fetch again.
    private let count = 25_003
    private var numbers: String {
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?1) SELECT n, 'row ' || n FROM s ORDER BY n"
    }

    private func onEachEngine(_ body: (TestEngine, Database) throws -> Void) throws {
        for engine in try EngineDatabases.engines() {
            let (db, remove) = try EngineDatabases.fresh(engine)
            defer { remove() }
            try body(engine, db)
        }
    }

    func testEveryRowInOrderWhileOtherStatementsRun() throws {
        try onEachEngine { engine, db in
            try db.execute("CREATE TABLE seen (n BIGINT)")
            let cursor = try db.cursor(numbers, [.integer(Int64(count))])
            XCTAssertEqual(cursor.columnNames.count, 2, engine.rawValue)
            var expected: Int64 = 1
            while let row = try cursor.nextRow() {
                XCTAssertEqual(row, [.integer(expected), .text("row \(expected)")], engine.rawValue)
                if expected % 5_000 == 0 {
                    try db.execute("INSERT INTO seen (n) VALUES (?1)", [.integer(expected)])
                    XCTAssertEqual(try db.scalar("SELECT count(*) FROM seen"), .integer(expected / 5_000), engine.rawValue)
                }
                expected += 1
            }
            XCTAssertEqual(expected - 1, Int64(count), "\(engine.rawValue): every row, once")
        }
    }

    func testACursorInsideATransaction() throws {
        try onEachEngine { engine, db in
            try db.execute("CREATE TABLE seen (n BIGINT)")
            let total = try db.transaction(.writing) { () -> Int64 in
                var total: Int64 = 0
                for row in try db.cursor(numbers, [.integer(Int64(count))]) {
                    total += row[0].integer ?? 0
                    if total % 7 == 0 { try db.execute("INSERT INTO seen (n) VALUES (?1)", [row[0]]) }
                }
                return total
            }
            XCTAssertEqual(total, Int64(count) * Int64(count + 1) / 2, engine.rawValue)
            let written = try db.scalar("SELECT count(*) FROM seen").integer ?? 0
            XCTAssertGreaterThan(written, 0, "\(engine.rawValue): the writes between rows were committed")
        }
    }

    func testAStatementThatIsNotAQuery() throws {
        try onEachEngine { engine, db in
            try db.execute("CREATE TABLE t (n BIGINT)")
            let rows = Array(try db.cursor("INSERT INTO t (n) VALUES (?1), (?2) RETURNING n", [.integer(4), .integer(5)]))
            XCTAssertEqual(rows, [[.integer(4)], [.integer(5)]], engine.rawValue)
            XCTAssertEqual(try db.scalar("SELECT sum(n) FROM t"), .integer(9), engine.rawValue)
        }
    }

    /// The server holds the rows, popsh one batch: a cursor is open on the server while
    /// read, and closed once read to its end or dropped, in a transaction or not.
    func testTheServerKeepsTheRowsAndTheCursorIsClosedAfter() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else { return }
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        defer { remove() }
        let open = "SELECT count(*) FROM pg_cursors WHERE name LIKE 'popsh%'"
        let finished = try db.cursor(numbers, [.integer(Int64(count))])
        XCTAssertNotNil(try finished.nextRow())
        XCTAssertEqual(try db.scalar(open), .integer(1), "the rows are read from a cursor on the server")
        while try finished.nextRow() != nil {}
        XCTAssertEqual(try db.scalar(open), .integer(0), "a cursor read to its end is closed")
        do {
            let dropped = try db.cursor(numbers, [.integer(Int64(count))])
            XCTAssertNotNil(try dropped.nextRow())
            XCTAssertEqual(try db.scalar(open), .integer(1))
        }
        XCTAssertEqual(try db.scalar(open), .integer(0), "a cursor dropped half-way is closed")
        try db.transaction(.reading) {
            let inside = try db.cursor(numbers, [.integer(Int64(count))])
            XCTAssertNotNil(try inside.nextRow())
            XCTAssertEqual(try db.scalar(open), .integer(1))
        }
        XCTAssertEqual(try db.scalar(open), .integer(0), "a transaction's cursor ends with it")
    }

    /// The server starts a scan of a table larger than a quarter of its buffers where the
    /// last scan of it stopped, unless the session says otherwise: SQLite reads in load order.
    func testABigTableReadUnsortedComesBackInLoadOrder() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else { return }
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        defer { remove() }
        try db.execute("CREATE TABLE big AS SELECT n, repeat('x', 300) AS pad FROM generate_series(1, 250000) AS n")
        let big = try db.scalar("SELECT pg_relation_size('big') > pg_size_bytes(current_setting('shared_buffers')) / 4")
        XCTAssertEqual(big, .integer(1), "the table must pass a quarter of the server's buffers for this test to mean anything")
        do {
            let stopped = try db.cursor("SELECT n FROM big")
            for _ in 0..<60_000 { _ = try stopped.nextRow() }
        }
        XCTAssertEqual(try db.cursor("SELECT n FROM big").nextRow(), [.integer(1)])
    }
}
