// SQLiteEngine: the embedded engine, one SQLite file. Owns opening (WAL, foreign keys,
// the page cache), the busy handler that waits for another writer, the schema version
// in `PRAGMA user_version`, and the PRAGMAs a bulk load switches for its duration.

import CInteriorPages
import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class SQLiteEngine: DatabaseEngine {
    let location: String
    let handle: OpaquePointer
    let isReadOnly: Bool
    /// How long this connection waits for another connection's lock, and what it says meanwhile.
    let lockWait: LockWait

    init(path: String, mode: OpenMode) throws {
        let readOnly = try mode == .existing && Database.checkExisting(path)
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (mode == .create ? SQLITE_OPEN_CREATE : 0)
        handle = try readOnly ? Database.openReadOnly(path) : Database.connect(path, access)
        location = path
        isReadOnly = readOnly
        lockWait = LockWait(path: path)
        sqlite3_extended_result_codes(handle, 1)
        lockWait.install(on: handle)
        // popsh_user(): the audit's user on a file, the account popsh runs under.
        sqlite3_create_function_v2(handle, "popsh_user", 0, SQLITE_UTF8, nil, { context, _, _ in
            let name = Database.systemUser
            sqlite3_result_text(context, name, Int32(name.utf8.count), popsh_sqlite_transient())
        }, nil, nil, nil)
    }

    /// The connection's settings, once it is open; run inside the lock wait, since
    /// changing the journal mode needs the file to itself for a moment.
    func configure() throws {
        // A read-only connection reads whatever journal mode the file is in.
        if !isReadOnly { _ = try rows("PRAGMA journal_mode=WAL") }
        try run("PRAGMA foreign_keys=ON")
        // NORMAL is durable across application crashes in WAL mode; FULL costs an fsync per commit.
        try run("PRAGMA synchronous=NORMAL")
        try run("PRAGMA cache_size=-\(SQLiteEngine.queryCacheKiB)")
    }

    deinit { sqlite3_close_v2(handle) }

    var dialect: SQLDialect { SQLiteDialect() }

    func prepare(_ sql: String) throws -> EngineStatement { try SQLiteStatement(engine: self, sql: sql) }
    func prepareCursor(_ sql: String) throws -> EngineStatement { try prepare(sql) }

    var changes: Int { Int(sqlite3_changes(handle)) }

    func lastInsertedRowID() throws -> Int64 { sqlite3_last_insert_rowid(handle) }

    func begin(_ kind: TransactionKind) throws {
        try run(kind == .writing ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
    }

    func interrupt() { sqlite3_interrupt(handle) }

    var interruptTarget: InterruptTarget { .sqlite(handle) }

    func schemaVersion() throws -> Int { Int(try rows("PRAGMA user_version").first?.first?.integer ?? 0) }

    func setSchemaVersion(_ version: Int) throws {
        // PRAGMA takes no bound parameters; the version is our own integer, never input.
        try run("PRAGMA user_version = \(version)")
    }

    /// Pages a connection keeps cached, in KiB: SQLite's own default. A query reads most
    /// pages once (a scan, or the rows an index points to), and each page a larger cache
    /// keeps is fresh memory the system must zero first: with 32 MiB the pocket households
    /// (7,500 rows read through an index on the 1.2-million city) took 0.05-0.08 s in the
    /// sqlite3 shell against 0.02-0.03 s, and every table question 30 MB more memory. The
    /// operating system caches the file anyway.
    static let queryCacheKiB = 2 * 1024

    /// Pages while the cross-check links records, in KiB: it looks up the register's
    /// name, birth-date and number indexes again and again, whose upper levels and busy
    /// days a 2 MiB cache would read from the file at every look-up. SQLite's sorter
    /// takes as much again for the blocking query's UNION: with 32 MiB the two were 67 MB
    /// of the cross-check's 190-MB peak at 12 million (`heaptrack`), and 16 MiB took no
    /// longer there (103 s against 100-107 s) or at 1.2 million.
    static let lookupCacheKiB = 16 * 1024

    /// The interior pages a cross-check keeps, in bytes: the 12-million register's
    /// B-trees have 24 MB of them, the 1.2-million one's a tenth. Past it, the pages are
    /// read as before.
    static let interiorPagesBytes = 32 * 1024 * 1024

    /// Pages while a file loads, in KiB. A file loads in one transaction; rows arrive in
    /// rowid order, so a table page once full is not written again and may spill to the
    /// WAL mid-way, but the key's index is updated in random order and must stay cached
    /// (the register's is 34 MB). 64 MiB cost the same time as 256 MiB and a quarter of
    /// the memory (docs/benchmarks.md, "Import").
    static let loadCacheKiB = 64 * 1024

    /// Pages while the deferred indexes of a loaded table are built, in KiB. SQLite's
    /// sorter takes its memory from the page cache: with a small one it sorts runs that
    /// fit the processor's cache and merges them from temporary files, which measured a
    /// third faster for the register's indexes than one sort of the whole table in memory.
    static let indexBuildCacheKiB = 4 * 1024

    /// Pages while a big file fills an empty table whose indexes are all deferred, in
    /// KiB: rows are appended in rowid order and no index is touched, so a page once
    /// full is never read again and a large cache would only hold written pages. With
    /// 64 MiB here the register's import peaked at 110 MB.
    static let firstLoadCacheKiB = 16 * 1024

    /// SQLite's own limit on sorter threads (SQLITE_MAX_WORKER_THREADS in its build).
    static let maxSorterThreads = 8

    /// Copies the WAL into the file and empties it, unless another connection reads from
    /// it now (then the WAL stays for a later writer; this never waits). Otherwise the WAL
    /// only grew: SQLite writes it again from its start only when a writer finds it wholly
    /// copied back, but each popsh command is a process of its own, which leaves the WAL
    /// behind, and the first connection of the next rebuilds its index by reading every
    /// frame and then takes none as copied. So every command read the whole log when it
    /// opened, and looked each page it missed up among all its frames: a year's
    /// cross-check at 12 million persons writes 120 MB of findings, and after twelve
    /// runs the WAL held 2.2 GB (docs/benchmarks.md, "A WAL that only grew"); a migration
    /// that rewrote the register left about a gigabyte, which made a year's cross-check
    /// take 2.7 s instead of 1.6 s.
    func writeCommitted() {
        guard !isReadOnly else { return }
        sqlite3_busy_handler(handle, nil, nil)
        defer { lockWait.install(on: handle) }
        sqlite3_wal_checkpoint_v2(handle, "main", SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
    }

    /// Runs a load with the load's page cache, then returns to the size before.
    func withLoadCache<T>(firstLoad: Bool, _ body: () throws -> T) throws -> T {
        try withCache(kib: firstLoad ? SQLiteEngine.firstLoadCacheKiB : SQLiteEngine.loadCacheKiB, body)
    }

    /// Runs repeated index look-ups with the look-up cache and the interior pages kept,
    /// then returns to the cache before.
    func withLookupCache<T>(_ body: () throws -> T) throws -> T {
        try withCache(kib: SQLiteEngine.lookupCacheKiB) { try withInteriorPages(body) }
    }

    /// Runs `body` with the interior pages of the file's B-trees kept and lent from memory
    /// (interior_pages.c): the VFS's budget, and an mmap_size, which makes SQLite ask the
    /// VFS for each page of a read transaction before its own cache (the VFS never maps
    /// the file). A file opened without the VFS reads as before.
    private func withInteriorPages<T>(_ body: () throws -> T) throws -> T {
        var budget = Int32(SQLiteEngine.interiorPagesBytes)
        guard sqlite3_file_control(handle, "main", POPSH_FCNTL_INTERIOR_PAGES, &budget) == SQLITE_OK else { return try body() }
        defer {
            var none: Int32 = 0
            sqlite3_file_control(handle, "main", POPSH_FCNTL_INTERIOR_PAGES, &none)
        }
        // PRAGMA takes no bound parameters; the size is this program's, never input.
        try run("PRAGMA main.mmap_size=\(SQLiteEngine.interiorPagesBytes)")
        defer { try? run("PRAGMA main.mmap_size=0") }
        return try body()
    }

    /// One prepared INSERT stepped per row: a row costs no round trip here.
    func insertRows(into table: String, columns: [String], _ rows: AnySequence<[SQLValue]>) throws {
        let d = dialect
        let insert = try prepare("INSERT INTO \(d.quote(table)) (\(d.quoteList(columns))) "
                                 + "VALUES (\(d.placeholders(columns.count)))")
        for row in rows {
            for (i, value) in row.enumerated() { try insert.bind(value, at: Int32(i + 1)) }
            while try insert.step() {}
            insert.reset()
        }
    }

    /// SQLite's planner works without statistics, and popsh's plans are chosen for that
    /// (docs/benchmarks.md: an analysed register chose worse indexes).
    func analyzeScratch(_ tables: [String]) throws {}

    /// Runs `body` with a page cache of `kib`, then returns to the size before.
    private func withCache<T>(kib: Int, _ body: () throws -> T) throws -> T {
        let before = try rows("PRAGMA cache_size").first?.first?.integer ?? -Int64(SQLiteEngine.queryCacheKiB)
        // PRAGMA takes no bound parameters; both sizes are this program's, never input.
        try run("PRAGMA cache_size=-\(kib)")
        defer { try? run("PRAGMA cache_size=\(before)") }
        return try body()
    }

    /// A first load into an empty table with a rollback journal instead of the WAL, when
    /// this connection is the only one to the file; otherwise (another connection or
    /// process has it open) in the WAL as usual. In the WAL every page of the load is
    /// written twice, once to the log and once by the checkpoint that copies it into the
    /// file; a rollback journal keeps no copy of the pages a load appends to the file,
    /// so each is written once: the 1.2-million register loaded in 11-13 s instead of
    /// 13-15 s. Meanwhile no other connection can open the file (it waits, then reports
    /// the database locked), which is why this is only for a first load. The commit syncs
    /// the file (synchronous FULL), as a rollback journal needs to be safe from power loss.
    func withRollbackJournal<T>(_ wanted: Bool, _ body: () throws -> T) throws -> T {
        guard wanted, (try? rows("PRAGMA journal_mode=DELETE"))?.first?.first?.text == "delete" else {
            return try body()
        }
        try run("PRAGMA synchronous=FULL")
        defer {
            try? run("PRAGMA synchronous=NORMAL")
            _ = try? rows("PRAGMA journal_mode=WAL")
        }
        return try body()
    }

    /// Index builds with the sorter-sized cache and sorter threads (the import's reading
    /// thread is idle by then), then the load's settings again. The sorter sorts and
    /// merges its runs on those threads while this one reads the table and writes the
    /// index. About two sort tasks per processor: with one helper on two processors this
    /// thread still sorted a run itself whenever the helper was busy and merged most runs
    /// at the end; with three it did 29% less of the work (10.7 s to 7.6 s of its cpu for
    /// the register's 12 indexes, the total the same); with seven the total grew by a
    /// fifth for little more (docs/benchmarks.md, "Import").
    func withIndexBuildCache<T>(_ body: () throws -> T) throws -> T {
        let processors = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let helpers = min(SQLiteEngine.maxSorterThreads, 2 * processors - 1)
        return try withCache(kib: SQLiteEngine.indexBuildCacheKiB) {
            // PRAGMA takes no bound parameters; the count is the machine's, never input.
            _ = try rows("PRAGMA threads=\(helpers)")
            defer { _ = try? rows("PRAGMA threads=0") }
            return try body()
        }
    }

    func droppingForeignKeys(of table: String) throws -> [String] { [] }

    func createdIndexes(of table: String, includingUnique: Bool) throws -> [(name: String, sql: String, unique: Bool)] {
        try rows("SELECT i.name, m.sql, i.\"unique\" FROM pragma_index_list(?1) i "
                 + "JOIN sqlite_master m ON m.name = i.name WHERE i.origin = 'c' "
                 + "AND (?2 OR NOT i.\"unique\") ORDER BY i.\"unique\" DESC, i.name",
                 [.text(table), .integer(includingUnique ? 1 : 0)])
            .map { (name: $0[0].text!, sql: $0[1].text!, unique: $0[2].integer == 1) }
    }

    func temporaryTables() throws -> Set<String> {
        Set(try rows("SELECT name FROM sqlite_temp_master WHERE type = 'table'").compactMap { $0[0].text })
    }

    func waitingOutLocks<T>(depth: Int, _ body: () throws -> T) throws -> T {
        try lockWait.retry(depth: depth, body)
    }

    private func run(_ sql: String) throws { _ = try rows(sql) }

    private func rows(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try SQLiteStatement(engine: self, sql: sql)
        for (i, value) in params.enumerated() { try statement.bind(value, at: Int32(i + 1)) }
        var rows: [[SQLValue]] = []
        while try statement.step() { rows.append((0..<statement.columnCount).map(statement.column)) }
        return rows
    }

    func error(_ code: Int32, sql: String?) -> DatabaseError {
        switch code & 0xFF {
        case SQLITE_INTERRUPT:
            return DatabaseError(message: "interrupted", sql: sql, code: code)
        case SQLITE_BUSY:
            return DatabaseError(message: lockWait.gaveUpMessage, sql: sql, code: code)
        case SQLITE_READONLY where isReadOnly:
            return DatabaseError(message: "\(location) is open read-only (the file or its folder cannot be written): "
                                 + "queries work, imports, cross-checks and apply do not", sql: sql, code: code)
        default:
            break
        }
        return DatabaseError(message: String(cString: sqlite3_errmsg(handle)), sql: sql, code: code)
    }
}

/// One SQLite statement. Cached statements are reused across calls, which is what makes
/// row-at-a-time loading fast.
final class SQLiteStatement: EngineStatement {
    let sql: String
    private let handle: OpaquePointer
    private unowned let engine: SQLiteEngine

    init(engine: SQLiteEngine, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(engine.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw engine.error(rc, sql: sql) }
        self.sql = sql
        self.handle = stmt
        self.engine = engine
    }

    deinit { sqlite3_finalize(handle) }

    var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    func bind(_ value: SQLValue, at index: Int32) throws {
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
        guard rc == SQLITE_OK else { throw engine.error(rc, sql: sql) }
    }

    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = engine.error(sqlite3_extended_errcode(engine.handle), sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    func column(_ index: Int) -> SQLValue {
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

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    func rewind() { sqlite3_reset(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }
}
