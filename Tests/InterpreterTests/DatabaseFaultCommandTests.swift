// The database faults through the real binary: `import` and `-c` create no database,
// an empty file is not taken for one, a read-only database is queried, an import killed
// with SIGKILL leaves nothing and its file imported again quarantines each bad line
// once, and a writer that meets another's lock waits, says so, then fails naming what
// it was doing. Each runs on an SQLite file and on a schema of the test server, with the
// same counts and sentences, except two about files alone: an empty file is not a
// database, and a read-only file in a read-only folder is opened read-only (on a server
// the read-only user is a login's role: RoleTests' analyst).

@testable import DataModel
import EngineSupport
import Foundation
import XCTest

final class DatabaseFaultCommandTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        try? FileManager.default.removeItem(at: dir)
    }

    private var samples: String { BuiltinExampleTests.samplesDirectory.path }

    private func initialised(_ name: String) throws -> String {
        let db = dir.appendingPathComponent(name).path
        XCTAssertEqual(try CommandLineTests.popsh(["init", db]).status, 0)
        return db
    }

    func testImportAndDashCCreateNoDatabase() throws {
        for engine in try EngineDatabases.engines() {
            let typo = try EngineShell.emptyLocation(engine, for: self)
            let name = Database.displayName(typo)
            let imported = try CommandLineTests.popsh(["import", "--db", typo, samples + "/units.csv"])
            XCTAssertEqual(imported.status, 1, "\(engine)")
            XCTAssertTrue(imported.stderr.contains(engine == .sqlite ? "there is no database at \(typo)" : "\(name) holds no popsh database"),
                          "\(engine): \(imported.stderr)")
            XCTAssertTrue(imported.stderr.contains("popsh init \(name)"), "\(engine): \(imported.stderr)")
            let queried = try CommandLineTests.popsh(["--db", typo, "-c", "len(people)"])
            XCTAssertEqual(queried.status, 1, "\(engine)")
            XCTAssertFalse(try EngineShell.holdsADatabase(typo), "\(engine): neither import nor -c creates a database")
            let created = try CommandLineTests.popsh(["import", "--create", "--db", typo, samples + "/units.csv"])
            XCTAssertEqual(created.status, 0, "\(engine): \(created.stderr)")
            XCTAssertTrue(created.stdout.contains("units.csv (units, utf-8): read 20 = loaded 20"), "\(engine): \(created.stdout)")
        }
    }

    /// A file alone can be empty: it is not taken for a database, nor filled.
    func testAnEmptyFileIsNotADatabase() throws {
        let empty = dir.appendingPathComponent("empty.db").path
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let intoEmpty = try CommandLineTests.popsh(["import", "--db", empty, samples + "/units.csv"])
        XCTAssertEqual(intoEmpty.status, 1)
        XCTAssertTrue(intoEmpty.stderr.contains("is an empty file, not a popsh database"), intoEmpty.stderr)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int, 0)
    }

    /// Root writes wherever it likes, so as root the query runs as `nobody`, for whom the
    /// folder and the file are read-only as they are for a user on a read-only share.
    func testAReadOnlyDatabaseInAReadOnlyFolderIsQueried() throws {
        let db = try initialised("c.db")
        XCTAssertEqual(try CommandLineTests.popsh(["import", "--db", db, samples + "/units.csv"]).status, 0)
        let fm = FileManager.default
        try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        let asNobody = getuid() == 0 ? ["--reuid=65534", "--regid=65534", "--clear-groups",
                                        try CommandLineTests.binary.path] : []
        let run = try asNobody.isEmpty
            ? CommandLineTests.popsh(["--db", db, "-c", "len(units)"])
            : runProcess("/usr/bin/setpriv", asNobody + ["--db", db, "-c", "len(units)"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "20\n")
        XCTAssertTrue(run.stderr.contains("opened read-only"), run.stderr)
        let write = try asNobody.isEmpty
            ? CommandLineTests.popsh(["import", "--db", db, samples + "/units.csv"])
            : runProcess("/usr/bin/setpriv", asNobody + ["import", "--db", db, samples + "/units.csv"])
        XCTAssertEqual(write.status, 1)
        XCTAssertTrue(write.stdout.contains("is open read-only"), write.stdout)
    }

    /// A register of 60,000 persons (6 MB: a first load, with a rollback journal), six of
    /// them with a sex no one has, to be quarantined.
    private func bigRegister() throws -> URL {
        let file = dir.appendingPathComponent("persons.csv")
        var rows = "person_id,name,sex,birth_date,marital,spouse_id,hukou_area,hukou_kind,residence_area,address,unit_code,residence_since\n"
        for i in 0..<60_000 {
            let sex = i % 10_000 == 5 ? "U" : "F"
            rows += "\(identity(i)),居民\(i),\(sex),1980-01-01,single,,360502104003,family,360521002001,仙来小区 \(i)栋,,2020-01-01\n"
        }
        try Data(rows.utf8).write(to: file)
        return file
    }

    private func startImport(_ file: URL, into db: String) throws -> Process {
        let p = Process()
        p.executableURL = try CommandLineTests.binary
        p.arguments = ["import", "--db", db, file.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// A query during a first load once failed at once on the journal-mode change; it
    /// now reads what is committed, or waits for the load's commit.
    func testAQueryDuringAFirstLoadWaitsInsteadOfFailing() throws {
        let file = try bigRegister()
        for engine in try EngineDatabases.engines() {
            let db = try EngineShell.initialised(engine, for: self)
            let loading = try startImport(file, into: db)
            Thread.sleep(forTimeInterval: 0.5)
            let query = try CommandLineTests.popsh(["--db", db, "-c", "len(people)"], environment: ["POPSH_LOCK_WAIT": "120"])
            loading.waitUntilExit()
            XCTAssertEqual(loading.terminationStatus, 0, "\(engine)")
            XCTAssertEqual(query.status, 0, "\(engine): \(query.stderr)")
            XCTAssertTrue(["0\n", "59994\n"].contains(query.stdout), "\(engine): \(query.stdout)")
        }
    }

    /// On a file the killed import leaves its journal, rolled back by the next opening;
    /// on a server the killed connection's transaction is rolled back by the server.
    func testAnImportKilledMidWayLeavesNothingAndReimportQuarantinesOnce() throws {
        let file = try bigRegister()
        for engine in try EngineDatabases.engines() {
            let db = try EngineShell.initialised(engine, for: self)
            let p = try startImport(file, into: db)
            Thread.sleep(forTimeInterval: 0.6)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationReason, .uncaughtSignal, "\(engine): the import was still running when killed")
            let check = "print(len(people), len(quarantine), len(imports))"
            let killed = try CommandLineTests.popsh(["--db", db, "-c", check])
            XCTAssertEqual(killed.stdout, "0 0 0\n", "\(engine): \(killed.stderr)")
            for _ in 0..<2 {
                let again = try CommandLineTests.popsh(["import", "--db", db, file.path])
                XCTAssertEqual(again.status, 0, "\(engine): \(again.stdout) \(again.stderr)")
            }
            let after = try CommandLineTests.popsh(["--db", db, "-c", check])
            XCTAssertEqual(after.stdout, "59994 6 2\n", "\(engine): \(after.stderr)")
        }
    }

    func testASecondWriterWaitsThenFailsNamingTheOperation() throws {
        for engine in try EngineDatabases.engines() {
            let db = try EngineShell.initialised(engine, for: self)
            let release = try holdTheWriterLock(of: db)
            defer { release() }
            let name = Database.displayName(db)
            let undo = try CommandLineTests.popsh(["--db", db, "-c", "undo(1)"], environment: ["POPSH_LOCK_WAIT": "1.5"])
            XCTAssertEqual(undo.status, 1, "\(engine)")
            XCTAssertTrue(undo.stderr.contains("popsh: another popsh is writing to \(name) (importing, applying or "
                                               + "cross-checking); waiting up to 1.5 s…"), "\(engine): \(undo.stderr)")
            XCTAssertTrue(undo.stderr.contains("undo could not write: another popsh kept \(name) locked"), "\(engine): \(undo.stderr)")
            let imported = try CommandLineTests.popsh(["import", "--db", db, samples + "/units.csv"],
                                                      environment: ["POPSH_LOCK_WAIT": "1"])
            XCTAssertEqual(imported.status, 1, "\(engine)")
            XCTAssertTrue(imported.stdout.contains("units.csv: NOT IMPORTED"), "\(engine): \(imported.stdout)")
            XCTAssertTrue(imported.stdout.contains("try again when it has finished; nothing from this file was loaded"),
                          "\(engine): \(imported.stdout)")
        }
    }

    /// Takes the lock a writing popsh takes (the file's write lock, the server's advisory
    /// lock), as another popsh importing would; returns what lets it go.
    private func holdTheWriterLock(of db: String) throws -> () -> Void {
        if Database.isServer(db) {
            let holder = try PostgresConnection(db)
            try holder.execute("BEGIN")
            try holder.execute("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresEngine.writerLock)])
            return { try? holder.execute("ROLLBACK") }
        }
        let holder = try Database(path: db, mode: .existing)
        try holder.execute("BEGIN IMMEDIATE")
        return { try? holder.execute("ROLLBACK") }
    }

    private func identity(_ i: Int) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], checks = Array("10X98765432")
        let body = "3605021980" + String(format: "%02d%02d%03d", i % 12 + 1, (i / 12) % 28 + 1, i / 336)
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +)
        return body + String(checks[sum % 11])
    }

    private func runProcess(_ path: String, _ arguments: [String]) throws -> CommandLineTests.Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CommandLineTests.Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                    stderr: String(decoding: e, as: UTF8.self))
    }
}
