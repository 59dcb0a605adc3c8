// The fuzzer in the test suite: a fixed seed's programs must all end in a value or an
// ordinary error, and so must every input the fuzzer or a person ever found crashing
// popsh (fuzz-regressions/*.pop). Both run in the popsh-fuzz child process, so a crash
// fails the test with the program that caused it instead of killing the test run.
// Inputs that need the database and must end in a value are checked here too, on every
// engine EngineDatabases names (the demo city on a file, the samples on the server: each
// check compares two answers from the same city).

import XCTest
import Foundation
import DataModel
import EngineSupport
import Fuzzing
import Interpreter
import Builtins

final class FuzzTests: XCTestCase {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repository = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let regressions = testsFolder.appendingPathComponent("fuzz-regressions")
    /// One scratch folder for the run, so the demo database is made once.
    static let work = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-fuzz-\(getpid())").path

    override class func tearDown() {
        for path in [work, work + "-tables.db", work + "-tables.db-wal", work + "-tables.db-shm"] {
            try? FileManager.default.removeItem(atPath: path)
        }
        super.tearDown()
    }

    func testGeneratedProgramsEndInAValueOrAnError() throws {
        let corpus = ["examples", "docs", "Tests/InterpreterTests/scripts"].flatMap {
            ["--corpus", Self.repository.appendingPathComponent($0).path]
        }
        let run = try fuzz(["generate", "--seed", "20251204", "--count", "2000"] + corpus)
        XCTAssertEqual(run.status, 0, run.failure)
        XCTAssertTrue(run.stdout.hasPrefix("programs 2000:"), run.stdout)
    }

    func testEveryRegressionInputEndsInAValueOrAnError() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.regressions.path)
            .filter { $0.hasSuffix(".pop") }.sorted().map { Self.regressions.appendingPathComponent($0).path }
        XCTAssertGreaterThanOrEqual(files.count, 12, "the regression inputs went missing")
        let run = try fuzz(["replay"] + files)
        XCTAssertEqual(run.status, 0, run.failure)
        XCTAssertEqual(run.stdout.split(separator: "\n").count, files.count + 1, run.stdout)
    }

    /// Extreme arguments to the database's builtins: plan rewrites and statistics used
    /// to do Swift arithmetic on them and trap; now they give answers.
    func testExtremeArgumentsToTablesGiveAnswers() throws {
        for engine in try EngineDatabases.engines() {
            let db = engine == .sqlite ? try FuzzRunner.demoDatabase(at: Self.work + "-tables.db")
                : try Database(path: try EngineShell.samples(engine))
            try assertExtremeArgumentsGiveAnswers(db, on: engine)
        }
    }

    private func assertExtremeArgumentsGiveAnswers(_ db: Database, on engine: TestEngine) throws {
        let checks: [(String, String)] = [
            ("people | where age between -9223372036854775807 and 49 | len", "len(people | where age <= 49)"),
            ("women(ages: 9223372036854775807) | len", "0"),
            ("women(ages: [-9223372036854775807, 9223372036854775807]) | len", "0"),
            ("people | where age > 9223372036854775807 | len", "0"),
            ("people | where age >= (-9223372036854775807 - 1) | len", "len(people)"),
            ("len(control_stats(year: 25)) > 0", "true"),
            ("len(control_stats(year: 1)) > 0", "true"),
            ("len(separation(people, on: @0001-03-01)) >= 0", "true"),
        ]
        for (code, expected) in checks {
            var shown: [String] = []
            let session = Session(library: Builtins.library(), write: { shown.append($0) })
            session.machine.openDatabase = { db }
            do {
                try session.run("print((\(code)) == (\(expected)))", name: "check.pop", show: false)
            } catch let e as PopshError {
                XCTFail("\(engine): \(code): \(e.render())")
            }
            XCTAssertEqual(shown, ["true\n"], "\(engine): \(code)")
        }
    }

    private struct Run {
        var status: Int32
        var stdout: String
        var failure: String
    }

    private func fuzz(_ arguments: [String]) throws -> Run {
        // Built beside popsh by `swift build --build-tests`.
        let binary = URL(fileURLWithPath: try popshExecutable()).deletingLastPathComponent()
            .appendingPathComponent("popsh-fuzz").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: binary,
                NSLocalizedDescriptionKey: "no popsh-fuzz at \(binary); build it with `swift build --build-tests`"])
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments + ["--work", Self.work]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let stdout = String(decoding: o, as: UTF8.self)
        var failure = String(decoding: e, as: UTF8.self)
        if p.terminationStatus != 0 {
            let program = (try? String(contentsOfFile: Self.work + "/current.pop", encoding: .utf8)) ?? "(not recorded)"
            let how = p.terminationReason == .uncaughtSignal ? "was killed by signal \(p.terminationStatus)" : "exited \(p.terminationStatus)"
            failure += "popsh-fuzz \(how) on this program:\n\(program)\nafter:\n\(stdout.suffix(2000))"
        }
        return Run(status: p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus,
                   stdout: stdout, failure: failure)
    }
}
