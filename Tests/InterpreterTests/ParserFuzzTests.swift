// A bounded mutation test: programs from the script suite and the language reference,
// cut, spliced and sprinkled with awkward characters, must only ever produce
// diagnostics — never a crash, a hang or a stack overflow. Deterministic for its seed.

import XCTest
import Synchronization
@testable import Interpreter
@testable import DataModel
import Builtins

final class ParserFuzzTests: XCTestCase {
    func testMutatedProgramsNeverCrash() throws {
        let corpus = try loadCorpus()
        XCTAssertGreaterThan(corpus.count, 10)
        var rng = DemoRandom(seed: 0x5EED_2025)
        let fragments = ["(", ")", "[", "]", "{", "}", "|", ",", ":", "=>", "\"", "@", "@2025-13-01", "\n", "fn", "if",
                         "then", "else", "let", "for", "in", "while", "between", "and", "not", "#", "..", "-", "where",
                         "count by", "sort", "渝", "\u{3000}", "\\", "9223372036854775808", "1e999", "return", "break"]
        let library = Builtins.library()
        let stop = Atomic<Bool>(false)
        let watchdog = Thread {
            // Programs may legitimately loop forever after a mutation: interrupt often.
            while !stop.load(ordering: .relaxed) {
                usleep(2_000)
                interruptRequested.store(true, ordering: .relaxed)
            }
        }
        watchdog.start()
        defer {
            stop.store(true, ordering: .relaxed)
            usleep(20_000)
            interruptRequested.store(false, ordering: .relaxed)
        }
        var diagnostics = 0
        for _ in 0..<3000 {
            var chars = Array(corpus[Int(rng.next() % UInt64(corpus.count))])
            for _ in 0..<(1 + Int(rng.next() % 4)) where !chars.isEmpty {
                let at = Int(rng.next() % UInt64(chars.count))
                switch rng.next() % 4 {
                case 0: chars.remove(at: at)
                case 1: chars.insert(contentsOf: Array(fragments[Int(rng.next() % UInt64(fragments.count))]), at: at)
                case 2:
                    let len = min(chars.count - at, Int(rng.next() % 20))
                    chars.insert(contentsOf: chars[at..<(at + len)], at: at)
                default:
                    let end = min(chars.count, at + Int(rng.next() % 10))
                    chars.removeSubrange(at..<end)
                }
            }
            let session = Session(library: library, write: { _ in })
            do {
                try session.run(String(chars), name: "fuzz.pop")
            } catch is PopshError {
                diagnostics += 1
            }
        }
        XCTAssertGreaterThan(diagnostics, 500, "mutations should mostly produce diagnostics")
    }

    private func loadCorpus() throws -> [String] {
        let dir = ScriptTests.scriptsDirectory
        return try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".pop") }.sorted()
            .map { try String(contentsOfFile: dir.appendingPathComponent($0).path, encoding: .utf8) }
    }
}
