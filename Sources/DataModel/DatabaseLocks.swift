// DatabaseLocks: how a connection meets another popsh on the same file, and which files
// it agrees to open. A writer waits for another writer (an import holds the write lock
// for the whole file it loads) up to `Database.lockWaitSeconds`, saying on stderr after a
// second that it waits and why; then it gives up with an error that says so. A named
// database must already be a popsh database: opening never turns a typo or an empty
// file into a new one (only `.create` does), and a file that cannot be written opens
// read-only instead of failing on its first PRAGMA.

import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a database is opened.
public enum OpenMode: Sendable {
    /// Creates the file when it is missing (`popsh init`, the demo's build, tests).
    case create
    /// The file must exist and be an SQLite database; one that cannot be written opens read-only.
    case existing
}

/// Whether a transaction takes the write lock as it begins.
public enum TransactionKind: Sendable {
    case writing, reading
}

/// The wait for another connection's lock: SQLite's busy handler, with a notice once the
/// wait has lasted a second and a deadline.
final class LockWait {
    private let path: String
    private let seconds: Double
    private var started: Double = 0
    private var noticed = false
    /// Set while `waitingOutLocks` retries: its own wait spans the handler's, so the
    /// notice is given once for both.
    private(set) var retrying = false

    func beginRetrying() { retrying = true; noticed = false }
    func endRetrying() { retrying = false }

    init(path: String) {
        self.path = path
        seconds = Database.lockWaitSeconds
    }

    /// The error text once the deadline has passed.
    var gaveUpMessage: String {
        "another popsh kept \(path) locked (an import, apply or cross-check writing to it) for longer than "
            + "the \(Database.describe(seconds)) popsh waits; try again when it has finished"
    }

    /// What a writer is told once it has waited a second.
    var waitingNotice: String {
        "popsh: another popsh is writing to \(path) (importing, applying or cross-checking); "
            + "waiting up to \(Database.describe(seconds))…"
    }

    /// Runs `body`, which waits for the lock inside the server (up to `lock_timeout`), and
    /// gives the notice a file's busy handler gives if the wait lasts a second; as there, a
    /// wait of a second or less gives up before any notice.
    func noticing<T>(_ body: () throws -> T) throws -> T {
        guard seconds > 1 else { return try body() }
        let notice = DispatchWorkItem { [text = waitingNotice] in Database.lockNotice(text) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: notice)
        defer { notice.cancel() }
        return try body()
    }

    func install(on handle: OpaquePointer) {
        sqlite3_busy_handler(handle, { context, count in
            guard let context else { return 0 }
            return Unmanaged<LockWait>.fromOpaque(context).takeUnretainedValue().waitAgain(first: count == 0) ? 1 : 0
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called each time the lock is found taken; false gives up.
    func waitAgain(first: Bool) -> Bool {
        let now = Date.timeIntervalSinceReferenceDate
        if first { started = now; noticed = noticed && retrying }
        return wait(since: started)
    }

    /// Says once, after a second, that this connection waits; sleeps a little and tells
    /// whether to try again (false once the deadline since `start` has passed).
    func wait(since start: Double) -> Bool {
        let waited = Date.timeIntervalSinceReferenceDate - start
        if waited >= seconds { return false }
        if waited >= 1, !noticed {
            noticed = true
            Database.lockNotice(waitingNotice)
        }
        usleep(20_000)
        return true
    }

    /// Runs `body` again while another connection holds the lock in a way that makes
    /// SQLite refuse at once instead of calling the busy handler (a connection that reads
    /// and then wants to write while another writes, as a journal-mode change does), up
    /// to the same deadline. Inside a transaction (`depth` > 0) the refusal stands.
    func retry<T>(depth: Int, _ body: () throws -> T) throws -> T {
        let start = Date.timeIntervalSinceReferenceDate
        beginRetrying()
        defer { endRetrying() }
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.isBusy && depth == 0 {
                guard wait(since: start) else { throw error }
            }
        }
    }
}

extension Database {
    /// How long a connection waits for another's lock before it gives up. 60 s lets a
    /// month of feeds or a cross-check finish; a first load of the whole register takes
    /// longer, and then the second command fails with words saying why. `popsh` sets it
    /// from POPSH_LOCK_WAIT.
    nonisolated(unsafe) public static var lockWaitSeconds: Double = 60

    /// Where the notice of a wait goes: stderr, so that a script's output stays clean.
    nonisolated(unsafe) public static var lockNotice: (String) -> Void = { text in
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func describe(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// Runs `body` again while another connection's lock refuses it at once, up to the
    /// lock wait's deadline (SQLite); other engines wait inside the server.
    func waitingOutLocks<T>(_ body: () throws -> T) throws -> T {
        try engine.waitingOutLocks(depth: transactionDepth, body)
    }

    /// A read-only connection that can read the file. A database in WAL mode needs its
    /// shared-memory file (`-shm`), which a read-only folder cannot hold when no writer
    /// left one: the file is then opened as immutable, which it is while nobody can
    /// write beside it.
    static func openReadOnly(_ path: String) throws -> OpaquePointer {
        let plain = try connect(uriPath(path), SQLITE_OPEN_READONLY, uri: true)
        if sqlite3_exec(plain, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK { return plain }
        sqlite3_close_v2(plain)
        return try connect(uriPath(path) + "?immutable=1", SQLITE_OPEN_READONLY, uri: true)
    }

    /// `path` as a `file:` URI, with the characters a URI gives meaning to escaped.
    private static func uriPath(_ path: String) -> String {
        var uri = "file:"
        for character in path {
            switch character {
            case "%": uri += "%25"
            case "?": uri += "%3F"
            case "#": uri += "%23"
            default: uri.append(character)
            }
        }
        return uri
    }

    /// Refuses what `.existing` must not open; true when the file opens read-only.
    static func checkExisting(_ path: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DatabaseError(message: "there is no database at \(path)")
        }
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw DatabaseError(message: "cannot read \(path) (check its permissions)")
        }
        let header = (try? file.read(upToCount: 16)) ?? Data()
        try? file.close()
        guard !header.isEmpty else {
            throw DatabaseError(message: "\(path) is an empty file, not a popsh database "
                                + "(remove it and run popsh init \(path) to create one)")
        }
        guard header == Data("SQLite format 3\0".utf8) else {
            throw DatabaseError(message: "\(path) is not a popsh database (not an SQLite file)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0
    }
}
