// DatabaseChoice: which database a command works on. `--db PATH` wins, then POPSH_DB,
// then the embedded default: a demo city database in the user's data directory,
// generated on first use (with a progress line on a terminal) and moved into place
// only when complete, so an interrupted first start leaves nothing half-made. Any other
// database is only opened, never created, except by `popsh init` or `import --create`.

import ArgumentParser
import DataModel
import Foundation
import Interpreter

struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The database to use: a file or a postgresql://user@host:port/dbname URL (libpq's PGHOST, PGUSER, "
            + "PGPASSWORD, ~/.pgpass and sslmode apply) (default: $POPSH_DB, else the demo city database in "
            + "~/.local/share/popsh).",
        valueName: "PATH|URL"))
    var path: String?

    /// The chosen path and whether it is the embedded default.
    var choice: (path: String, isDefault: Bool) {
        if let path { return (path, false) }
        if let env = ProcessInfo.processInfo.environment["POPSH_DB"], !env.isEmpty { return (env, false) }
        return (DatabaseChoice.defaultPath, true)
    }
}

enum DatabaseChoice {
    /// `$XDG_DATA_HOME/popsh/demo.db`, or `~/.local/share/popsh/demo.db`.
    static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (env["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return base + "/popsh/demo.db"
    }

    /// Opens the chosen database. A named database must exist and be a popsh database (a
    /// typo or an empty file must not silently start an empty one) unless `create` says
    /// so; the default one is generated when missing. A database that cannot be written
    /// here opens read-only, with a note on stderr.
    static func open(_ options: DatabaseOptions, create: Bool = false) throws -> Database {
        configureLockWait()
        let (path, isDefault) = options.choice
        if Database.isServer(path) { return try openServer(path, create: create) }
        if isDefault, !FileManager.default.fileExists(atPath: path) {
            try buildDemo(DemoConfig(), at: path)
        }
        let mode: OpenMode = create && !FileManager.default.fileExists(atPath: path) ? .create : .existing
        let db: Database
        do {
            db = try Database(path: path, mode: mode)
        } catch let e as DatabaseError where !FileManager.default.fileExists(atPath: path) {
            throw PopshError(.runtime, e.message,
                             hint: "create one with: popsh init \(path), then popsh import --db \(path) FILES")
        }
        if db.isReadOnly {
            Console.error("popsh: \(path) cannot be written here (the file or its folder is read-only): "
                          + "opened read-only; queries work, imports, cross-checks and apply do not")
        }
        return db
    }

    /// A server's database: it must hold popsh's tables unless `create` says to make them.
    static func openServer(_ url: String, create: Bool) throws -> Database {
        do {
            return try Database(path: url, mode: create ? .create : .existing)
        } catch let e as DatabaseError {
            throw PopshError(.runtime, e.message)
        }
    }

    /// How long a command waits for another popsh's lock: POPSH_LOCK_WAIT seconds, else
    /// DataModel's default (docs/import.md, "Two popsh at once").
    static func configureLockWait() {
        guard let text = ProcessInfo.processInfo.environment["POPSH_LOCK_WAIT"], let seconds = Double(text),
              seconds >= 0, seconds.isFinite else { return }
        Database.lockWaitSeconds = seconds
    }

    /// Generates a demo city into a folder, imports it into a new database at `path`
    /// (replacing any file there; a server's database must hold no register yet) and
    /// removes the folder unless the caller keeps it.
    static func buildDemo(_ config: DemoConfig, at path: String, keepFilesIn out: String? = nil) throws {
        let fm = FileManager.default
        let server = Database.isServer(path)
        // A server's database is never replaced: it may hold a city's real data.
        if server, try openServer(path, create: true).scalar("SELECT count(*) FROM persons").integer != 0 {
            throw PopshError(.runtime, "\(Database.displayName(path)) already holds a register; "
                             + "popsh demo fills only an empty database (popsh init a new one)")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !server, !parent.isEmpty { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        let folder = out ?? NSTemporaryDirectory() + "popsh-demo-\(getpid())"
        defer { if out == nil { try? fm.removeItem(atPath: folder) } }
        let progress = StageProgress(enabled: isatty(STDERR_FILENO) != 0)
        progress.note("making the demo city (\(config.persons) persons, seed \(config.seed)) in \(Database.displayName(path))")
        let demo = try DemoCity.generate(config, into: folder) { stage, share in progress.show(stage, share) }
        // truth.csv is the generator's answer key for measuring the cross-check, not data.
        let dataFiles = demo.files.filter { ($0 as NSString).lastPathComponent != "truth.csv" }
        progress.finish()
        if server {
            try importDemo(dataFiles, into: try openServer(path, create: false))
            return
        }
        let partial = path + ".partial"
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: partial + suffix) }
        do {
            let db = try Database(path: partial)
            try importDemo(dataFiles, into: db)
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
        try fm.moveItem(atPath: partial, toPath: path)
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: partial + suffix) }
    }

    private static func importDemo(_ files: [String], into db: Database) throws {
        let summaries = Importer(database: db).importPaths(files, progress: ProgressReporter())
        if let failed = summaries.first(where: { $0.error != nil }) {
            throw PopshError(.runtime, "the demo city could not be imported: \(failed.error!)")
        }
    }
}

/// One updating line on a terminal's stderr for the stages of demo generation.
final class StageProgress {
    private let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    func note(_ text: String) {
        if enabled { Console.error("popsh: " + text) }
    }

    func show(_ stage: String, _ share: Double) {
        guard enabled else { return }
        let line = "\r\(stage): \(Int(share * 100))%\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
