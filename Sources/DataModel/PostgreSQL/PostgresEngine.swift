// PostgresEngine: `Database` on the city's PostgreSQL server. Statements keep
// DataModel's `?N` placeholders and are renumbered for the server; a writing
// transaction takes one advisory lock, so writers follow each other as they do on the
// SQLite file: a writer still waiting after a second says so, and a lock not granted
// within `lock_timeout` fails, in the same words a busy file gives. The schema version
// lives in a table of its own (`popsh_schema`).

import CLibPQ
import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class PostgresEngine: DatabaseEngine {
    let connection: PostgresConnection
    let location: String
    let isReadOnly = false
    private(set) var changes = 0
    private let cancelObject: OpaquePointer
    private let lockWait: LockWait

    /// True when `target` names a server rather than a file.
    static func isServerURL(_ target: String) -> Bool {
        target.hasPrefix("postgresql://") || target.hasPrefix("postgres://")
    }

    /// The advisory lock every writing transaction holds: "popsh" in ASCII.
    static let writerLock: Int64 = 0x706F_7073_68

    init(url: String) throws {
        location = PostgresConnection.redacted(url)
        lockWait = LockWait(path: location)
        do {
            connection = try PostgresConnection(url)
        } catch let error as PostgresError {
            throw DatabaseError(message: error.message, sqlState: error.sqlState.isEmpty ? nil : error.sqlState)
        }
        guard let cancel = PQgetCancel(connection.handle) else {
            throw DatabaseError(message: "cannot prepare to cancel statements on \(location): out of memory")
        }
        cancelObject = cancel
        // A lock held longer than popsh waits fails the statement (55P03), as SQLite's busy handler gives up.
        try run("SELECT set_config('lock_timeout', ?1, false)", [.text("\(Int(Database.lockWaitSeconds * 1000))ms")])
        // A cursor's plan is otherwise made for its first tenth of rows; popsh reads them
        // all, and wants the plan the same query gets when it is not a cursor's.
        try run("SET cursor_tuple_fraction = 1.0")
        // The server compiles a plan whose estimated cost passes jit_above_cost, and the
        // estimates of popsh's scratch tables (which autovacuum never analyzes) pass it
        // for a few dozen rows: compiling took 0.4-0.6 s a statement, ten times the
        // cross-check's own work on a 30,000-person city (docs/benchmarks.md, PostgreSQL).
        try run("SET jit = off")
        // A scan of a big table otherwise starts where the table's last scan stopped, so
        // `people | export(...)` of the register came back rotated, not in load order as
        // SQLite gives it (a cursor's plan is never parallel, which would reorder it too).
        try run("SET synchronize_seqscans = off")
    }

    deinit { PQfreeCancel(cancelObject) }

    var dialect: SQLDialect { PostgreSQLDialect() }

    var user: String { connection.user }

    func prepare(_ sql: String) throws -> EngineStatement { PostgresStatement(engine: self, sql: sql) }

    func prepareCursor(_ sql: String) throws -> EngineStatement {
        PostgresCursor.isQuery(sql) ? PostgresCursor(engine: self, sql: sql) : PostgresStatement(engine: self, sql: sql)
    }

    private var cursorsDeclared = 0

    /// A name for a server-side cursor no other open cursor of this connection has.
    func cursorName() -> String {
        cursorsDeclared += 1
        return "popsh_cursor_\(cursorsDeclared)"
    }

    func lastInsertedRowID() throws -> Int64 {
        try rows("SELECT lastval()").first?.first?.integer ?? 0
    }

    func begin(_ kind: TransactionKind) throws {
        switch kind {
        case .writing:
            try run("BEGIN")
            do {
                try lockWait.noticing { try run("SELECT pg_advisory_xact_lock(?1)", [.integer(PostgresEngine.writerLock)]) }
            } catch {
                try? run("ROLLBACK")
                throw error
            }
        case .reading:
            // One snapshot for the whole read, as an SQLite read transaction sees.
            try run("BEGIN ISOLATION LEVEL REPEATABLE READ")
        }
    }

    func interrupt() { PostgresEngine.cancel(cancelObject) }

    var interruptTarget: InterruptTarget { .postgres(cancelObject) }

    /// Asks the server to cancel the running statement; safe in a signal handler.
    static func cancel(_ object: OpaquePointer) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            _ = PQcancel(object, buffer.baseAddress, 256)
        }
    }

    func schemaVersion() throws -> Int {
        guard try rows("SELECT to_regclass('popsh_schema') IS NOT NULL").first?.first?.integer == 1 else { return 0 }
        return Int(try rows("SELECT max(version) FROM popsh_schema").first?.first?.integer ?? 0)
    }

    func setSchemaVersion(_ version: Int) throws {
        try run("CREATE TABLE IF NOT EXISTS popsh_schema (version BIGINT NOT NULL)")
        try run("DELETE FROM popsh_schema")
        try run("INSERT INTO popsh_schema (version) VALUES (?1)", [.integer(Int64(version))])
    }

    /// The server writes its own log back.
    func writeCommitted() {}

    /// The server's memory settings are the administrator's, not a command's.
    func withLoadCache<T>(firstLoad: Bool, _ body: () throws -> T) throws -> T { try body() }
    func withRollbackJournal<T>(_ wanted: Bool, _ body: () throws -> T) throws -> T { try body() }
    func withIndexBuildCache<T>(_ body: () throws -> T) throws -> T { try body() }
    func withLookupCache<T>(_ body: () throws -> T) throws -> T { try body() }

    /// One COPY: an INSERT per row is a round trip each (the year's 61,000 findings were
    /// most of the cross-check's 92,000 statements).
    func insertRows(into table: String, columns: [String], _ rows: AnySequence<[SQLValue]>) throws {
        try connection.copy(into: table, columns: columns, rows: rows)
    }

    /// Autovacuum never analyzes temporary tables, and a join of a few thousand keys
    /// planned as if they were a thousand hashed the whole WIS card table each time (0.4 s
    /// a statement where an index look-up per key took 0.06 s).
    func analyzeScratch(_ tables: [String]) throws {
        try run("ANALYZE " + tables.map(dialect.quote).joined(separator: ", "))
    }

    /// Whether a first load may empty `table` in its transaction: it holds no row, and no
    /// other table's foreign key refers to it (TRUNCATE refuses such a table).
    func mayTruncate(_ table: String) throws -> Bool {
        let quoted = dialect.quote(table)
        return try rows("SELECT 1 FROM \(quoted) LIMIT 1").isEmpty
            && rows("SELECT 1 FROM pg_constraint WHERE confrelid = to_regclass(?1) AND contype = 'f'", [.text(quoted)]).isEmpty
    }

    /// Analyzes each table whose planner statistics the rows `added` to it (by table) left
    /// behind. Called once the loads are committed, so a failure here (an interrupt, a
    /// lost connection) loses nothing: autovacuum analyzes the table on its next round.
    func refreshStatistics(added: [String: Int]) {
        for (table, rows) in added.sorted(by: { $0.key < $1.key }) {
            guard (try? statisticsAreStale(table, inserted: rows)) == true else { continue }
            try? run("ANALYZE \(dialect.quote(table))")
        }
    }

    /// Whether loads that added `inserted` rows to `table` leave its planner statistics
    /// behind: the table was never analyzed, or the rows are more than a tenth of those it
    /// held when it was (autovacuum's own threshold for analyzing a table). Below that the
    /// statistics still describe the table's values, and the planner scales their row
    /// count to the table's current size itself; analyzing after every monthly feed cost
    /// the 60 files of a year 1.7 s of their 4.2 s.
    private func statisticsAreStale(_ table: String, inserted: Int) throws -> Bool {
        guard inserted > 0 else { return false }
        // reltuples is -1 until the table is first vacuumed or analyzed.
        let held = try rows("SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = to_regclass(?1)",
                            [.text(dialect.quote(table))]).first?[0].integer ?? -1
        return held < 0 || inserted * 10 > held
    }

    func createdIndexes(of table: String, includingUnique: Bool) throws -> [(name: String, sql: String, unique: Bool)] {
        try rows("SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisunique FROM pg_index i "
                 + "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(?1) "
                 + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
                 + "AND (?2 = 1 OR NOT i.indisunique) ORDER BY i.indisunique DESC, c.relname",
                 [.text(PostgreSQLDialect().quote(table)), .integer(includingUnique ? 1 : 0)])
            .map { (name: $0[0].text!, sql: $0[1].text!, unique: $0[2].integer == 1) }
    }

    /// The server checks a foreign key by a trigger per row and query: on the register's
    /// first load (1.2 million rows, each naming its import batch) that took most of the
    /// COPY. Adding the key back checks every row with one join, as pg_restore does.
    func droppingForeignKeys(of table: String) throws -> [String] {
        let dialect = PostgreSQLDialect(), quoted = dialect.quote(table)
        let keys = try rows("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            + "WHERE conrelid = to_regclass(?1) AND contype = 'f' ORDER BY conname", [.text(quoted)])
        return try keys.map { key in
            let name = dialect.quote(key[0].text ?? "")
            try run("ALTER TABLE \(quoted) DROP CONSTRAINT \(name)")
            return "ALTER TABLE \(quoted) ADD CONSTRAINT \(name) \(key[1].text ?? "")"
        }
    }

    func temporaryTables() throws -> Set<String> {
        Set(try rows("SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r'")
            .compactMap { $0[0].text })
    }

    /// The server waits for locks itself, up to `lock_timeout`.
    func waitingOutLocks<T>(depth: Int, _ body: () throws -> T) throws -> T { try body() }

    private func run(_ sql: String, _ params: [SQLValue] = []) throws { _ = try rows(sql, params) }

    private func rows(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = PostgresStatement(engine: self, sql: sql)
        for (i, value) in params.enumerated() { try statement.bind(value, at: Int32(i + 1)) }
        var rows: [[SQLValue]] = []
        while try statement.step() { rows.append((0..<statement.columnCount).map(statement.column)) }
        return rows
    }

    /// Runs a statement's text with its values; the result is the caller's to clear.
    fileprivate func execute(_ sql: String, _ values: [SQLValue]) throws -> OpaquePointer {
        let result: OpaquePointer
        do {
            result = try connection.run(sql, values)
        } catch let error as PostgresError {
            throw failure(error)
        }
        changes = Int(String(cString: PQcmdTuples(result))) ?? 0
        return result
    }

    /// The server's error as `DatabaseError`, with the SQLite code of the same meaning.
    func failure(_ error: PostgresError) -> DatabaseError {
        let code = PostgresEngine.sqliteCode(error.sqlState)
        let state = error.sqlState.isEmpty ? nil : error.sqlState
        switch code & 0xFF {
        case SQLITE_INTERRUPT: return DatabaseError(message: "interrupted", sql: error.sql, code: code, sqlState: state)
        case SQLITE_BUSY: return DatabaseError(message: lockWait.gaveUpMessage, sql: error.sql, code: code, sqlState: state)
        case SQLITE_AUTH:
            return DatabaseError(message: ServerRoles.refusal(error.message, user: user, location: location),
                                 sql: error.sql, code: code, sqlState: state)
        default: return DatabaseError(message: error.message, sql: error.sql, code: code, sqlState: state)
        }
    }

    /// SQLSTATE to SQLite's extended result code, for the questions `DatabaseError` answers.
    static func sqliteCode(_ state: String) -> Int32 {
        switch state {
        case "57014": return 9                       // query_canceled: SQLITE_INTERRUPT
        case "55P03", "40P01", "40001": return 5     // lock timeout, deadlock, serialization: SQLITE_BUSY
        case "23505": return 2067                    // SQLITE_CONSTRAINT_UNIQUE
        case "23503": return 787                     // SQLITE_CONSTRAINT_FOREIGNKEY
        case "23502": return 1299                    // SQLITE_CONSTRAINT_NOTNULL
        case "23514": return 275                     // SQLITE_CONSTRAINT_CHECK
        case "25006": return 8                       // read-only transaction: SQLITE_READONLY
        case "42501": return 23                      // insufficient privilege: SQLITE_AUTH
        default: return state.hasPrefix("23") ? 19 : (state.isEmpty ? 0 : 1)
        }
    }
}

