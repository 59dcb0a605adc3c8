// Database: the one connection to the shared database, an SQLite file or a PostgreSQL
// server (a `postgresql://` URL). Owns opening and migrating, the prepared-statement
// cache, transactions with savepoints for nesting, and interruption. Everything above
// DataModel goes through this type and never sees an engine or a C pointer; values
// always travel as bound parameters, and SQL is written with SQLite's `?N`
// placeholders, which the PostgreSQL engine renumbers as `$N`.

import CInteriorPages
import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connection to the shared database. Used from one thread at a time; only
/// `interrupt()` may be called from another thread or a signal handler, which is why the
/// type is marked Sendable.
public final class Database: @unchecked Sendable {
    /// The file's path, or the server's URL without its password.
    public let path: String
    let engine: DatabaseEngine
    private var statements: [String: Statement] = [:]
    private(set) var transactionDepth = 0
    /// Set by `interrupt()`. The engine's own cancel stops only the statement running at
    /// that moment; loops of many short statements (an import) poll this one between them.
    private let interruptRequested: UnsafeMutablePointer<sig_atomic_t> = {
        let flag = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        flag.initialize(to: 0)
        return flag
    }()

    /// True when the database cannot be written: queries work, writes do not.
    public var isReadOnly: Bool { engine.isReadOnly }
    /// Tables of at least this many rows are aggregated in parts on parallel connections
    /// when a core is idle (MorselAggregate); 0 splits every aggregate it can, whatever the
    /// load, `Int64.max` none.
    public var parallelAggregateRows = MorselAggregate.largeTable

    /// Opens the database at `path` (a file, or a `postgresql://` URL) and migrates it to
    /// the current schema. `.create` makes the file or the schema when it is missing;
    /// `.existing` refuses a missing, empty or foreign one, and opens a file it cannot
    /// write read-only.
    public convenience init(path: String, mode: OpenMode = .create) throws {
        try self.init(path: path, migratingTo: Migrations.latestVersion, mode: mode)
    }

    /// Opens at a given schema version; tests use it to write an old database.
    init(path: String, migratingTo version: Int, mode: OpenMode = .create) throws {
        if PostgresEngine.isServerURL(path) {
            let engine = try PostgresEngine(url: path)
            self.engine = engine
            self.path = engine.location
            try Migrations.open(self, to: version, mode: mode)
            return
        }
        let engine = try SQLiteEngine(path: path, mode: mode)
        self.engine = engine
        self.path = path
        try waitingOutLocks {
            try engine.configure()
            if engine.isReadOnly {
                try Migrations.requireCurrent(self)
            } else {
                try Migrations.migrate(self, to: version)
            }
        }
    }

    /// True when `target` names a PostgreSQL server (`postgresql://…` or `postgres://…`)
    /// rather than an SQLite file.
    public static func isServer(_ target: String) -> Bool { PostgresEngine.isServerURL(target) }

    /// `target` as messages show it: a server URL without its password.
    public static func displayName(_ target: String) -> String {
        isServer(target) ? PostgresConnection.redacted(target) : target
    }

    /// Turned off before the first connection, the only time SQLite accepts it.
    private static let memoryStatisticsOff = popsh_sqlite_disable_memory_statistics()

    /// The VFS every file is opened with: the system's default, wrapped so that it can lend
    /// the cross-check the interior pages of the register's B-trees (SQLiteEngine.withLookupCache).
    private static let fileSystem: String? = popsh_interior_pages_register() == SQLITE_OK ? POPSH_INTERIOR_PAGES_VFS : nil

