// Every shell command's registered example runs in the real shell and shows its
// registered result, as the builtins' and verbs' do; the commands and their entries are
// read from the shell's own `:help`, so a new command is checked without listing it here.
// The shell opens the sample city on every engine EngineDatabases names, and each example
// shows the same result on each.

import EngineSupport
import XCTest

final class MetaCommandExampleTests: XCTestCase {
    private func shell(_ input: String, on engine: TestEngine) throws -> CommandLineTests.Run {
        try CommandLineTests.popsh(["--db", try EngineShell.samples(engine)], stdin: input)
    }

    func testEveryCommandExampleShowsItsResult() throws {
        for engine in try EngineDatabases.engines() { try assertEveryCommandExampleShowsItsResult(on: engine) }
    }

    private func assertEveryCommandExampleShowsItsResult(on engine: TestEngine) throws {
        let overview = try shell(":help\n", on: engine).stdout.components(separatedBy: "\n")
        let commands = overview.drop { $0 != "commands (at the prompt):" }.dropFirst()
            .prefix { $0.hasPrefix("  ") }
            .compactMap { $0.split(separator: " ").first.map { String($0).trimmingCharacters(in: [","]) } }
        XCTAssertEqual(Set(commands), [":help", ":vars", ":set", ":rows", ":time", ":quit"], "\(engine): " + overview.joined(separator: "\n"))
        for command in commands {
            let entry = try shell(":help \(command)\n", on: engine).stdout.components(separatedBy: "\n")
            let example = try XCTUnwrap(entry.first { $0.hasPrefix("  example: ") }, "\(engine): \(command): \(entry)")
                .dropFirst("  example: ".count)
            let resultLines = entry.drop { !$0.hasPrefix("  result:  ") }
            let result = resultLines.isEmpty ? "" : ([String(resultLines.first!.dropFirst(11))]
                + resultLines.dropFirst().prefix { $0.hasPrefix(String(repeating: " ", count: 11)) }.map { String($0.dropFirst(11)) })
                .joined(separator: "\n")
            let run = try shell(example + "\n", on: engine)
            XCTAssertEqual(run.stderr, "", "\(engine): \(command): \(example)")
            XCTAssertEqual(run.status, 0, "\(engine): \(command): \(example)")
            XCTAssertEqual(run.stdout.trimmingCharacters(in: .newlines), result, "\(engine): example of \(command): \(example)")
        }
    }
}
