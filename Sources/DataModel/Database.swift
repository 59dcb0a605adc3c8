// Database: the one connection to the shared SQLite file. Owns opening (WAL, foreign
// keys, migrations), the prepared-statement cache, transactions with savepoints for
// nesting, and interruption. Everything above DataModel goes through this type and
// never sees a C pointer; values always travel as bound parameters.

import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value as it is bound to or read from a statement.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The text, when the value is text (nil for anything else).
    public var text: String? { if case .text(let s) = self { return s } else { return nil } }
    /// The integer, when the value is an integer (nil for anything else).
    public var integer: Int64? { if case .integer(let i) = self { return i } else { return nil } }
}

/// A failure reported by SQLite, with the statement it came from.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let sql: String?
    /// SQLite's extended result code (0 when the error did not come from SQLite).
    public let code: Int32

    public init(message: String, sql: String? = nil, code: Int32 = 0) {
        self.message = message
        self.sql = sql
        self.code = code
    }

    /// True when the work was stopped by `Database.interrupt()`.
    public var isInterrupted: Bool { code & 0xFF == SQLITE_INTERRUPT }
    /// True when a UNIQUE, NOT NULL, CHECK or FOREIGN KEY rule refused the change.
    public var isConstraint: Bool { code & 0xFF == SQLITE_CONSTRAINT }
    public var isForeignKey: Bool { code == 787 } // SQLITE_CONSTRAINT_FOREIGNKEY
    /// True when another connection held the lock longer than this one would wait.
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY }
    /// True when the database was opened read-only and something tried to write.
    public var isReadOnly: Bool { code & 0xFF == SQLITE_READONLY }

    public var description: String {
        // Another writer or a read-only file is not the statement's fault: no SQL to show.
        guard let sql, !isBusy, !isReadOnly else { return message }
        return "\(message)\n  in: \(sql)"
    }
}

