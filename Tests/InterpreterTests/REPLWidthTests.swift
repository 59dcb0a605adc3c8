// The prompt at 80 and 140 columns over the sample city: the banner, wide tables kept
// within the terminal, `:help` for a verb, and Tab completing a column inside a verb.
// What shows the database (the banner, its tables, its columns) runs on every engine
// EngineDatabases names: the shell opens the sample city as a file or on the server.

import Builtins
import DataModel
import EngineSupport
import Foundation
import XCTest

extension REPLTerminalTests {
    /// What the terminal drew, as lines without the editor's escape sequences.
    private func screenLines(_ output: String) -> [String] {
        let plain = output.replacingOccurrences(of: "\u{1b}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
        return plain.components(separatedBy: "\r\n")
    }

    func testBannerNamesTheDatabaseAndItsSize() throws {
        for engine in try EngineDatabases.engines() {
            let path = try EngineShell.samples(engine)
            let db = try Database(path: path)
            let persons = try XCTUnwrap(db.scalar("SELECT COUNT(*) FROM persons").integer)
            let t = try startShell(columns: 100, database: path)
            XCTAssertTrue(t.banner.contains("database: \(Database.displayName(path))"), "\(engine): \(t.banner)")
            XCTAssertTrue(t.banner.contains("\(persons) persons, "), "\(engine): \(t.banner)")
            XCTAssertTrue(t.banner.contains("WIS cards") && t.banner.contains("feed records"), "\(engine): \(t.banner)")
            XCTAssertTrue(t.banner.contains(":help"), "\(engine): \(t.banner)")
            XCTAssertTrue(try run(":hlep", in: t).contains("did you mean :help?"), "\(engine)")
        }
    }

    func testWideTablesStayWithinTheTerminal() throws {
        for engine in try EngineDatabases.engines() {
            for columns in [80, 140] {
                let t = try startShell(columns: UInt16(columns), database: try EngineShell.samples(engine))
                for entry in ["control_stats(year: 2025, by: \"county\")", "people"] {
                    let lines = screenLines(try run(entry, in: t))
                    let widest = lines.map { TextWidth.of($0) }.max() ?? 0
                    XCTAssertLessThanOrEqual(widest, columns, "\(engine): \(entry) at \(columns) columns:\n" + lines.joined(separator: "\n"))
                    XCTAssertGreaterThan(lines.filter { $0.hasPrefix("┌") }.count, 1, "\(engine): \(entry) is split into panels")
                    XCTAssertTrue(lines.contains { $0.hasSuffix(" rows") }, "\(engine): the row count is still there")
                }
                let county = screenLines(try run("control_stats(year: 2025, by: \"county\")", in: t))
                let headers = county.filter { $0.hasPrefix("│ area ") }
                XCTAssertFalse(headers.isEmpty, "\(engine)")
                XCTAssertTrue(headers.allSatisfy { $0.contains("│ name ") }, "\(engine): each panel repeats area and name")
            }
        }
    }

    func testHelpForAVerb() throws {
        let t = try startShell(columns: 80, database: try BuiltinExampleTests.sampleDatabase)
        let shown = screenLines(try run(":help where", in: t)).joined(separator: "\n")
        XCTAssertTrue(shown.contains("t | where condition\n  Keeps the rows where the condition holds"), shown)
        XCTAssertTrue(shown.contains("example: len(areas | where level == \"county\")"), shown)
        XCTAssertTrue(try run(":help control_s\t", in: t).contains("Section 8's control statistics"),
                      "after :help, Tab completes documented names")
        let overview = screenLines(try run(":help", in: t))
        XCTAssertTrue(overview.contains("table verbs (after |):") && overview.contains("commands (at the prompt):"))
        XCTAssertLessThanOrEqual(overview.map { TextWidth.of($0) }.max() ?? 0, 80)
    }

    func testTabCompletesAColumnInsideAVerb() throws {
        for engine in try EngineDatabases.engines() {
            let path = try EngineShell.samples(engine)
            let t = try startShell(columns: 120, database: path)
            let counted = try run("people | count by population_t\t", in: t)
            XCTAssertTrue(counted.contains("│ population_type │"), "\(engine): population_t<Tab> gives the column: \(counted)")
            let township = try run("people | where town\t == \"360502002000\" | count by sex", in: t)
            // Without the completion `town` would be an unknown name; with it the counts show.
            XCTAssertTrue(township.contains("│ sex │ n") && !township.contains("error"),
                          "\(engine): town<Tab> inside where gives township: \(township)")
            let name = try XCTUnwrap(try Database(path: path).scalar("SELECT name FROM areas WHERE code = '360502002000'").text)
            XCTAssertTrue(try run("people | where township == \"360502002000\" | count by town\t", in: t)
                .contains("│ 360502002000 │ \(name)"), "\(engine): the code is shown with its name")
        }
    }
}
