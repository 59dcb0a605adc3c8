// ReportFixture: a session on the imported samples whose output is captured as a
// report, with the printed date and the data source fixed so a rendering is the same
// on every run and can be compared with a golden file.

import Builtins
import DataModel
import EngineSupport
import Foundation
import Interpreter
import XCTest

enum ReportFixture {
    static let printed = CivilDate(year: 2026, month: 1, day: 5)!

    /// The samples database on each engine, imported once for the report tests.
    static let databases = PerEngine { try SampleDatabase.make(on: $0) }

    /// The samples database on SQLite, for the tests of SQLite's own query plans.
    static var database: Result<Database, Error> { Result { try databases.get(.sqlite) } }

    /// Runs `script` with its output captured; the source names the samples with a fixed import date.
    static func document(_ script: String, title: String = "新余市2025年人口计生控制统计",
                         language: ReportLanguage = .zh, args: [String] = [],
                         on engine: TestEngine = .sqlite) throws -> ReportDocument {
        let db = try databases.get(engine)
        let session = Session(library: Builtins.library(), write: { _ in })
        session.define("args", .list(args.map { .string($0) }))
        session.machine.openDatabase = { db }
        let capture = ReportCapture(document: ReportDocument(title: title, language: language, printed: printed))
        capture.attach(to: session)
        try session.run(script, name: "report.pop")
        capture.detach(from: session)
        var doc = capture.document
        doc.source = ReportSource(database: "samples.db", feeds: try ReportSource.of(db).feeds.map {
            ReportSource.Feed(kind: $0.kind, files: $0.files, loaded: $0.loaded, lastImported: "2026-01-04",
                              lastFile: $0.lastFile)
        })
        return doc
    }

    /// Compares `text` with `golden/NAME`; POPSH_RECORD=1 writes the file instead.
    static func assertGolden(_ text: String, _ name: String, on engine: TestEngine = .sqlite,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let path = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
            .appendingPathComponent("golden/\(name)").path
        if ProcessInfo.processInfo.environment["POPSH_RECORD"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if text != expected {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(got, want).enumerated().first { $1.0 != $1.1 }?.offset ?? min(got.count, want.count)
            XCTFail("\(engine): \(name) differs from the golden file at line \(first + 1):\n got: \(first < got.count ? got[first] : "<end>")\n"
                    + "want: \(first < want.count ? want[first] : "<end>")\n(POPSH_RECORD=1 re-records it after a deliberate change)",
                    file: file, line: line)
        }
    }
}

/// Runs a program the tests read their output with (python3, the poppler tools) and
/// returns its exit status and standard output; its messages are not kept.
func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