/// One statement on the server. It runs when first stepped (or when its columns are
/// asked for) and its rows are then read from the result the server sent.
final class PostgresStatement: EngineStatement {
    let sql: String
    private let text: String
    let parameterCount: Int
    private var values: [SQLValue]
    private var result: OpaquePointer?
    private var row: Int32 = -1
    private unowned let engine: PostgresEngine

    init(engine: PostgresEngine, sql: String) {
        let translated = Placeholders.postgres(sql)
        self.sql = sql
        text = translated.sql
        parameterCount = translated.count
        values = Array(repeating: .null, count: translated.count)
        self.engine = engine
    }

    deinit { if let result { PQclear(result) } }

    func bind(_ value: SQLValue, at index: Int32) throws {
        guard index >= 1, Int(index) <= values.count else {
            throw DatabaseError(message: "placeholder \(index) is not in the statement (it takes \(values.count))", sql: sql)
        }
        values[Int(index) - 1] = value
    }

    private func run() throws -> OpaquePointer {
        if let result { return result }
        let fresh = try engine.execute(text, values)
        result = fresh
        row = -1
        return fresh
    }

    func step() throws -> Bool {
        let result = try run()
        row += 1
        return row < PQntuples(result)
    }

    func column(_ index: Int) -> SQLValue {
        guard let result, row >= 0, row < PQntuples(result), PQgetisnull(result, row, Int32(index)) == 0 else { return .null }
        return PostgresConnection.value(String(cString: PQgetvalue(result, row, Int32(index))),
                                        type: PQftype(result, Int32(index)))
    }

    var columnCount: Int { (try? run()).map { Int(PQnfields($0)) } ?? 0 }

    var columnNames: [String] {
        guard let result = try? run() else { return [] }
        return (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
    }

    func rewind() {
        if let result { PQclear(result) }
        result = nil
        row = -1
    }

    func reset() {
        rewind()
        values = Array(repeating: .null, count: values.count)
    }
}
