// PostgresConnection: one libpq connection to the city's shared PostgreSQL server.
// Owns connecting (a URL, a conninfo string, or libpq's own environment: PGHOST,
// PGUSER, PGPASSWORD, ~/.pgpass, sslmode), statements with bound parameters, bulk
// loading through COPY FROM STDIN, and transactions. Values travel as SQLValue, as
// they do with SQLite, and never as SQL text.

import CLibPQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure reported by the server, with its SQLSTATE code and the statement.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// The five-character SQLSTATE (`23505` unique violation, `42501` no privilege…);
    /// empty when the failure happened before the server answered.
    public let sqlState: String
    public let sql: String?

    public init(message: String, sqlState: String, sql: String?) {
        self.message = message
        self.sqlState = sqlState
        self.sql = sql
    }

    public var description: String {
        let state = sqlState.isEmpty ? "" : " (SQLSTATE \(sqlState))"
        guard let sql else { return message + state }
        return "\(message)\(state)\n  in: \(sql)"
    }

    public var isUniqueViolation: Bool { sqlState == "23505" }
    public var isInsufficientPrivilege: Bool { sqlState == "42501" }
    /// A lock that was not granted within `lock_timeout`.
    public var isLockTimeout: Bool { sqlState == "55P03" }
}

/// A connection used from one thread at a time.
public final class PostgresConnection: @unchecked Sendable {
    let handle: OpaquePointer
    /// The database user the server knows this connection as (audit rows name it).
    public let user: String
    private var transactionDepth = 0

