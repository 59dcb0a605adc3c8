// The prompt's table style: wide tables in panels (or the columns that fit and what was
// left out) within the width, long reasons wrapped whole, area codes with their names.
// Each test shows tables read from every engine's database.

import XCTest
import DataModel
import EngineSupport
import Interpreter
@testable import Builtins

final class TableStyleTests: XCTestCase {
    private func shown(_ expression: String, _ style: TableStyle, limit: Int = 20, on engine: TestEngine) throws -> String {
        let (session, _) = try TestDatabase.session(TestDatabase.shared(on: engine))
        try session.run("let shown_table = " + expression, name: "t")
        guard case .table(let table)? = session.value(of: "shown_table") else {
            XCTFail("\(engine): \(expression) is not a table")
            return ""
        }
        let place = SourceLocation(source: Source(name: "t", text: expression), line: 1, column: 1)
        return try TableDisplay.render(table, session.machine, at: place, limit: limit, style: style)
    }

    private func widest(_ text: String) -> Int {
        text.split(separator: "\n").map { TextWidth.of($0) }.max() ?? 0
    }

    func testWideTablesBecomePanelsRepeatingTheKeyColumns() throws {
        for engine in try EngineDatabases.engines() {
            for width in [80, 140] {
                let text = try shown("control_stats(year: 2025, by: \"county\")", TableStyle(width: width), on: engine)
                XCTAssertLessThanOrEqual(widest(text), width, "\(engine): " + text)
                let headers = text.split(separator: "\n").filter { $0.hasPrefix("│ area ") }
                XCTAssertGreaterThan(headers.count, 1, "\(engine): panels at \(width): \(text)")
                XCTAssertTrue(headers.allSatisfy { $0.contains(" name ") }, "\(engine): each panel repeats area and name")
                XCTAssertTrue(text.contains("pregnancy_entry_rate"), "\(engine): the last column is in some panel")
                XCTAssertTrue(text.hasSuffix("4 rows"), "\(engine): three areas and the unplaced line")
            }
            let whole = try shown("control_stats(year: 2025, by: \"county\")", .plain, on: engine)
            XCTAssertGreaterThan(widest(whole), 300, "\(engine): without a width the box is as wide as the table")
        }
    }

    func testWithoutPanelsTheColumnsThatFitAndWhatWasLeftOut() throws {
        for engine in try EngineDatabases.engines() {
            let text = try shown("people | take 3", TableStyle(width: 80, panels: false), on: engine)
            XCTAssertLessThanOrEqual(widest(text), 80, "\(engine): " + text)
            let note = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("… ") && $0.contains("more columns") }, "\(engine)")
            XCTAssertTrue(note.contains("spouse_id") && note.contains(":set panels on"), "\(engine): " + String(note))
            XCTAssertTrue(text.hasSuffix("3 rows"), "\(engine)")
        }
    }

    func testReasonsWrapWholeInsteadOfBeingCut() throws {
        for engine in try EngineDatabases.engines() {
            let reasons = try TestDatabase.shared(on: engine).query("SELECT reason FROM quarantine ORDER BY batch_id, line").map { $0[0].text ?? "" }
            XCTAssertTrue(reasons.contains { TextWidth.of($0) > TableDisplay.maxCellWidth }, "\(engine): the check needs a long reason")
            let wrapped = try shown("quarantine | sort batch_id, line | select line, reason", TableStyle(width: 80, wrap: true), on: engine)
            XCTAssertLessThanOrEqual(widest(wrapped), 80, "\(engine): " + wrapped)
            XCTAssertFalse(wrapped.contains("…"), "\(engine): " + wrapped)
            let joined = wrapped.split(separator: "\n").filter { $0.hasPrefix("│") }.dropFirst()
                .map { $0.split(separator: "│").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
                .joined(separator: " ")
            for reason in reasons { XCTAssertTrue(joined.contains(reason), "\(engine): \(reason) whole in \(wrapped)") }
            let cut = try shown("quarantine | sort batch_id, line | select line, reason", TableStyle(width: 80, wrap: false), on: engine)
            XCTAssertTrue(cut.contains("…"), "\(engine): " + cut)
        }
    }

    func testAreaCodesShowTheirNames() throws {
        for engine in try EngineDatabases.engines() {
            let expected = try TestDatabase.shared(on: engine).scalar("SELECT name FROM areas WHERE code = '360502002000'").text
            let name = try XCTUnwrap(expected, "\(engine)")
            let text = try shown("people | where township == \"360502002000\" | count by township", TableStyle(areaNames: true), on: engine)
            XCTAssertTrue(text.contains("│ township     │ township_name │"), "\(engine): " + text)
            XCTAssertTrue(text.contains("│ 360502002000 │ \(name)"), "\(engine): " + text)
            XCTAssertFalse(try shown("people | where township == \"360502002000\" | count by township", .plain, on: engine).contains(name), "\(engine)")
            // A statistics table already has its names: no second name column.
            let stats = try shown("control_stats(year: 2025, by: \"county\") | select area, name, births", TableStyle(areaNames: true), on: engine)
            XCTAssertFalse(stats.contains("area_name"), "\(engine): " + stats)
        }
    }
}
