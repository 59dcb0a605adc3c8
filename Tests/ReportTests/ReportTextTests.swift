// ReportTextTests: the printed text report. Golden files pin the whole page for a
// township table in Chinese and a county table in English; the layout rules (width,
// page length, repeated headings, rows never split, page numbers) are checked on a
// small page where every table must break. Each report is made on every engine, and
// both engines' pages match the same golden files.

import Builtins
import DataModel
import EngineSupport
import XCTest

final class ReportTextTests: XCTestCase {
    func testTownshipReportInChineseMatchesItsGoldenFile() throws {
        for engine in try EngineDatabases.engines() {
            let doc = try ReportFixture.document("""
                report("## 分乡镇街道控制统计", control_stats(year: 2025, by: "township", in: "分宜县"))
                print("注：比率为空表示分母为零。")
                """, on: engine)
            try ReportFixture.assertGolden(ReportText.render(doc), "township-zh.txt", on: engine)
        }
    }

    func testCountyReportInEnglishMatchesItsGoldenFile() throws {
        for engine in try EngineDatabases.engines() {
            let doc = try ReportFixture.document("""
                report("# Control statistics by county", control_stats(year: 2025, by: "county"),
                       title: "Xinyu 2025", lang: "en")
                """, title: "popsh", language: .en, on: engine)
            XCTAssertEqual(doc.title, "Xinyu 2025", "\(engine)")
            try ReportFixture.assertGolden(ReportText.render(doc), "county-en.txt", on: engine)
            try ReportFixture.assertGolden(ReportMarkdown.render(doc), "county-en.md", on: engine)
        }
    }

    func testPagesKeepTheirLengthWidthAndWholeRows() throws {
        for engine in try EngineDatabases.engines() {
            let doc = try ReportFixture.document("""
                report("## 分乡镇街道控制统计", control_stats(year: 2025, by: "township"))
                """, on: engine)
            let layout = ReportTextLayout(width: 72, pageLength: 20)
            let pages = ReportText.render(doc, layout: layout).dropLast().components(separatedBy: "\n\u{0C}\n")
            XCTAssertGreaterThan(pages.count, 5, "\(engine)")
            guard case .table(let table) = doc.blocks.last else { return XCTFail("\(engine): the report ends with its table") }
            var printedRows: [String: Int] = [:]
            for (n, page) in pages.enumerated() {
                let lines = page.components(separatedBy: "\n")
                XCTAssertEqual(lines.count, layout.pageLength, "\(engine): page \(n + 1) has the page length")
                XCTAssertTrue(lines.last!.contains("第 \(n + 1) 页 / \(pages.count)"), "\(engine): page \(n + 1) ends with its number")
                for line in lines { XCTAssertLessThanOrEqual(TextWidth.of(line), layout.width, "\(engine): " + line) }
                var heading = false
                for line in lines {
                    if line.hasPrefix("地区代码") { heading = true }
                    guard line.hasPrefix("3605") else { continue }
                    printedRows[String(line.prefix(12)), default: 0] += 1
                    XCTAssertTrue(heading, "\(engine): a row on page \(n + 1) is under its column names: \(line)")
                }
            }
            // Every area is printed once per panel, each time on a whole line of its own.
            let panels = printedRows.values.max()!
            XCTAssertGreaterThan(panels, 1, "\(engine): a 72-cell page needs several panels")
            XCTAssertEqual(Set(printedRows.values), [panels], "\(engine)")
            // The last row is the unplaced line, not an area.
            XCTAssertEqual(printedRows.count, table.rows.count - 1, "\(engine)")
        }
    }

    func testAFileImportedAgainCountsOnceInTheSourceLine() throws {
        for engine in try EngineDatabases.engines() {
            let (db, files) = try SampleDatabase.demoCity(persons: 1_000, seed: 5, on: engine)
            let before = try ReportSource.of(db).feeds.map { "\($0.kind) \($0.files)" }
            let imports = try db.scalar("SELECT count(*) FROM imports").integer!
            let feeds = files + "/feeds"
            XCTAssertTrue(Importer(database: db).importPaths([feeds]).allSatisfy { $0.error == nil }, "\(engine)")
            XCTAssertGreaterThan(try db.scalar("SELECT count(*) FROM imports").integer!, imports, "\(engine): the month's files were read again")
            XCTAssertEqual(try ReportSource.of(db).feeds.map { "\($0.kind) \($0.files)" }, before, "\(engine)")
            XCTAssertTrue(before.contains("marriage 12"), "\(engine): \(before)")
        }
    }

    func testEmptyRatesPrintAsEmptyCells() throws {
        for engine in try EngineDatabases.engines() {
            let doc = try ReportFixture.document("""
                control_stats(period: [@2025-01-01, @2025-06-30], by: "community", in: "360502001") | select area, name, births, sex_ratio_at_birth
                """, on: engine)
            guard case .table(let table) = doc.blocks.first else { return XCTFail("\(engine): a table") }
            let empty = table.rows.filter { $0[2] == "0" }
            XCTAssertFalse(empty.isEmpty, "\(engine)")
            XCTAssertTrue(empty.allSatisfy { $0[3] == "" }, "\(engine): no births: the sex ratio is empty, not 0")
            XCTAssertEqual(table.columns.map(\.label), ["地区代码", "名称", "出生数", "出生性别比"], "\(engine)")
        }
    }

    func testChineseTextBreaksWithoutStrandedPunctuation() {
        var doc = ReportDocument(title: "标题", printed: ReportFixture.printed)
        let many = { (n: Int) in String(repeating: "字", count: n) }
        doc.blocks = [.paragraph(many(19) + "（说明）" + many(10)), .paragraph(many(20) + "，" + many(10))]
        let lines = ReportText.render(doc, layout: ReportTextLayout(width: 40, pageLength: 30))
            .components(separatedBy: "\n").filter { $0.hasPrefix("字") || $0.hasPrefix("（") || $0.hasPrefix("，") }
        XCTAssertEqual(lines.count, 4)
        for line in lines {
            XCTAssertLessThanOrEqual(TextWidth.of(line), 40)
            XCTAssertFalse(line.hasSuffix("（"), line)
            XCTAssertFalse(line.hasPrefix("，") || line.hasPrefix("）"), line)
        }
        XCTAssertEqual(lines.joined(), many(19) + "（说明）" + many(10) + many(20) + "，" + many(10), "nothing lost")
    }
}
