// TargetTests: the targets table (spec section 8) and what a report does with it. The
// seed's three targets hold for every year until a centre sets its own; a printed table
// shows each targeted rate's target and baseline and marks exactly the areas below it;
// the first page's figures are the table's own, counted again here from the rates.
// Each test runs on every engine.

import Builtins
import DataModel
import EngineSupport
import Foundation
import Interpreter
import XCTest

final class TargetTests: XCTestCase {
    func testTheSeedsTargetsHoldUntilACentreSetsItsOwn() throws {
        for engine in try EngineDatabases.engines() {
            let db = try SampleDatabase.copy(on: engine, for: self)
            let seed = try Targets.inForce(db, year: 2025)
            XCTAssertEqual(seed.map(\.indicator), ["info_coverage_rate", "new_marriage_entry_rate", "pregnancy_entry_rate"], "\(engine)")
            XCTAssertEqual(seed.map(\.target), [95, 98, 90], "\(engine)")
            XCTAssertEqual(seed.map(\.baseline), [85, 80, 60], "\(engine)")
            XCTAssertEqual(try Targets.inForce(db, year: 1990), seed, "\(engine): the defaults hold from year 0")

            let session = Session(library: Builtins.library(), write: { _ in })
            session.machine.openDatabase = { db }
            try session.run("set_target(\"info_coverage_rate\", 97.5, baseline: 92.49, from: 2026)", name: "t.pop")
            XCTAssertEqual(try Targets.inForce(db, year: 2025).first?.target, 95, "\(engine): an earlier year keeps its target")
            XCTAssertEqual(try Targets.inForce(db, year: 2026).first?.target, 97.5, "\(engine)")
            XCTAssertEqual(try Targets.inForce(db, year: 2030).first?.baseline, 92.49, "\(engine): a target holds until the next row")
            XCTAssertThrowsError(try session.run("set_target(\"coverage\", 90)", name: "t.pop")) { error in
                XCTAssertTrue("\(error)".contains("no rate is called \"coverage\""), "\(engine): \(error)")
            }
        }
    }

    func testATableShowsTargetsAndMarksExactlyTheAreasBelowThem() throws {
        for engine in try EngineDatabases.engines() {
            let doc = try ReportFixture.document(
                "control_stats(year: 2025, by: \"township\") | select area, name, info_coverage_rate, birth_rate", on: engine)
            guard case .table(let table) = doc.blocks.first else { return XCTFail("\(engine): a table") }
            XCTAssertEqual(table.columns[2].target?.target, 95, "\(engine)")
            XCTAssertNil(table.columns[3].target, "\(engine): a rate without a target has none")
            var marked = 0
            for row in table.rows.indices {
                let rate = table.rates[row][2]
                XCTAssertEqual(table.isBelowTarget(row: row, column: 2), rate.map { $0 < 95 } ?? false, "\(engine): " + table.rows[row][1])
                if table.isBelowTarget(row: row, column: 2) { marked += 1 }
            }
            XCTAssertGreaterThan(marked, 3, "\(engine): the samples have townships below the coverage target")
            let text = ReportText.render(doc)
            XCTAssertTrue(text.contains("目标 ≥95") && text.contains("基线 85"), "\(engine): target and baseline under the heading")
            XCTAssertEqual(text.components(separatedBy: "*").count - 1, marked + 1, "\(engine): each area below is marked, and the mark explained")
            let html = ReportHTML.render(doc)
            XCTAssertEqual(html.components(separatedBy: "<td class=\"n below\">").count - 1, marked, "\(engine)")
        }
    }

    func testTheOverviewIsComputedFromTheStatistics() throws {
        for engine in try EngineDatabases.engines() {
            let db = try ReportFixture.databases.get(engine)
            let rows = try ControlStatistics.table(db, period: .year(2025)!, by: .township)
            let coverage = Indicator.named("info_coverage_rate")!
            let city = rows.first { $0.area == .city }!.rate(coverage)!
            let behind = rows.filter { !$0.isTotal && ($0.rate(coverage).map { $0 < 95 } ?? false) }
            let counted = rows.filter { !$0.isTotal && $0.rate(coverage) != nil }
            let worst = behind.min { $0.rate(coverage)! < $1.rate(coverage)! }!

            let doc = try ReportFixture.document("report(\"## 一、总体情况\", overview(year: 2025))", on: engine)
            let text = doc.blocks.map { block -> String in
                switch block {
                case .paragraph(let p): return p
                case .list(let items): return items.joined(separator: "\n")
                default: return ""
                }
            }.joined(separator: "\n")
            XCTAssertTrue(text.contains("信息覆盖率 \(String(format: "%.2f", city))%（目标 ≥95%，基线 85%），低于目标"), "\(engine): " + text)
            XCTAssertTrue(text.contains("信息覆盖率：\(counted.count) 个乡镇街道中 \(behind.count) 个低于目标"), "\(engine): " + text)
            XCTAssertTrue(text.contains("差距最大的：\(worst.name)信息覆盖率"), "\(engine): the largest shortfall first: \(text)")
            XCTAssertTrue(text.contains("交叉核查"), "\(engine): the cross-check's work is reported, even when there is none")
            XCTAssertFalse(text.contains("0 个乡镇街道中"), "\(engine): " + text)
        }
    }
}
