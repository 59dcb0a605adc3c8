// Whole scripts on both engines: cross-check, apply and undo, separation, control
// statistics and explain run over the same imported samples and print the same text
// (explain aside, which names each engine's plan).

import Builtins
import DataModel
import EngineSupport
import Interpreter
import XCTest

final class EngineScriptTests: XCTestCase {
    final class Output: @unchecked Sendable { var text = "" }

    private func run(_ script: [String], on db: Database) throws -> [String] {
        let output = Output()
        let session = Session(library: Builtins.library(), write: { output.text += $0 })
        session.machine.openDatabase = { db }
        var printed: [String] = []
        for (i, line) in script.enumerated() {
            output.text = ""
            try session.run(line, name: "line \(i + 1)")
            // A report names its database, which is a file on one engine and a URL on the other.
            printed.append(output.text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("数据来源") }.joined(separator: "\n"))
        }
        return printed
    }

    static let script = [
        "let day = @2025-12-31",
        "separation(people, level: \"county\", on: day) | count by separation",
        "separation(people, level: \"township\", on: day) | where sex == \"F\" | count by township, separation",
        "control_stats(2025)",
        "control_stats(2025, by: \"county\")",
        "let found = crosscheck_all()",
        "found | count by feed, finding",
        "found | sort feed, record_no | take 40",
        "let cards = found | where finding == \"no_card\" or finding == \"mother_no_card\"",
        "apply(cards, \"new_card\")",
        "let done = apply(cards, \"new_card\", confirm: true)",
        "done",
        "apply(found | where finding == \"pregnancy_still_open\", \"close_pregnancy\", confirm: true)",
        "wis | where status == \"active\" | count",
        "wis | sort -card_no | take 6",
        "undo(2)",
        "wis | where status == \"active\" | count",
        "report(control_stats(2025), title: \"Year\")",
        "report(overview(2025), title: \"Overview\")",
        "crosscheck_all() | count by finding",
    ]

    func testScriptsPrintTheSameOnBothEngines() throws {
        var printed: [TestEngine: [String]] = [:]
        for engine in try EngineDatabases.engines() {
            let (db, remove) = try EngineDatabases.samplesImported(engine)
            defer { remove() }
            printed[engine] = try run(Self.script, on: db)
            let applied = try db.scalar("SELECT count(*) FROM audit_log WHERE apply_batch IS NOT NULL").integer ?? 0
            XCTAssertGreaterThan(applied, 0, "\(engine): the apply wrote audit rows")
        }
        guard let sqlite = printed[.sqlite], let postgres = printed[.postgresql] else { return }
        for (i, (s, p)) in zip(sqlite, postgres).enumerated() where p != s {
            // The first differing line of what was printed, not pages of both.
            let (sl, pl) = (s.split(separator: "\n", omittingEmptySubsequences: false), p.split(separator: "\n", omittingEmptySubsequences: false))
            let at = Array(zip(sl, pl)).firstIndex { $0 != $1 } ?? min(sl.count, pl.count)
            XCTFail("line \(i + 1) (\(Self.script[i])) prints differently from its line \(at + 1):\n"
                    + "  sqlite:     \(at < sl.count ? String(sl[at]) : "(end)")\n  postgresql: \(at < pl.count ? String(pl[at]) : "(end)")")
        }
        XCTAssertFalse(sqlite[3].isEmpty, "control_stats printed a table")
    }

    func testExplainShowsTheServersPlan() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else { return }
        let (db, remove) = try EngineDatabases.samplesImported(.postgresql)
        defer { remove() }
        let text = try run(["explain(people | where sex == \"F\" | count by township)"], on: db)[0]
        XCTAssertTrue(text.contains("$1"), "the SQL is PostgreSQL's, with numbered placeholders:\n\(text)")
        XCTAssertTrue(text.contains("Scan") || text.contains("Aggregate"), "the plan is the server's:\n\(text)")
    }
}
