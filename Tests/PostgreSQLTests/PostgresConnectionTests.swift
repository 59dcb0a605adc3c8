// The libpq connection: values round-trip as they are bound, hostile text stays data,
// COPY loads what it is given (escapes, NULLs, Chinese) and all or nothing, errors carry
// the server's SQLSTATE, and a failed transaction leaves the data as it was.

import DataModel
import XCTest

final class PostgresConnectionTests: XCTestCase {
    func testValuesRoundTripAsBound() throws {
        let db = try PostgresServer.connect(self)
        let values: [SQLValue] = [.integer(Int64.max), .integer(Int64.min), .real(0.1), .real(-2.5e-300),
                                  .text("城北街道 仙来小区 3栋"), .text(""), .null]
        for value in values {
            XCTAssertEqual(try db.scalar("SELECT $1", [value]), value.text.map(SQLValue.text) ?? value)
        }
        XCTAssertEqual(try db.scalar("SELECT $1 + 1", [.integer(41)]), .integer(42))
        XCTAssertEqual(try db.scalar("SELECT $1 * 2", [.real(1.25)]), .real(2.5))
        XCTAssertEqual(try db.scalar("SELECT 1 = 1"), .integer(1))
    }

    func testHostileTextIsData() throws {
        let db = try PostgresServer.connect(self)
        try db.execute("CREATE TABLE t (name TEXT)")
        let hostile = "x'); DROP TABLE t; --"
        try db.execute("INSERT INTO t VALUES ($1)", [.text(hostile)])
        XCTAssertEqual(try db.query("SELECT name FROM t"), [[.text(hostile)]])
    }

    func testCopyLoadsEveryValueAsGiven() throws {
        let db = try PostgresServer.connect(self)
        try db.execute("CREATE TABLE t (id BIGINT, name TEXT, score DOUBLE PRECISION)")
        let awkward = ["a\tb", "line\nbreak", "back\\slash", "cr\rhere", "\\N", "张三"]
        var rows: [[SQLValue]] = awkward.enumerated().map { [.integer(Int64($0.offset)), .text($0.element), .real(0.5)] }
        rows.append([.integer(99), .null, .null])
        rows += (100..<20_100).map { [.integer(Int64($0)), .text("居民\($0)"), .real(Double($0) / 4)] }
        XCTAssertEqual(try db.copy(into: "t", columns: ["id", "name", "score"], rows: rows), rows.count)
        XCTAssertEqual(try db.query("SELECT id, name, score FROM t ORDER BY id"), rows)
    }

    func testAFailedCopyLoadsNothing() throws {
        let db = try PostgresServer.connect(self)
        try db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)")
        XCTAssertThrowsError(try db.copy(into: "t", columns: ["id"], rows: [[.integer(1)], [.integer(2)], [.integer(1)]])) {
            XCTAssertTrue(($0 as? PostgresError)?.isUniqueViolation == true, "\($0)")
        }
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(0))
        XCTAssertEqual(try db.copy(into: "t", columns: ["id"], rows: [[.integer(3)]]), 1, "the connection is usable after")
    }

    func testAFailedTransactionLeavesTheDataAsItWas() throws {
        let db = try PostgresServer.connect(self)
        try db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)")
        try db.execute("INSERT INTO t VALUES (1)")
        XCTAssertThrowsError(try db.transaction {
            try db.execute("INSERT INTO t VALUES (2)")
            try db.transaction { try db.execute("INSERT INTO t VALUES (3)") }
            try db.execute("INSERT INTO t VALUES (1)")
        })
        XCTAssertEqual(try db.query("SELECT id FROM t ORDER BY id"), [[.integer(1)]])
        try db.transaction {
            try db.execute("INSERT INTO t VALUES (4)")
            XCTAssertThrowsError(try db.transaction { try db.execute("INSERT INTO t VALUES (4)") })
            try db.execute("INSERT INTO t VALUES (5)")
        }
        XCTAssertEqual(try db.query("SELECT id FROM t ORDER BY id"), [[.integer(1)], [.integer(4)], [.integer(5)]],
                       "a failed inner step rolls back to its savepoint only")
    }

    func testErrorsNameTheStateAndTheStatement() throws {
        let db = try PostgresServer.connect(self)
        XCTAssertThrowsError(try db.query("SELECT * FROM no_such_table")) {
            let e = $0 as? PostgresError
            XCTAssertEqual(e?.sqlState, "42P01")
            XCTAssertTrue(e?.description.contains("no_such_table") == true)
        }
        XCTAssertThrowsError(try PostgresConnection("postgresql://nobody:secret@127.0.0.1:1/none")) {
            let text = "\($0)"
            XCTAssertTrue(text.contains("cannot connect"), text)
            XCTAssertFalse(text.contains("secret"), "a password never reaches a message: \(text)")
        }
    }
}
