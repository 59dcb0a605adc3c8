// EngineFixtures: a city imported once per engine and test run, read by many tests or
// copied for each test that writes. On SQLite a copy is the file's copy; on PostgreSQL
// the imported city is a database of its own that each copy takes as its template (the
// server copies it in a fraction of the import's time). What outlives one test is
// removed when the test process exits.

import DataModel
import Foundation

/// A value made once per engine on first use, its failure kept and thrown to every test
/// that asks, so one fixture that cannot be set up fails the tests reading it, with the
/// reason, and the run goes on.
public final class PerEngine<Value: Sendable>: @unchecked Sendable {
    private let make: @Sendable (TestEngine) throws -> Value
    private let lock = NSLock()
    private var made: [TestEngine: Result<Value, Error>] = [:]

    public init(_ make: @escaping @Sendable (TestEngine) throws -> Value) { self.make = make }

    public func get(_ engine: TestEngine) throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let result = made[engine] { return try result.get() }
        let result = Result { try make(engine) }
        made[engine] = result
        return try result.get()
    }
}

/// An imported city that tests copy: an SQLite file, or a PostgreSQL database no one
/// connects to once imported (the server copies a template only then).
public struct EngineTemplate: Sendable {
    public let engine: TestEngine
    let location: String
}

extension EngineDatabases {
    /// A fresh database on `engine` with `paths` imported; fails when any file fails.
    public static func imported(_ engine: TestEngine, _ paths: [String]) throws -> (database: Database, remove: () -> Void) {
        let (db, remove) = try fresh(engine)
        let summaries = Importer(database: db).importPaths(paths)
        let failed = summaries.compactMap(\.error)
        guard failed.isEmpty, !summaries.isEmpty else {
            remove()
            throw DatabaseError(message: "the files did not import on \(engine.rawValue): \(failed.joined(separator: "; "))")
        }
        return (db, remove)
    }

    /// Runs `remove` when the test process exits: for what a whole run shares.
    public static func removeAtExit(_ remove: @escaping () -> Void) { AtExit.add(remove) }

    /// A database the whole test run shares: `imported`, removed when the process exits.
    public static func shared(_ engine: TestEngine, _ paths: [String]) throws -> Database {
        let (db, remove) = try imported(engine, paths)
        AtExit.add(remove)
        return db
    }

    /// `paths` imported into a template on `engine` for `copy` to copy.
    public static func template(_ engine: TestEngine, _ paths: [String]) throws -> EngineTemplate {
        switch engine {
        case .sqlite:
            let (db, remove) = try imported(engine, paths)
            AtExit.add(remove)
            // A copy of the file alone must hold every row: none may stay in the journal.
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return EngineTemplate(engine: engine, location: db.path)
        case .postgresql:
            let name = "popsh_template_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try onServer("CREATE DATABASE \(name)")
            AtExit.add { try? onServer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            // The importing connection closes when `db` goes at the end of this scope.
            try {
                let db = try Database(path: try database(name))
                let failed = Importer(database: db).importPaths(paths).compactMap(\.error)
                guard failed.isEmpty else {
                    throw DatabaseError(message: "the files did not import on postgresql: \(failed.joined(separator: "; "))")
                }
            }()
            // Autovacuum's workers would otherwise connect now and then, and a copy
            // started while one is connected fails.
            try onServer("ALTER DATABASE \(name) WITH ALLOW_CONNECTIONS false")
            return EngineTemplate(engine: engine, location: name)
        }
    }

    /// A private copy of `template`, and what removes it.
    public static func copy(_ template: EngineTemplate) throws -> (database: Database, remove: () -> Void) {
        switch template.engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-copy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("copy.db").path
            try FileManager.default.copyItem(atPath: template.location, toPath: path)
            return (try Database(path: path), { try? FileManager.default.removeItem(at: folder) })
        case .postgresql:
            let name = "popsh_copy_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try onServer("CREATE DATABASE \(name) TEMPLATE \(template.location)")
            let db = try Database(path: try database(name))
            return (db, { try? onServer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") })
        }
    }

    /// The test server's URL naming the database `name` instead of its own.
    static func database(_ name: String) throws -> String {
        guard var url = URLComponents(string: try serverURL()) else {
            throw DatabaseError(message: "\(serverVariable) is not a URL")
        }
        url.path = "/" + name
        return url.string!
    }

    /// The columns of `table` in their order, without the engine's own row-order column
    /// (what both engines hold alike) unless `all`.
    public static func columns(of table: String, in db: Database, all: Bool = false) throws -> [String] {
        let sql = Database.isServer(db.path)
            ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = ?1 ORDER BY ordinal_position"
            : "SELECT name FROM pragma_table_info(?1) ORDER BY cid"
        return try db.query(sql, [.text(table)]).compactMap(\.[0].text).filter { all || $0 != db.dialect.rowOrder }
    }

    /// The user tables of `db`, by name.
    public static func tables(in db: Database) throws -> [String] {
        let sql = Database.isServer(db.path)
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                + "AND table_type = 'BASE TABLE' ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        return try db.query(sql).compactMap(\.[0].text)
    }
}

/// What the fixtures leave for the process's end, run once when it exits.
public enum AtExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var removals: [() -> Void] = []
    private static let registered: Void = { atexit { AtExit.runAll() } }()

    public static func add(_ removal: @escaping () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        _ = registered
        removals.append(removal)
    }

    private static func runAll() {
        lock.lock()
        let all = removals
        removals = []
        lock.unlock()
        for removal in all.reversed() { removal() }
    }
}
