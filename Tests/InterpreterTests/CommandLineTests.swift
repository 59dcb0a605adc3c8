// The real popsh binary: -c, batch scripts with arguments, exit statuses (0 success,
// 1 script error with its diagnostic on stderr, 2 usage error), --version, --help.

import XCTest

final class CommandLineTests: XCTestCase {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static var binary: URL {
        get throws { URL(fileURLWithPath: try popshExecutable()) }
    }

    static func popsh(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = try binary
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["POPSH_HISTORY"] = NSTemporaryDirectory() + "/popsh-test-history"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func testDashCShowsTheValue() throws {
        let r = try Self.popsh(["-c", "1 + 2"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "3\n")
        XCTAssertEqual(r.stderr, "")
    }

    func testDefinitionsShowNothing() throws {
        let r = try Self.popsh(["-c", "let x = 5\nfn f(a) => a\nx = 6\nnull"])
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.status, 0)
    }

    func testScriptSeesItsArguments() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("month.pop")
        try "let month = args[0]\nprint(\"month:\", month)\nlen(args)\n".write(to: script, atomically: true, encoding: .utf8)
        let r = try Self.popsh([script.path, "2025-11", "--verbose"])
        XCTAssertEqual(r.stdout, "month: 2025-11\n2\n")
        XCTAssertEqual(r.status, 0)
    }

    func testScriptErrorExitsOneWithDiagnostic() throws {
        let r = try Self.popsh(["-c", "print(\"before\")\nlet y = 1 / 0\nprint(\"after\")"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "before\n")
        XCTAssertEqual(r.stderr, """
        <-c>:2:11: error: division by zero
         2 | let y = 1 / 0
           |           ^
          hint: guard with if d == 0 then null else n / d

        """)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try Self.popsh(["--no-such-flag"]).status, 2)
        XCTAssertEqual(try Self.popsh(["/no/such/script.pop"]).status, 2)
    }

    func testVersionAndHelp() throws {
        let v = try Self.popsh(["--version"])
        XCTAssertEqual(v.status, 0)
        XCTAssertTrue(v.stdout.hasPrefix("0."), v.stdout)
        let h = try Self.popsh(["--help"])
        XCTAssertEqual(h.status, 0)
        XCTAssertTrue(h.stdout.contains("USAGE"), h.stdout)
        for everything in ["-c CODE", "--db PATH", "FILE.pop [ARGS...]", "import", "report", "render", "demo", "init"] {
            XCTAssertTrue(h.stdout.contains(everything), "--help names \(everything): \(h.stdout)")
        }
    }

    func testCodeStartingWithADashIsTheProgram() throws {
        let r = try Self.popsh(["-c", "-1 + 2"])
        XCTAssertEqual(r.stdout, "1\n", r.stderr)
        XCTAssertEqual(r.status, 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("args.pop")
        try "args\n".write(to: script, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Self.popsh([script.path, "-c", "-x"]).stdout, "[\"-c\", \"-x\"]\n",
                       "after the script's name, -c is the script's argument")
    }

    func testOneUsageLinePerMistake() throws {
        for mistake in [["report", "--out", "x.pdf"], ["--no-such-flag"], ["-c"]] {
            let r = try Self.popsh(mistake)
            XCTAssertEqual(r.status, 2)
            XCTAssertEqual(r.stderr.components(separatedBy: "Usage:").count - 1, 1, "\(mistake): \(r.stderr)")
        }
    }
}
