// CopyStream: one COPY FROM STDIN in progress, fed a row at a time, for a loader whose
// rows arrive from a reading thread rather than as one sequence. While it is open the
// connection runs nothing else; `finish` ends it and reports the server's verdict on
// every row, `abandon` ends it keeping none of them.

import CLibPQ

final class CopyStream {
    private let connection: PostgresConnection
    private let sql: String
    private let width: Int
    private var buffer: [UInt8] = []
    private(set) var count = 0
    private var open = true

    /// Bytes sent to the server at once.
    private static let chunk = 1 << 18

    init(_ connection: PostgresConnection, into table: String, columns: [String], frozen: Bool = false) throws {
        let dialect = PostgreSQLDialect()
        sql = "COPY \(dialect.quote(table)) (\(dialect.quoteList(columns))) FROM STDIN" + (frozen ? " WITH (FREEZE)" : "")
        self.connection = connection
        width = columns.count
        PQclear(try connection.run(sql, [], expecting: PGRES_COPY_IN))
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    deinit { if open { abandon(because: "the load stopped") } }

    func append(_ row: [SQLValue]) throws {
        guard row.count == width else {
            throw PostgresError(message: "row \(count + 1) has \(row.count) values for \(width) columns", sqlState: "", sql: sql)
        }
        CopyText.append(row, to: &buffer)
        count += 1
        if buffer.count >= Self.chunk { try send() }
    }

    /// Ends the COPY; returns the rows loaded, or throws the server's refusal of them.
    func finish() throws -> Int {
        try send()
        open = false
        guard PQputCopyEnd(connection.handle, nil) == 1 else { throw connection.failure(sql) }
        var error: PostgresError?
        while let result = PQgetResult(connection.handle) {
            if PQresultStatus(result) != PGRES_COMMAND_OK { error = error ?? PostgresConnection.error(result, sql) }
            PQclear(result)
        }
        if let error { throw error }
        return count
    }

    /// Ends the COPY with an error, so the server keeps none of its rows.
    func abandon(because reason: String) {
        guard open else { return }
        open = false
        _ = PQputCopyEnd(connection.handle, reason)
        while let result = PQgetResult(connection.handle) { PQclear(result) }
    }

    private func send() throws {
        guard !buffer.isEmpty else { return }
        let handle = connection.handle
        let sent = buffer.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(handle, $0, Int32(b.count)) }
        }
        buffer.removeAll(keepingCapacity: true)
        guard sent == 1 else { throw connection.failure(sql) }
    }
}
