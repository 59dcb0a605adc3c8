// `popsh init`, `popsh import` (text and JSON summaries, --as, errors) and the
// database options (--db, POPSH_DB, a missing named database) through the real binary.

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
        let db = dir.appendingPathComponent("c.db").path
        let first = try CommandLineTests.popsh(["init", db])
        XCTAssertEqual(first.status, 0)
        XCTAssertEqual(first.stdout, "created \(db)\n")
        let second = try CommandLineTests.popsh(["init", db])
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains("already exists"), second.stderr)
    }

    func testImportSummaryBalancesPerFileAndInTotal() throws {
        let db = dir.appendingPathComponent("c.db").path
        _ = try CommandLineTests.popsh(["init", db])
        let r = try CommandLineTests.popsh(["import", "--db", db, samples])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let fileLines = lines.filter { $0.contains(": read ") && !$0.hasPrefix("total") }
        XCTAssertEqual(fileLines.count, 51)
        for line in fileLines + lines.filter({ $0.hasPrefix("total") }) {
            let n = numbers(after: ["read ", "loaded ", "duplicates ", "quarantined "], in: line)
            XCTAssertEqual(n[0], n[1] + n[2] + n[3], line)
        }
        XCTAssertTrue(r.stdout.contains("hukou-2025-12.csv (hukou, gb18030): read 7 = loaded 6 + duplicates 0 + quarantined 1"), r.stdout)
        let again = try CommandLineTests.popsh(["import", "--db", db, "--json", samples + "/feeds/marriage-2025-11.csv"])
        let json = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(json.count, 1)
        XCTAssertEqual(json[0]["kind"] as? String, "marriage")
        XCTAssertEqual(json[0]["encoding"] as? String, "gb18030")
        XCTAssertEqual(json[0]["read"] as? Int, json[0]["duplicates"] as? Int)
        XCTAssertEqual(json[0]["loaded"] as? Int, 0)
    }

    func testUnreadableFileIsNamedAndOthersGoOn() throws {
        let db = dir.appendingPathComponent("c.db").path
        _ = try CommandLineTests.popsh(["init", db])
        let bogus = dir.appendingPathComponent("notes.csv")
        try "hello,world\n1,2\n".write(to: bogus, atomically: true, encoding: .utf8)
        let r = try CommandLineTests.popsh(["import", "--db", db, bogus.path, samples + "/units.csv"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("notes.csv: NOT IMPORTED"), r.stdout)
        XCTAssertTrue(r.stdout.contains("units.csv (units, utf-8): read 20 = loaded 20"), r.stdout)
    }

    func testUnknownKindIsAUsageError() throws {
        let r = try CommandLineTests.popsh(["import", "--db", dir.appendingPathComponent("c.db").path, "--as", "weddings", samples])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("unknown kind 'weddings'"), r.stderr)
    }

    func testNamedDatabaseMustExist() throws {
        let missing = dir.appendingPathComponent("missing.db").path
        let r = try CommandLineTests.popsh(["--db", missing, "-c", "import_files(\"x.csv\")"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("there is no database at \(missing)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        let viaEnv = try CommandLineTests.popsh(["-c", "import_files(\"x.csv\")"], environment: ["POPSH_DB": missing])
        XCTAssertTrue(viaEnv.stderr.contains("there is no database at \(missing)"), viaEnv.stderr)
    }

    func testImportFilesBuiltinReportsPerFile() throws {
        let db = dir.appendingPathComponent("c.db").path
        _ = try CommandLineTests.popsh(["init", db])
        let r = try CommandLineTests.popsh(["--db", db, "-c", """
        let loaded = import_files("\(samples)/areas.csv", "\(samples)/units.csv")
        loaded | map(fn(f) => [f.kind, f.read, f.loaded])
        """])
        XCTAssertEqual(r.stdout, "[[\"areas\", 347, 347], [\"units\", 20, 20]]\n", r.stderr)
    }

    private func numbers(after labels: [String], in line: String) -> [Int] {
        labels.map { label in
            guard let r = line.range(of: label) else { return -1 }
            return Int(line[r.upperBound...].prefix(while: \.isNumber)) ?? -1
        }
    }
}
