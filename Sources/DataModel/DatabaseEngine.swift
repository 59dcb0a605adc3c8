// DatabaseEngine: what `Database` needs of the engine under it, SQLite's file or a
// PostgreSQL server. The public API above DataModel (execute, query, cursor, prepare,
// transaction, interrupt) stays on `Database`; an engine supplies statements, its
// transaction start, its schema-version store and its own settings for a bulk load
// (SQLite's PRAGMAs, which PostgreSQL has no use for).

/// One engine's connection.
protocol DatabaseEngine: AnyObject {
    /// What messages call the database: a file's path, or a server URL without its password.
    var location: String { get }
    var dialect: SQLDialect { get }
    /// True when the connection can only read.
    var isReadOnly: Bool { get }

    func prepare(_ sql: String) throws -> EngineStatement
    /// A statement for `Database.cursor`, whose rows may be many: stepped without holding
    /// them all (SQLite's statements always are; a server reads them in batches).
    func prepareCursor(_ sql: String) throws -> EngineStatement

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { get }
    /// The key given to the last inserted row of a table with a `.serialKey`.
    func lastInsertedRowID() throws -> Int64

    /// Starts a transaction at the outermost level; a `.writing` one holds the writer's
    /// lock until it ends, so two writers never interleave.
    func begin(_ kind: TransactionKind) throws

    func interrupt()
    var interruptTarget: InterruptTarget { get }

    /// The schema version recorded in the database (0 for a new one).
    func schemaVersion() throws -> Int
    func setSchemaVersion(_ version: Int) throws

    /// Called when a writing transaction has committed: what it wrote goes where the next
    /// command finds it fastest, if that costs no wait.
    func writeCommitted()
    func withLoadCache<T>(firstLoad: Bool, _ body: () throws -> T) throws -> T
    func withRollbackJournal<T>(_ wanted: Bool, _ body: () throws -> T) throws -> T
    func withIndexBuildCache<T>(_ body: () throws -> T) throws -> T
    /// Work that looks up the same indexes many times, with a cache that keeps their pages.
    func withLookupCache<T>(_ body: () throws -> T) throws -> T
    /// Appends rows to a table, each row's values in the order of `columns`.
    func insertRows(into table: String, columns: [String], _ rows: AnySequence<[SQLValue]>) throws
    /// Gives the planner the sizes of scratch tables just filled (where it needs them).
    func analyzeScratch(_ tables: [String]) throws

    /// The indexes created on `table` by CREATE INDEX (not those of its constraints), as
    /// the statements that make them again, unique ones first.
    func createdIndexes(of table: String, includingUnique: Bool) throws -> [(name: String, sql: String, unique: Bool)]
    /// Drops `table`'s foreign keys for a first load into it and returns the statements
    /// that add them back, each checking every row at once (SQLite checks a key as it
    /// inserts, at no cost worth deferring: it returns none).
    func droppingForeignKeys(of table: String) throws -> [String]
    /// The names of this connection's temporary tables.
    func temporaryTables() throws -> Set<String>

    /// Runs `body` again while another connection's lock refuses it at once, until the
    /// lock wait's deadline (SQLite's journal-mode change); other engines just run it.
    func waitingOutLocks<T>(depth: Int, _ body: () throws -> T) throws -> T
}

/// One prepared statement of an engine.
protocol EngineStatement: AnyObject {
    var sql: String { get }
    var parameterCount: Int { get }
    /// Binds one value (1-based); the statement must be rewound when it has run.
    func bind(_ value: SQLValue, at index: Int32) throws
    /// Advances to the next row: true when a row is ready, false when done.
    func step() throws -> Bool
    func column(_ index: Int) -> SQLValue
    var columnCount: Int { get }
    var columnNames: [String] { get }
    /// Makes the statement ready to run again with its bindings kept.
    func rewind()
    /// Makes the statement ready to run again, bindings cleared.
    func reset()
}

/// What a signal handler may touch to stop the statement running on a connection.
public enum InterruptTarget: @unchecked Sendable {
    /// An SQLite connection (`sqlite3_interrupt`).
    case sqlite(OpaquePointer)
    /// A PostgreSQL cancel object (`PQcancel`, safe in a signal handler).
    case postgres(OpaquePointer)
}
