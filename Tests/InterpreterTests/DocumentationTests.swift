// Runs every ```popsh block of docs/language.md in one session, in order, and checks
// that the output lines are exactly the `#=> X` results written in the blocks.

import XCTest
import Interpreter
import Builtins

final class DocumentationTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testLanguageReferenceExamples() throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("docs/language.md"), encoding: .utf8)
        let blocks = popshBlocks(in: text)
        XCTAssertGreaterThanOrEqual(blocks.count, 8, "docs/language.md lost its examples")
        var output = ""
        let session = Session(library: Builtins.library(), write: { output += $0 })
        for (index, block) in blocks.enumerated() {
            output = ""
            let expected = block.components(separatedBy: "\n").compactMap { line -> String? in
                guard let r = line.range(of: "#=> ") else { return nil }
                return String(line[r.upperBound...])
            }
            do {
                try session.run(block, name: "docs/language.md block \(index + 1)")
            } catch let e as PopshError {
                XCTFail("block \(index + 1) failed:\n\(e.render())\n\(block)")
                continue
            }
            let actual = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            XCTAssertEqual(actual, expected, "block \(index + 1):\n\(block)")
        }
    }

    private func popshBlocks(in markdown: String) -> [String] {
        var blocks: [String] = [], current: [String]?
        for line in markdown.components(separatedBy: "\n") {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```popsh" {
                current = []
            } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }
}
