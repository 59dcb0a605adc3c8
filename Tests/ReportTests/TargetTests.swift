// TargetTests: the targets table (spec section 8) and what a report does with it. The
// seed's three targets hold for every year until a centre sets its own; a printed table
// shows each targeted rate's target and baseline and marks exactly the areas below it;
// the first page's figures are the table's own, counted again here from the rates.

import Builtins
import DataModel
import Foundation
import Interpreter
import XCTest

final class TargetTests: XCTestCase {
    func testTheSeedsTargetsHoldUntilACentreSetsItsOwn() throws {
        let db = try SampleDatabase.make()
        let seed = try Targets.inForce(db, year: 2025)
        XCTAssertEqual(seed.map(\.indicator), ["info_coverage_rate", "new_marriage_entry_rate", "pregnancy_entry_rate"])
        XCTAssertEqual(seed.map(\.target), [95, 98, 90])
        XCTAssertEqual(seed.map(\.baseline), [85, 80, 60])
        XCTAssertEqual(try Targets.inForce(db, year: 1990), seed, "the defaults hold from year 0")

        let session = Session(library: Builtins.library(), write: { _ in })
        session.machine.openDatabase = { db }
        try session.run("set_target(\"info_coverage_rate\", 97.5, baseline: 92.49, from: 2026)", name: "t.pop")
        XCTAssertEqual(try Targets.inForce(db, year: 2025).first?.target, 95, "an earlier year keeps its target")
        XCTAssertEqual(try Targets.inForce(db, year: 2026).first?.target, 97.5)
        XCTAssertEqual(try Targets.inForce(db, year: 2030).first?.baseline, 92.49, "a target holds until the next row")
        XCTAssertThrowsError(try session.run("set_target(\"coverage\", 90)", name: "t.pop")) { error in
            XCTAssertTrue("\(error)".contains("no rate is called \"coverage\""), "\(error)")
        }
    }

    func testATableShowsTargetsAndMarksExactlyTheAreasBelowThem() throws {
        let doc = try ReportFixture.document("control_stats(year: 2025, by: \"township\") | select area, name, info_coverage_rate, birth_rate")
        guard case .table(let table) = doc.blocks.first else { return XCTFail("a table") }
        XCTAssertEqual(table.columns[2].target?.target, 95)
        XCTAssertNil(table.columns[3].target, "a rate without a target has none")
        var marked = 0
        for row in table.rows.indices {
            let rate = table.rates[row][2]
            XCTAssertEqual(table.isBelowTarget(row: row, column: 2), rate.map { $0 < 95 } ?? false, table.rows[row][1])
            if table.isBelowTarget(row: row, column: 2) { marked += 1 }
        }
        XCTAssertGreaterThan(marked, 3, "the samples have townships below the coverage target")
        let text = ReportText.render(doc)
        XCTAssertTrue(text.contains("目标 ≥95") && text.contains("基线 85"), "target and baseline under the heading")
        XCTAssertEqual(text.components(separatedBy: "*").count - 1, marked + 1, "each area below is marked, and the mark explained")
        let html = ReportHTML.render(doc)
        XCTAssertEqual(html.components(separatedBy: "<td class=\"n below\">").count - 1, marked)
    }

    func testTheOverviewIsComputedFromTheStatistics() throws {
        let db = try ReportFixture.database.get()
        let rows = try ControlStatistics.table(db, period: .year(2025)!, by: .township)
        let coverage = Indicator.named("info_coverage_rate")!
        let city = rows.first { $0.area == .city }!.rate(coverage)!
        let behind = rows.filter { !$0.isTotal && ($0.rate(coverage).map { $0 < 95 } ?? false) }
        let counted = rows.filter { !$0.isTotal && $0.rate(coverage) != nil }
        let worst = behind.min { $0.rate(coverage)! < $1.rate(coverage)! }!

        let doc = try ReportFixture.document("report(\"## 一、总体情况\", overview(year: 2025))")
        let text = doc.blocks.map { block -> String in
            switch block {
            case .paragraph(let p): return p
            case .list(let items): return items.joined(separator: "\n")
            default: return ""
            }
        }.joined(separator: "\n")
        XCTAssertTrue(text.contains("信息覆盖率 \(String(format: "%.2f", city))%（目标 ≥95%，基线 85%），低于目标"), text)
        XCTAssertTrue(text.contains("信息覆盖率：\(counted.count) 个乡镇街道中 \(behind.count) 个低于目标"), text)
        XCTAssertTrue(text.contains("差距最大的：\(worst.name)信息覆盖率"), "the largest shortfall first: \(text)")
        XCTAssertTrue(text.contains("交叉核查"), "the cross-check's work is reported, even when there is none")
        XCTAssertFalse(text.contains("0 个乡镇街道中"), text)
    }
}