    /// Opens a connection with SQLite's flags. Only a `file:` URI built by DataModel is
    /// read as one (`uri`): a path a user names is a file name, never a set of options.
    static func connect(_ path: String, _ flags: Int32, uri: Bool = false) throws -> OpaquePointer {
        _ = memoryStatisticsOff
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0), fileSystem)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw DatabaseError(message: "cannot open database \(path): \(message)", code: rc)
        }
        return db
    }

    deinit {
        statements.removeAll()
        interruptRequested.deallocate()
    }

    /// True inside a transaction: another connection would not see its changes.
    var isInTransaction: Bool {
        guard let file = engine as? SQLiteEngine else { return transactionDepth > 0 }
        return sqlite3_get_autocommit(file.handle) == 0
    }

    /// True for an SQLite file, which further connections of this process may open to read
    /// in parallel; a server runs its own parallel plans.
    var isFile: Bool { engine is SQLiteEngine }

    /// The SQL dialect spoken by this database.
    public var dialect: SQLDialect { engine.dialect }

    /// The database user the audit names: the server's login, or the operating system's
    /// user for a file.
    public var user: String { (engine as? PostgresEngine)?.user ?? Database.systemUser }

    static var systemUser: String {
        getpwuid(getuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "unknown"
    }


    /// Runs a load with the engine's load settings (SQLite: a larger page cache; a small
    /// one for a `firstLoad`, which only appends).
    func withLoadCache<T>(firstLoad: Bool = false, _ body: () throws -> T) throws -> T {
        try engine.withLoadCache(firstLoad: firstLoad, body)
    }

    /// Runs work that looks up the same indexes many times (the cross-check's linking)
    /// with a page cache that keeps them.
    func withLookupCache<T>(_ body: () throws -> T) throws -> T {
        try engine.withLookupCache(body)
    }

    /// Runs a first load into an empty table the engine's fastest safe way (SQLite: a
    /// rollback journal when this is the file's only connection).
    func withRollbackJournal<T>(_ wanted: Bool, _ body: () throws -> T) throws -> T {
        try engine.withRollbackJournal(wanted, body)
    }

    /// Runs index builds with the engine's settings for them (SQLite: the sorter's cache).
    func withIndexBuildCache<T>(_ body: () throws -> T) throws -> T { try engine.withIndexBuildCache(body) }

    /// Runs one statement that returns no rows the caller needs.
    public func execute(_ sql: String, _ params: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(params)
        while try statement.step() {}
    }

    /// Appends `rows` to `table`, each row's values in the order of `columns`, the engine's
    /// fastest way (a server: one COPY, since an INSERT per row is a round trip each).
    public func insertRows<S: Sequence>(into table: String, columns: [String], _ rows: S) throws
    where S.Element == [SQLValue] {
        try checkInterrupt()
        try engine.insertRows(into: table, columns: columns, AnySequence(rows))
    }

    /// Gives the engine's planner the sizes of scratch tables just filled.
    func analyzeScratch(_ tables: [String]) throws { try engine.analyzeScratch(tables) }

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

    /// Steps a query lazily: rows are read one at a time (SQLite) or a batch at a time (a
    /// server) and never all held in memory. The cursor owns a fresh statement, so other
    /// queries may run while it is open.
    public func cursor(_ sql: String, _ params: [SQLValue] = []) throws -> Cursor {
        let statement = Statement(try engine.prepareCursor(sql))
        try statement.bind(params)
        return Cursor(statement: statement)
    }

    /// A prepared statement, cached by its SQL text and reset before it is handed out.
    public func prepare(_ sql: String) throws -> Statement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        let statement = Statement(try engine.prepare(sql))
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
        if depth > 0 { try execute("SAVEPOINT \(savepoint)") } else { try engine.begin(kind) }
        transactionDepth += 1
        defer { transactionDepth = depth }
        do {
            let result = try body()
            try execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
            if depth == 0 && kind == .writing { engine.writeCommitted() }
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
    /// another thread or a signal handler (it only sets a flag and asks the engine to stop).
    public func interrupt() {
        interruptRequested.pointee = 1
        engine.interrupt()
    }

    /// Forgets an interrupt that arrived while nothing was running; call it when a new
    /// command starts.
    public func clearInterrupt() { interruptRequested.pointee = 0 }

    /// What a signal handler needs to interrupt this connection, as plain pointers: the
    /// handler must not touch reference counts, which another thread may be changing.
    public var interruptHandle: InterruptHandle { InterruptHandle(target: engine.interruptTarget, flag: interruptRequested) }

    /// Throws the "interrupted" error when `interrupt()` was called since the last clear.
    public func checkInterrupt() throws {
        guard interruptRequested.pointee == 0 else {
            throw DatabaseError(message: "interrupted", code: SQLITE_INTERRUPT)
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { engine.changes }

    /// The key given to the last inserted row of a table with a serial key.
    public var lastInsertedRowID: Int64 { get throws { try engine.lastInsertedRowID() } }
}

/// Reads the rows of one query as they are stepped.
public final class Cursor: Sequence, IteratorProtocol {
    public let statement: Statement
    /// The error that ended iteration early, when `for row in cursor` was used.
    public private(set) var failure: DatabaseError?

    init(statement: Statement) { self.statement = statement }

    public var columnNames: [String] { statement.columnNames }

    /// The next row, nil after the last; throws when the engine fails or is interrupted.
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
    private let core: EngineStatement

    init(_ core: EngineStatement) { self.core = core }

    public var sql: String { core.sql }

    /// Binds `params` to the placeholders in order, replacing earlier bindings; the
    /// statement is rewound first, so it may be bound again after it has run.
    public func bind(_ params: [SQLValue]) throws {
        core.rewind()
        let expected = core.parameterCount
        guard params.count == expected else {
            throw DatabaseError(message: "statement expects \(expected) values, got \(params.count)", sql: sql)
        }
        for (i, value) in params.enumerated() { try core.bind(value, at: Int32(i + 1)) }
    }

    /// Binds one value to placeholder `index` (1-based); call `reset()` first when the
    /// statement has run.
    public func bind(_ value: SQLValue, at index: Int32) throws { try core.bind(value, at: index) }

    /// Advances to the next row: true when a row is ready, false when done.
    public func step() throws -> Bool { try core.step() }

    /// The value of column `index` (0-based) of the current row.
    public func column(_ index: Int) -> SQLValue { core.column(index) }

    /// Every column of the current row.
    public func row() -> [SQLValue] { (0..<core.columnCount).map(core.column) }

    public var columnCount: Int { core.columnCount }

    public var columnNames: [String] { core.columnNames }

    /// Makes the statement ready to run again; bindings are cleared too.
    public func reset() { core.reset() }
}

/// Interrupts one connection from a signal handler without retaining anything. Valid
/// while its Database is open (the shell keeps its database open until it exits).
public struct InterruptHandle: @unchecked Sendable {
    let target: InterruptTarget
    let flag: UnsafeMutablePointer<sig_atomic_t>

    public func interrupt() {
        flag.pointee = 1
        switch target {
        case .sqlite(let connection): sqlite3_interrupt(connection)
        case .postgres(let cancel): PostgresEngine.cancel(cancel)
        }
    }
}
