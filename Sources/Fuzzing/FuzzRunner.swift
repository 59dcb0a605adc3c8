// FuzzRunner: runs fuzz programs in process, each in a fresh session over one small
// demo database, under a time budget. The budget uses the interpreter's own Ctrl-C
// path: past it a watchdog thread sets the interrupt flag (and interrupts SQLite), so a
// `while true {}` ends as an ordinary "interrupted" error. A program still running long
// after that is a hang: the watchdog reports it and the process ends, since no thread
// can be stopped from outside.

import Builtins
import DataModel
import Foundation
import Interpreter
import Synchronization

public enum FuzzOutcome: String, Sendable {
    case finished, failed, interrupted
}

public final class FuzzRunner: @unchecked Sendable {
    public let database: Database
    public let library: Library
    /// Columns of each named table, for the generator's verbs.
    public let columns: [String: [String]]
    private let budget: UInt64
    private let hangAfter: UInt64
    private let onHang: @Sendable () -> Void
    /// When the running program started (monotonic nanoseconds), 0 between programs.
    private let started = Atomic<UInt64>(0)
    private let stopped = Atomic<Bool>(false)
    /// The first line of the last program's error, for `--verbose`.
    public private(set) var lastError: String?

    /// `budget` and `hangAfter` are seconds from a program's start.
    public init(database: Database, budget: Double, hangAfter: Double, onHang: @escaping @Sendable () -> Void) {
        self.database = database
        library = Builtins.library()
        let day = CivilDate(year: 2025, month: 12, day: 31) ?? CivilDate(days: 0)
        columns = Dictionary(uniqueKeysWithValues: FuzzValues.tableNames.map { name in
            (name, Table.named(name, on: day)?.columns.map(\.name) ?? [])
        })
        self.budget = UInt64(budget * 1e9)
        self.hangAfter = UInt64(hangAfter * 1e9)
        self.onHang = onHang
        let handle = database.interruptHandle
        // The thread holds the runner weakly, so dropping the runner ends the thread.
        let watchdog = Thread { [weak self] in
            while let runner = self, !runner.stopped.load(ordering: .relaxed) {
                runner.watch(handle)
                usleep(2_000)
            }
        }
        watchdog.start()
    }

    deinit { stopped.store(true, ordering: .relaxed) }

    private func watch(_ handle: InterruptHandle) {
        let start = started.load(ordering: .relaxed)
        guard start != 0 else { return }
        let elapsed = FuzzRunner.now() &- start
        if elapsed > hangAfter {
            onHang()
        } else if elapsed > budget {
            // The flag is consumed by the check that sees it; keep setting it until
            // the program has unwound.
            interruptRequested.store(true, ordering: .relaxed)
            handle.interrupt()
        }
    }

    /// Runs one program; every way it can end short of a crash is an outcome.
    public func run(_ program: String, name: String) -> FuzzOutcome {
        let session = Session(library: library, write: { _ in })
        let database = self.database
        session.machine.openDatabase = { database }
        database.clearInterrupt()
        interruptRequested.store(false, ordering: .relaxed)
        started.store(FuzzRunner.now(), ordering: .relaxed)
        defer {
            started.store(0, ordering: .relaxed)
            interruptRequested.store(false, ordering: .relaxed)
            database.clearInterrupt()
        }
        lastError = nil
        do {
            try session.run(program, name: name)
            return .finished
        } catch let e as PopshError where e.kind == .interrupted {
            return .interrupted
        } catch {
            lastError = "\(error)".split(separator: "\n").first.map(String.init)
            return .failed
        }
    }

    /// A demo city of `persons` generated and imported into a new database at `path`
    /// (its files in a folder beside it), or the database already there.
    public static func demoDatabase(at path: String, persons: Int = 2_000) throws -> Database {
        if FileManager.default.fileExists(atPath: path) { return try scratch(Database(path: path)) }
        let files = path + ".files"
        let demo = try DemoCity.generate(DemoConfig(persons: persons, seed: 20_251_231), into: files)
        defer { try? FileManager.default.removeItem(atPath: files) }
        let partial = path + ".partial"
        do {
            let db = try Database(path: partial)
            // truth.csv is the generator's answer key, not data.
            let failed = Importer(database: db).importPaths(demo.files.filter { !$0.hasSuffix("/truth.csv") }).compactMap(\.error)
            guard failed.isEmpty else { throw DatabaseError(message: "the demo city did not import: \(failed)") }
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return try scratch(Database(path: path))
    }

    /// The fuzz database is scratch: writes (imports, apply) need not wait for the disk,
    /// which otherwise takes most of a run's time.
    private static func scratch(_ db: Database) throws -> Database {
        try db.execute("PRAGMA synchronous = OFF")
        return db
    }

    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}

/// The programs the mutator starts from: `.pop` files as they are, and the ```popsh
/// blocks of Markdown files, from the files and folders given.
public func fuzzCorpus(_ paths: [String]) -> [String] {
    var out: [String] = []
    let fm = FileManager.default
    for path in paths {
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
        let files = isFolder.boolValue
            ? ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 } : [path]
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            if file.hasSuffix(".pop") { out.append(text) }
            if file.hasSuffix(".md") { out += popshBlocks(text) }
        }
    }
    return out
}

private func popshBlocks(_ markdown: String) -> [String] {
    var blocks: [String] = [], current: [Substring]?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line.hasPrefix("```popsh") {
            current = []
        } else if let lines = current, line.hasPrefix("```") {
            blocks.append(lines.joined(separator: "\n"))
            current = nil
        } else {
            current?.append(line)
        }
    }
    return blocks
}