/// A connection to the shared database file. Used from one thread at a time; only
/// `interrupt()` may be called from another thread or a signal handler, which is why the
/// type is marked Sendable.
public final class Database: @unchecked Sendable {
    public let path: String
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]
    private(set) var transactionDepth = 0
    /// Set by `interrupt()`. SQLite's own flag stops only the statements running at that
    /// moment; loops of many short statements (an import) poll this one between them.
    private let interruptRequested: UnsafeMutablePointer<sig_atomic_t> = {
        let flag = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        flag.initialize(to: 0)
        return flag
    }()

    /// True when the file or its folder cannot be written: queries work, writes do not.
    public let isReadOnly: Bool
    /// How long this connection waits for another connection's lock, and what it says meanwhile.
    let lockWait: LockWait

    /// Opens the database at `path` and migrates it to the current schema. `.create`
    /// makes the file when it is missing; `.existing` refuses a missing, empty or foreign
    /// file, and opens a file it cannot write read-only.
    public convenience init(path: String, mode: OpenMode = .create) throws {
        try self.init(path: path, migratingTo: Migrations.latestVersion, mode: mode)
    }

    /// Opens at a given schema version; tests use it to write an old database.
    init(path: String, migratingTo version: Int, mode: OpenMode = .create) throws {
        let readOnly = try mode == .existing && Database.checkExisting(path)
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (mode == .create ? SQLITE_OPEN_CREATE : 0)
        let db = try readOnly ? Database.openReadOnly(path) : Database.connect(path, access)
        self.path = path
        self.handle = db
        self.isReadOnly = readOnly
        self.lockWait = LockWait(path: path)
        sqlite3_extended_result_codes(db, 1)
        lockWait.install(on: db)
        try waitingOutLocks {
            // A read-only connection reads whatever journal mode the file is in.
            if !readOnly { _ = try query("PRAGMA journal_mode=WAL") }
            try execute("PRAGMA foreign_keys=ON")
            // NORMAL is durable across application crashes in WAL mode; FULL costs an fsync per commit.
            try execute("PRAGMA synchronous=NORMAL")
            try execute("PRAGMA cache_size=-\(Database.queryCacheKiB)")
            if readOnly {
                try Migrations.requireCurrent(self)
            } else {
                try Migrations.migrate(self, to: version)
            }
        }
    }

    /// Opens a connection with SQLite's flags. Only a `file:` URI built by DataModel is
    /// read as one (`uri`): a path a user names is a file name, never a set of options.
    static func connect(_ path: String, _ flags: Int32, uri: Bool = false) throws -> OpaquePointer {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0), nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw DatabaseError(message: "cannot open database \(path): \(message)", code: rc)
        }
        return db
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
        interruptRequested.deallocate()
    }

    /// The SQL dialect spoken by this database.
    public var dialect: SQLDialect { SQLiteDialect() }

    /// Pages a connection keeps cached, in KiB. A query that scans the whole register
    /// would otherwise keep every page it reads once (the operating system caches the
    /// file anyway), and exporting the register or counting it by a computed key would
    /// pass 100 MB.
    static let queryCacheKiB = 32 * 1024

    /// Pages while a file loads, in KiB. A file loads in one transaction; rows arrive in
    /// rowid order, so a table page once full is not written again and may spill to the
    /// WAL mid-way, but the key's index is updated in random order and must stay cached
    /// (the register's is 34 MB). 64 MiB cost the same time as 256 MiB and a quarter of
    /// the memory (docs/benchmarks.md, "Import").
    static let loadCacheKiB = 64 * 1024

    /// Pages while a big file fills an empty table whose indexes are all deferred, in
    /// KiB: rows are appended in rowid order and no index is touched, so a page once
    /// full is never read again and a large cache would only hold written pages. With
    /// 64 MiB here the register's import peaked at 110 MB.
    static let firstLoadCacheKiB = 16 * 1024

    /// Pages while the deferred indexes of a loaded table are built, in KiB. SQLite's
    /// sorter takes its memory from the page cache: with a small one it sorts runs that
    /// fit the processor's cache and merges them from temporary files, which measured a
    /// third faster for the register's indexes than one sort of the whole table in memory.
    static let indexBuildCacheKiB = 4 * 1024

    /// SQLite's own limit on sorter threads (SQLITE_MAX_WORKER_THREADS in its build).
    static let maxSorterThreads = 8

    /// Copies the pages the WAL holds into the database file and empties it. A migration
    /// that rewrote the register leaves about a gigabyte there on the city, and every
    /// reader then finds those pages through the WAL's index (a year's cross-check took
    /// 2.7 s instead of 1.6 s) until some later writer checkpoints.
    func checkpoint() throws {
        _ = try query("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Runs a load with a page cache of `kib` KiB, then returns to the size before.
    func withLoadCache<T>(kib: Int = Database.loadCacheKiB, _ body: () throws -> T) throws -> T {
        let before = try scalar("PRAGMA cache_size").integer ?? -Int64(Database.queryCacheKiB)
        // PRAGMA takes no bound parameters; both sizes are this program's, never input.
        try execute("PRAGMA cache_size=-\(kib)")
        defer { try? execute("PRAGMA cache_size=\(before)") }
        return try body()
    }

    /// Runs a first load into an empty table with a rollback journal instead of the WAL,
    /// when this connection is the only one to the file; otherwise (another connection
    /// or process has it open) in the WAL as usual. In the WAL every page of the load is
    /// written twice, once to the log and once by the checkpoint that copies it into the
    /// file; a rollback journal keeps no copy of the pages a load appends to the file,
    /// so each is written once: the 1.2-million register loaded in 11-13 s instead of
    /// 13-15 s. Meanwhile no other connection can open the file (it waits, then reports
    /// the database locked), which is why this is only for a first load. The commit syncs
    /// the file (synchronous FULL), as a rollback journal needs to be safe from power loss.
    func withRollbackJournal<T>(_ wanted: Bool, _ body: () throws -> T) throws -> T {
        guard wanted, (try? query("PRAGMA journal_mode=DELETE"))?.first?.first?.text == "delete" else {
            return try body()
        }
        try execute("PRAGMA synchronous=FULL")
        defer {
            try? execute("PRAGMA synchronous=NORMAL")
            _ = try? query("PRAGMA journal_mode=WAL")
        }
        return try body()
    }

    /// Runs index builds with the sorter-sized cache and sorter threads (the import's
    /// reading thread is idle by then), then returns to the load's settings. The sorter
    /// sorts and merges its runs on those threads while this one reads the table and
    /// writes the index. About two sort tasks per processor: with one helper on two
    /// processors this thread still sorted a run itself whenever the helper was busy and
    /// merged most runs at the end; with three it did 29% less of the work (10.7 s to
    /// 7.6 s of its cpu for the register's 12 indexes, the total the same); with seven the
    /// total grew by a fifth for little more (docs/benchmarks.md, "Import").
    func withIndexBuildCache<T>(_ body: () throws -> T) throws -> T {
        let processors = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let helpers = min(Database.maxSorterThreads, 2 * processors - 1)
        let before = try scalar("PRAGMA cache_size").integer ?? -Int64(Database.loadCacheKiB)
        try execute("PRAGMA cache_size=-\(Database.indexBuildCacheKiB)")
        // PRAGMA takes no bound parameters; the count is the machine's, never input.
        _ = try query("PRAGMA threads=\(helpers)")
        defer {
            _ = try? query("PRAGMA threads=0")
            try? execute("PRAGMA cache_size=\(before)")
        }
        return try body()
    }

    /// Runs one statement that returns no rows the caller needs.
    public func execute(_ sql: String, _ params: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(params)
        while try statement.step() {}
    }

    /// Runs a query and returns all its rows; for small results (use `cursor` to stream).
    public func query(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(params)
        var rows: [[SQLValue]] = []
        while try statement.step() { rows.append(statement.row()) }
        return rows
    }

    /// The first column of the first row, or `.null` when there is no row.
    public func scalar(_ sql: String, _ params: [SQLValue] = []) throws -> SQLValue {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(params)
        return try statement.step() ? statement.column(0) : .null
    }

    /// Steps a query lazily: rows are read one at a time and never all held in memory.
    /// The cursor owns a fresh statement, so other queries may run while it is open.
    public func cursor(_ sql: String, _ params: [SQLValue] = []) throws -> Cursor {
        let statement = try Statement(database: self, sql: sql)
        try statement.bind(params)
        return Cursor(statement: statement)
    }

    /// A prepared statement, cached by its SQL text and reset before it is handed out.
    public func prepare(_ sql: String) throws -> Statement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        let statement = try Statement(database: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs `body` in a transaction, committed when it returns and rolled back when it
    /// throws. Nested calls use savepoints, so an inner failure undoes only the inner work.
    /// A `.writing` transaction takes the write lock when it begins (waiting for another
    /// writer as `LockWait` says), so it never fails half-way for want of it; a `.reading`
    /// one takes no lock until it reads and may write only temporary tables.
    public func transaction<T>(_ kind: TransactionKind = .writing, _ body: () throws -> T) throws -> T {
        let depth = transactionDepth
        let savepoint = "popsh_\(depth)"
        try execute(depth > 0 ? "SAVEPOINT \(savepoint)" : kind == .writing ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        transactionDepth += 1
        defer { transactionDepth = depth }
        do {
            let result = try body()
            try execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
            return result
        } catch {
            if depth == 0 {
                try? execute("ROLLBACK")
            } else {
                try? execute("ROLLBACK TO \(savepoint)")
                try? execute("RELEASE \(savepoint)")
            }
            throw error
        }
    }

    /// Stops the statement running now with an "interrupted" error. Safe to call from
    /// another thread or a signal handler (it only sets a flag SQLite polls).
    public func interrupt() {
        interruptRequested.pointee = 1
        sqlite3_interrupt(handle)
    }

    /// Forgets an interrupt that arrived while nothing was running; call it when a new
    /// command starts.
    public func clearInterrupt() { interruptRequested.pointee = 0 }

    /// What a signal handler needs to interrupt this connection, as plain pointers: the
    /// handler must not touch reference counts, which another thread may be changing.
    public var interruptHandle: InterruptHandle { InterruptHandle(connection: handle, flag: interruptRequested) }

    /// Throws the "interrupted" error when `interrupt()` was called since the last clear.
    public func checkInterrupt() throws {
        guard interruptRequested.pointee == 0 else {
            throw DatabaseError(message: "interrupted", code: SQLITE_INTERRUPT)
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid given to the last inserted row.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(_ code: Int32, sql: String?) -> DatabaseError {
        switch code & 0xFF {
        case SQLITE_INTERRUPT:
            return DatabaseError(message: "interrupted", sql: sql, code: code)
        case SQLITE_BUSY:
            return DatabaseError(message: lockWait.gaveUpMessage, sql: sql, code: code)
        case SQLITE_READONLY where isReadOnly:
            return DatabaseError(message: "\(path) is open read-only (the file or its folder cannot be written): "
                                 + "queries work, imports, cross-checks and apply do not", sql: sql, code: code)
        default:
            break
        }
        return DatabaseError(message: String(cString: sqlite3_errmsg(handle)), sql: sql, code: code)
    }
}

/// Reads the rows of one query as they are stepped.
public final class Cursor: Sequence, IteratorProtocol {
    public let statement: Statement
    /// The error that ended iteration early, when `for row in cursor` was used.
    public private(set) var failure: DatabaseError?

    init(statement: Statement) { self.statement = statement }

    public var columnNames: [String] { statement.columnNames }

    /// The next row, nil after the last; throws when SQLite fails or is interrupted.
    public func nextRow() throws -> [SQLValue]? {
        try statement.step() ? statement.row() : nil
    }

    /// For `for row in cursor`: an error ends the loop and is kept in `failure`,
    /// which the caller must check after the loop.
    public func next() -> [SQLValue]? {
        guard failure == nil else { return nil }
        do { return try nextRow() } catch let error as DatabaseError {
            failure = error
        } catch {
            failure = DatabaseError(message: "\(error)")
        }
        return nil
    }
}

/// One prepared statement. Bind, step, read columns, reset; cached statements are
/// reused across calls, which is what makes row-at-a-time loading fast.
public final class Statement {
    public let sql: String
    private let handle: OpaquePointer
    private unowned let database: Database

    init(database: Database, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw database.error(rc, sql: sql) }
        self.sql = sql
        self.handle = stmt
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `params` to the placeholders in order, replacing earlier bindings; the
    /// statement is reset first, so it may be bound again after it has run.
    public func bind(_ params: [SQLValue]) throws {
        sqlite3_reset(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard params.count == expected else {
            throw DatabaseError(message: "statement expects \(expected) values, got \(params.count)", sql: sql)
        }
        for (i, value) in params.enumerated() { try bind(value, at: Int32(i + 1)) }
    }

    /// Binds one value to placeholder `index` (1-based); call `reset()` first when the
    /// statement has run.
    public func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let i): rc = sqlite3_bind_int64(handle, index, i)
        case .real(let d): rc = sqlite3_bind_double(handle, index, d)
        case .text(var s):
            // Through withUTF8, not a String argument: that conversion copies most values
            // (codes, dates, names: short strings held inline) into a new array per bind.
            rc = s.withUTF8 { bytes in
                // An empty buffer may have no address, and a NULL pointer would bind NULL.
                guard let start = bytes.baseAddress, !bytes.isEmpty else {
                    return sqlite3_bind_text(handle, index, "", 0, popsh_sqlite_transient())
                }
                return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), popsh_sqlite_transient())
                }
            }
        }
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }

    /// Advances to the next row: true when a row is ready, false when done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(sqlite3_extended_errcode(database.handle), sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// The value of column `index` (0-based) of the current row.
    public func column(_ index: Int) -> SQLValue {
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_NULL: return .null
        default:
            guard let text = sqlite3_column_text(handle, i) else { return .null }
            let count = Int(sqlite3_column_bytes(handle, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }

    /// Every column of the current row.
    public func row() -> [SQLValue] {
        (0..<columnCount).map(column)
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    /// Makes the statement ready to run again; bindings are cleared too.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }
}

/// Interrupts one connection from a signal handler without retaining anything. Valid
/// while its Database is open (the shell keeps its database open until it exits).
public struct InterruptHandle: @unchecked Sendable {
    let connection: OpaquePointer
    let flag: UnsafeMutablePointer<sig_atomic_t>

    public func interrupt() {
        flag.pointee = 1
        sqlite3_interrupt(connection)
    }
}