    /// Connects with `target`: a `postgresql://` URL or a `key=value` conninfo string;
    /// whatever it leaves out comes from libpq's environment and `~/.pgpass`.
    public init(_ target: String) throws {
        guard let conn = PQconnectdb(target) else { throw PostgresError(message: "out of memory", sqlState: "", sql: nil) }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.trimmed(String(cString: PQerrorMessage(conn)))
            PQfinish(conn)
            throw PostgresError(message: "cannot connect to \(Self.redacted(target)): \(message)", sqlState: "", sql: nil)
        }
        // The server's notices (NOTICE: table does not exist, skipping) are for a DBA's
        // log, not an analyst's terminal: libpq prints them to stderr unless told otherwise.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        handle = conn
        user = String(cString: PQuser(conn))
        // Dates travel as ISO text and text compares as bytes, as in the SQLite file.
        try execute("SET client_encoding = 'UTF8'")
        try execute("SET DateStyle = 'ISO, YMD'")
    }

    deinit { PQfinish(handle) }

    /// The server's version number (150018 for 15.18).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    public func execute(_ sql: String, _ params: [SQLValue] = []) throws {
        _ = try run(sql, params)
    }

    public func query(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
        let result = try run(sql, params)
        defer { PQclear(result) }
        return Self.rows(result)
    }

    public func scalar(_ sql: String, _ params: [SQLValue] = []) throws -> SQLValue {
        try query(sql, params).first?.first ?? .null
    }

    /// Runs `body` in a transaction (a savepoint when one is open): committed when it
    /// returns, rolled back when it throws, so a failed write leaves the data as it was.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let savepoint = "popsh_\(transactionDepth)"
        try execute(transactionDepth == 0 ? "BEGIN" : "SAVEPOINT \(savepoint)")
        transactionDepth += 1
        do {
            let value = try body()
            transactionDepth -= 1
            try execute(transactionDepth == 0 ? "COMMIT" : "RELEASE SAVEPOINT \(savepoint)")
            return value
        } catch {
            transactionDepth -= 1
            try? execute(transactionDepth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT \(savepoint)")
            throw error
        }
    }

    /// Loads `rows` into `table` through COPY FROM STDIN (about forty times the rate of
    /// row-by-row inserts), each row's values in the order of `columns`. Returns the rows
    /// loaded. A failure part-way ends the COPY: nothing of it is kept.
    @discardableResult
    public func copy<S: Sequence>(into table: String, columns: [String], rows: S) throws -> Int where S.Element == [SQLValue] {
        let stream = try CopyStream(self, into: table, columns: columns)
        do {
            for row in rows { try stream.append(row) }
        } catch {
            stream.abandon(because: "\(error)")
            throw error
        }
        return try stream.finish()
    }

    func run(_ sql: String, _ params: [SQLValue], expecting wanted: ExecStatusType? = nil) throws -> OpaquePointer {
        let texts = params.map(Self.parameterText)
        // libpq reads each value up to its first NUL, so "a\0b" would arrive as "a" and
        // match or store the wrong text; the server's text holds no NUL, so say so instead
        // (its own SQLSTATE for that byte), as SQLite would store it whole.
        if texts.contains(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(message: "a text value holds a NUL character, which PostgreSQL text cannot hold",
                                sqlState: "22021", sql: sql)
        }
        let types: [Oid] = params.map(Self.parameterType)
        let result: OpaquePointer? = withCStrings(texts) { values in
            PQexecParams(handle, sql, Int32(params.count), types, values, nil, nil, 0)
        }
        guard let result else { throw failure(sql) }
        let status = PQresultStatus(result)
        if let wanted, status == wanted { return result }
        guard wanted == nil, status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let error = Self.error(result, sql)
            PQclear(result)
            throw error
        }
        return result
    }

    func failure(_ sql: String) -> PostgresError {
        PostgresError(message: Self.trimmed(String(cString: PQerrorMessage(handle))), sqlState: "", sql: sql)
    }

    static func error(_ result: OpaquePointer, _ sql: String) -> PostgresError {
        let field = { (code: Character) -> String in
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) } ?? ""
        }
        let message = field("M").isEmpty ? trimmed(String(cString: PQresultErrorMessage(result))) : field("M")
        return PostgresError(message: message, sqlState: field("C"), sql: sql)
    }

    /// Values are sent as text; integers and reals carry their type so that `$1 + 1`
    /// is arithmetic, text is left for the server to infer from where it is used.
    private static func parameterType(_ value: SQLValue) -> Oid {
        switch value {
        case .integer: return 20    // int8
        case .real: return 701      // float8
        case .null, .text: return 0
        }
    }

    private static func parameterText(_ value: SQLValue) -> String? {
        switch value {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d): return CopyText.realText(d)
        case .text(let s): return s
        }
    }

    private static func rows(_ result: OpaquePointer) -> [[SQLValue]] {
        let n = PQntuples(result), width = PQnfields(result)
        let types = (0..<width).map { PQftype(result, $0) }
        return (0..<n).map { r in
            (0..<width).map { c in
                guard PQgetisnull(result, r, c) == 0 else { return .null }
                return value(String(cString: PQgetvalue(result, r, c)), type: types[Int(c)])
            }
        }
    }

    /// A column's text as popsh's value: the server's integers and reals as numbers,
    /// booleans as 0/1 (as SQLite has them), everything else as text.
    static func value(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case 20, 21, 23: return Int64(text).map(SQLValue.integer) ?? .text(text)
        case 700, 701: return Double(text).map(SQLValue.real) ?? .text(text)
        // numeric: the sum of integers (SQLite's is an integer) has no point; avg's always has.
        case 1700: return Int64(text).map(SQLValue.integer) ?? Double(text).map(SQLValue.real) ?? .text(text)
        case 16: return .integer(text == "t" ? 1 : 0)
        default: return .text(text)
        }
    }

    private static func trimmed(_ s: String) -> String {
        var s = Substring(s)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    /// The target without its password, for messages.
    static func redacted(_ target: String) -> String {
        guard let scheme = target.range(of: "://"), let at = target[scheme.upperBound...].firstIndex(of: "@") else {
            return target.split(separator: " ").filter { !$0.hasPrefix("password=") }.joined(separator: " ")
        }
        let credentials = target[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return target }
        return String(target[..<colon]) + ":***" + String(target[at...])
    }
}

/// Calls `body` with C strings for `strings` (nil stays a null pointer), alive for the call.
private func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    var storage: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } }
    defer { for p in storage { free(p) } }
    return storage.withUnsafeMutableBufferPointer { buffer in
        body(buffer.map { $0.map { UnsafePointer($0) } })
    }
}
