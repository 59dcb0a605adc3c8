// PostgresCursor: a query that `Database.cursor` steps, read from the server a batch of
// rows at a time through a server-side cursor (DECLARE ... FETCH), so that an export of
// the whole register holds one batch in popsh's memory rather than every row, as SQLite
// steps row by row. Unlike libpq's single-row mode, a server-side cursor leaves the
// connection free between batches, so other statements run while it is open, as
// `Database.cursor` promises.

import CLibPQ

final class PostgresCursor: EngineStatement {
    let sql: String
    private let text: String
    let parameterCount: Int
    private var values: [SQLValue]
    private unowned let engine: PostgresEngine
    /// The batch being read, its row, and whether the server has rows after it.
    private var batch: OpaquePointer?
    private var row: Int32 = -1
    private var exhausted = false
    /// The server-side cursor's name while it is declared.
    private var declared: String?
    /// Declared outside a transaction: WITH HOLD, which outlives the statement's own
    /// transaction and so must be closed by name.
    private var held = false

    /// Rows fetched at once: a few megabytes of the widest table, and few enough round
    /// trips that a million rows cost a hundred of them.
    static let batchRows = 10_000

    init(engine: PostgresEngine, sql: String) {
        let translated = Placeholders.postgres(sql)
        self.sql = sql
        text = translated.sql
        parameterCount = translated.count
        values = Array(repeating: .null, count: translated.count)
        self.engine = engine
    }

    deinit { close() }

    /// Only a query can be a cursor's; anything else (an INSERT ... RETURNING) runs whole.
    static func isQuery(_ sql: String) -> Bool {
        let head = sql.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(6).uppercased()
        return head.hasPrefix("SELECT") || head.hasPrefix("WITH") || head.hasPrefix("VALUES")
    }

    func bind(_ value: SQLValue, at index: Int32) throws {
        guard index >= 1, Int(index) <= values.count else {
            throw DatabaseError(message: "placeholder \(index) is not in the statement (it takes \(values.count))", sql: sql)
        }
        values[Int(index) - 1] = value
    }

    /// Declares the cursor and reads its first batch, which also names the columns.
    private func open() throws -> OpaquePointer {
        if let batch { return batch }
        let name = engine.cursorName()
        // Inside a transaction the cursor lives as long as it; outside one, WITH HOLD
        // keeps the rows on the server after DECLARE's own transaction commits.
        held = PQtransactionStatus(engine.connection.handle) == PQTRANS_IDLE
        PQclear(try run("DECLARE \(name) NO SCROLL CURSOR \(held ? "WITH HOLD " : "")FOR \(text)", values))
        declared = name
        return try fetch()
    }

    private func fetch() throws -> OpaquePointer {
        guard let name = declared else { throw DatabaseError(message: "the cursor is closed", sql: sql) }
        if let batch { PQclear(batch) }
        batch = nil
        let fresh = try run("FETCH FORWARD \(Self.batchRows) FROM \(name)", [])
        batch = fresh
        row = -1
        exhausted = PQntuples(fresh) < Int32(Self.batchRows)
        if exhausted { close(keepingBatch: true) }
        return fresh
    }

    /// Runs on the connection without touching the engine's count of changed rows, which
    /// belongs to the last INSERT, UPDATE or DELETE, not to a FETCH between them.
    private func run(_ statement: String, _ values: [SQLValue]) throws -> OpaquePointer {
        do {
            return try engine.connection.run(statement, values)
        } catch let error as PostgresError {
            throw engine.failure(error)
        }
    }

    func step() throws -> Bool {
        var current = try open()
        row += 1
        if row < PQntuples(current) { return true }
        guard !exhausted else { return false }
        current = try fetch()
        row = 0
        return row < PQntuples(current)
    }

    func column(_ index: Int) -> SQLValue {
        guard let batch, row >= 0, row < PQntuples(batch), PQgetisnull(batch, row, Int32(index)) == 0 else { return .null }
        return PostgresConnection.value(String(cString: PQgetvalue(batch, row, Int32(index))),
                                        type: PQftype(batch, Int32(index)))
    }

    var columnCount: Int { (try? open()).map { Int(PQnfields($0)) } ?? 0 }

    var columnNames: [String] {
        guard let batch = try? open() else { return [] }
        return (0..<PQnfields(batch)).map { String(cString: PQfname(batch, $0)) }
    }

    func rewind() { close() }

    func reset() {
        close()
        values = Array(repeating: .null, count: values.count)
    }

    /// Closes the server's cursor. A cursor of a transaction that has ended is gone
    /// already, and an aborted transaction refuses the CLOSE: neither is worth an error.
    private func close(keepingBatch: Bool = false) {
        if let name = declared {
            declared = nil
            let inTransaction = PQtransactionStatus(engine.connection.handle) == PQTRANS_INTRANS
            if held || inTransaction { try? engine.connection.execute("CLOSE \(name)") }
        }
        guard !keepingBatch else { return }
        if let batch { PQclear(batch) }
        batch = nil
        row = -1
        exhausted = false
    }
}
