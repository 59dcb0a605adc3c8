// Showing tables: box lines of equal width with Chinese text counted as two cells,
// numbers right-aligned, the row limit with what it hid, and the row count. Tables read
// from the database are shown from every engine's.

import XCTest
import DataModel
import EngineSupport
import Interpreter
@testable import Builtins

final class TableDisplayTests: XCTestCase {
    func testChineseTextCountsTwoCellsAndNumbersAlignRight() {
        let box = TableDisplay.box(header: ["名称", "n"], rows: [["渝水区", "7"], ["ab", "1234"]],
                                   rightAligned: [false, true])
        let lines = box.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, [
            "┌────────┬──────┐",
            "│ 名称   │ n    │",
            "├────────┼──────┤",
            "│ 渝水区 │    7 │",
            "│ ab     │ 1234 │",
            "└────────┴──────┘",
        ])
        XCTAssertEqual(Set(lines.map { TextWidth.of($0) }).count, 1)
    }

    func testRowLimitSaysHowManyMoreAndCounts() throws {
        for engine in try EngineDatabases.engines() {
            let (session, output) = try TestDatabase.session(TestDatabase.shared(on: engine))
            try session.run("show((areas | where level == \"township\" | select code, name | sort code), rows: 2)", name: "t")
            let counties = try TestDatabase.shared(on: engine).scalar("SELECT COUNT(*) FROM areas WHERE level = 'township'").integer!
            XCTAssertGreaterThan(counties, 2, "\(engine)")
            let lines = output().split(separator: "\n").map(String.init)
            guard lines.count == 8 else { return XCTFail("\(engine): " + output()) }
            XCTAssertEqual(lines[6], "… \(counties - 2) more rows", "\(engine)")
            XCTAssertEqual(lines[7], "\(counties) rows", "\(engine)")
            XCTAssertEqual(Set(lines.prefix(6).map { TextWidth.of($0) }).count, 1, "\(engine): " + output())
        }
    }

    func testShownValuesAndNames() throws {
        for engine in try EngineDatabases.engines() {
            let (session, output) = try TestDatabase.session(TestDatabase.shared(on: engine))
            try session.run("areas | where code == \"360502000000\" | select code, level\nwith_names(units | take 1) | select area, area_name | len", name: "t")
            XCTAssertEqual(output(), """
                ┌──────────────┬────────┐
                │ code         │ level  │
                ├──────────────┼────────┤
                │ 360502000000 │ county │
                └──────────────┴────────┘
                1 row
                1

                """, "\(engine)")
            try session.run("let u = first(with_names(units | sort unit_code))", name: "t")
            guard case .record(let unit)? = session.value(of: "u") else { return XCTFail("\(engine): no unit") }
            let expected = try TestDatabase.shared(on: engine).scalar(
                "SELECT a.name FROM units u JOIN areas a ON a.code = u.area ORDER BY u.unit_code LIMIT 1")
            XCTAssertEqual(unit["area_name"]?.text, expected.text, "\(engine)")
        }
    }

    func testRealsShowTwoDecimals() {
        XCTAssertEqual(TableDisplay.fixed(18.8291139, digits: 2), "18.83")
        XCTAssertEqual(TableDisplay.fixed(-0.005, digits: 2), "-0.01")
        XCTAssertEqual(TableDisplay.fixed(2.0, digits: 2), "2.00")
    }
}
