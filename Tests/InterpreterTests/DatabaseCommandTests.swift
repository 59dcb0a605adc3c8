// `popsh init`, `popsh import` (text and JSON summaries, --as, errors) and the
// database options (--db, POPSH_DB, a missing named database) through the real binary,
// on an SQLite file and on a schema of the test server (EngineShell): the same counts on
// each, and each engine's own words where a file and a server differ (a file that
// exists, a schema popsh has not made its tables in).

import DataModel
import EngineSupport
import XCTest

final class DatabaseCommandTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private var samples: String { BuiltinExampleTests.samplesDirectory.path }

    func testInitRefusesToOverwrite() throws {
        for engine in try EngineDatabases.engines() {
            let db = try EngineShell.emptyLocation(engine, for: self)
            let first = try CommandLineTests.popsh(["init", db])
            XCTAssertEqual(first.status, 0, "\(engine): \(first.stderr)")
            XCTAssertEqual(first.stdout, engine == .sqlite ? "created \(db)\n"
                           : "created popsh's tables in \(Database.displayName(db))\n", "\(engine)")
            let second = try CommandLineTests.popsh(["init", db])
            XCTAssertEqual(second.status, 1, "\(engine)")
            XCTAssertTrue(second.stderr.contains(engine == .sqlite ? "already exists" : "already holds a popsh database; nothing was changed"),
                          "\(engine): \(second.stderr)")
        }
    }

    func testImportSummaryBalancesPerFileAndInTotal() throws {
        for engine in try EngineDatabases.engines() {
            let db = try EngineShell.initialised(engine, for: self)
            let r = try CommandLineTests.popsh(["import", "--db", db, samples])
            XCTAssertEqual(r.status, 0, "\(engine): \(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            let fileLines = lines.filter { $0.contains(": read ") && !$0.hasPrefix("total") }
            XCTAssertEqual(fileLines.count, 51, "\(engine)")
            for line in fileLines + lines.filter({ $0.hasPrefix("total") }) {
                let n = numbers(after: ["read ", "loaded ", "duplicates ", "quarantined "], in: line)
                XCTAssertEqual(n[0], n[1] + n[2] + n[3], "\(engine): \(line)")
            }
            XCTAssertTrue(r.stdout.contains("hukou-2025-12.csv (hukou, gb18030): read 7 = loaded 6 + duplicates 0 + quarantined 1"),
                          "\(engine): \(r.stdout)")
            let again = try CommandLineTests.popsh(["import", "--db", db, "--json", samples + "/feeds/marriage-2025-11.csv"])
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]],
                                     "\(engine): \(again.stdout) \(again.stderr)")
            XCTAssertEqual(json.count, 1, "\(engine)")
            XCTAssertEqual(json.first?["kind"] as? String, "marriage", "\(engine)")
            XCTAssertEqual(json.first?["encoding"] as? String, "gb18030", "\(engine)")
            XCTAssertEqual(json.first?["read"] as? Int, json.first?["duplicates"] as? Int, "\(engine)")
            XCTAssertEqual(json.first?["loaded"] as? Int, 0, "\(engine)")
        }
    }

    func testUnreadableFileIsNamedAndOthersGoOn() throws {
        let bogus = dir.appendingPathComponent("notes.csv")
        try "hello,world\n1,2\n".write(to: bogus, atomically: true, encoding: .utf8)
        for engine in try EngineDatabases.engines() {
            let db = try EngineShell.initialised(engine, for: self)
            let r = try CommandLineTests.popsh(["import", "--db", db, bogus.path, samples + "/units.csv"])
            XCTAssertEqual(r.status, 1, "\(engine)")
            XCTAssertTrue(r.stdout.contains("notes.csv: NOT IMPORTED"), "\(engine): \(r.stdout)")
            XCTAssertTrue(r.stdout.contains("units.csv (units, utf-8): read 20 = loaded 20"), "\(engine): \(r.stdout)")
        }
    }

    func testUnknownKindIsAUsageError() throws {
        let r = try CommandLineTests.popsh(["import", "--db", dir.appendingPathComponent("c.db").path, "--as", "weddings", samples])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("unknown kind 'weddings'"), r.stderr)
    }

    /// A file that is not there, or a server's schema without popsh's tables: neither is
    /// made by a query, and the message says where popsh looked.
    func testNamedDatabaseMustExist() throws {
        for engine in try EngineDatabases.engines() {
            let missing = try EngineShell.emptyLocation(engine, for: self)
            let said = engine == .sqlite ? "there is no database at \(missing)"
                : "\(Database.displayName(missing)) holds no popsh database"
            let r = try CommandLineTests.popsh(["--db", missing, "-c", "import_files(\"x.csv\")"])
            XCTAssertEqual(r.status, 1, "\(engine)")
            XCTAssertTrue(r.stderr.contains(said), "\(engine): \(r.stderr)")
            let viaEnv = try CommandLineTests.popsh(["-c", "import_files(\"x.csv\")"], environment: ["POPSH_DB": missing])
            XCTAssertTrue(viaEnv.stderr.contains(said), "\(engine): \(viaEnv.stderr)")
            XCTAssertFalse(try EngineShell.holdsADatabase(missing), "\(engine): nothing was created at \(missing)")
        }
    }

    func testImportFilesBuiltinReportsPerFile() throws {
        for engine in try EngineDatabases.engines() {
            let db = try EngineShell.initialised(engine, for: self)
            let r = try CommandLineTests.popsh(["--db", db, "-c", """
            let loaded = import_files("\(samples)/areas.csv", "\(samples)/units.csv")
            loaded | map(fn(f) => [f.kind, f.read, f.loaded])
            """])
            XCTAssertEqual(r.stdout, "[[\"areas\", 347, 347], [\"units\", 20, 20]]\n", "\(engine): \(r.stderr)")
        }
    }

    private func numbers(after labels: [String], in line: String) -> [Int] {
        labels.map { label in
            guard let r = line.range(of: label) else { return -1 }
            return Int(line[r.upperBound...].prefix(while: \.isNumber)) ?? -1
        }
    }
}
