// Every shell command's registered example runs in the real shell and shows its
// registered result, as the builtins' and verbs' do; the commands and their entries are
// read from the shell's own `:help`, so a new command is checked without listing it here.

import XCTest

final class MetaCommandExampleTests: XCTestCase {
    private func shell(_ input: String) throws -> CommandLineTests.Run {
        try CommandLineTests.popsh(["--db", try BuiltinExampleTests.sampleDatabase], stdin: input)
    }

    func testEveryCommandExampleShowsItsResult() throws {
        let overview = try shell(":help\n").stdout.components(separatedBy: "\n")
        let commands = overview.drop { $0 != "commands (at the prompt):" }.dropFirst()
            .prefix { $0.hasPrefix("  ") }
            .compactMap { $0.split(separator: " ").first.map { String($0).trimmingCharacters(in: [","]) } }
        XCTAssertEqual(Set(commands), [":help", ":vars", ":set", ":rows", ":time", ":quit"], overview.joined(separator: "\n"))
        for command in commands {
            let entry = try shell(":help \(command)\n").stdout.components(separatedBy: "\n")
            let example = try XCTUnwrap(entry.first { $0.hasPrefix("  example: ") }, "\(command): \(entry)")
                .dropFirst("  example: ".count)
            let resultLines = entry.drop { !$0.hasPrefix("  result:  ") }
            let result = resultLines.isEmpty ? "" : ([String(resultLines.first!.dropFirst(11))]
                + resultLines.dropFirst().prefix { $0.hasPrefix(String(repeating: " ", count: 11)) }.map { String($0.dropFirst(11)) })
                .joined(separator: "\n")
            let run = try shell(example + "\n")
            XCTAssertEqual(run.stderr, "", "\(command): \(example)")
            XCTAssertEqual(run.status, 0, "\(command): \(example)")
            XCTAssertEqual(run.stdout.trimmingCharacters(in: .newlines), result, "example of \(command): \(example)")
        }
    }
}
