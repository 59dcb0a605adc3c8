// Runs every Tests/InterpreterTests/scripts/*.pop and compares its output with the
// `# expect: TEXT` lines in it (one per output line, in order). A script may end in an
// error: `# expect error: COL: kind: message` is the diagnostic's first line at the
// comment's own line, `# expect error: LINE:COL: ...` at another line.

import XCTest
@testable import Interpreter
import Builtins

final class ScriptTests: XCTestCase {
    static let scriptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scripts")

    func testEveryScript() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scriptsDirectory.path)
            .filter { $0.hasSuffix(".pop") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 10, "the script suite went missing")
        for file in files {
            let path = Self.scriptsDirectory.appendingPathComponent(file).path
            try check(path: path, name: file)
        }
    }

    private func check(path: String, name: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var expectedOutput: [String] = []
        var expectedError: String?
        for (n, line) in text.components(separatedBy: "\n").enumerated() {
            if let r = line.range(of: "# expect: ") {
                expectedOutput.append(String(line[r.upperBound...]))
            } else if let r = line.range(of: "# expect error: ") {
                let rest = String(line[r.upperBound...])
                let parts = rest.split(separator: ":", maxSplits: 2)
                let absolute = parts.count == 3 && Int(parts[0]) != nil && Int(parts[1]) != nil
                expectedError = absolute ? "\(name):\(rest)" : "\(name):\(n + 1):\(rest)"
            }
        }
        var output = ""
        let session = Session(library: Builtins.library(), write: { output += $0 })
        var actualError: String?
        do {
            try session.run(text, name: name, path: path)
        } catch let e as PopshError {
            actualError = e.render().components(separatedBy: "\n").first
        }
        let actualLines = output.isEmpty ? [] : output.dropLast(output.hasSuffix("\n") ? 1 : 0).components(separatedBy: "\n")
        if actualLines != expectedOutput {
            XCTFail("\(name): output differs\n" + diff(expected: expectedOutput, actual: actualLines))
        }
        XCTAssertEqual(actualError, expectedError, "\(name): error differs")
    }

    private func diff(expected: [String], actual: [String]) -> String {
        var out = ""
        for i in 0..<max(expected.count, actual.count) {
            let e = i < expected.count ? expected[i] : "<nothing>"
            let a = i < actual.count ? actual[i] : "<nothing>"
            out += (e == a ? "  " : "✗ ") + "line \(i + 1): expected \(e)" + (e == a ? "" : "\n           got      \(a)") + "\n"
        }
        return out
    }
}
