// ReportTextTests: the printed text report. Golden files pin the whole page for a
// township table in Chinese and a county table in English; the layout rules (width,
// page length, repeated headings, rows never split, page numbers) are checked on a
// small page where every table must break.

import Builtins
import DataModel
import XCTest

final class ReportTextTests: XCTestCase {
    func testTownshipReportInChineseMatchesItsGoldenFile() throws {
        let doc = try ReportFixture.document("""
            report("## 分乡镇街道控制统计", control_stats(year: 2025, by: "township", in: "分宜县"))
            print("注：比率为空表示分母为零。")
            """)
        try ReportFixture.assertGolden(ReportText.render(doc), "township-zh.txt")
    }

    func testCountyReportInEnglishMatchesItsGoldenFile() throws {
        let doc = try ReportFixture.document("""
            report("# Control statistics by county", control_stats(year: 2025, by: "county"),
                   title: "Xinyu 2025", lang: "en")
            """, title: "popsh", language: .en)
        XCTAssertEqual(doc.title, "Xinyu 2025")
        try ReportFixture.assertGolden(ReportText.render(doc), "county-en.txt")
        try ReportFixture.assertGolden(ReportMarkdown.render(doc), "county-en.md")
    }

    func testPagesKeepTheirLengthWidthAndWholeRows() throws {
        let doc = try ReportFixture.document("""
            report("## 分乡镇街道控制统计", control_stats(year: 2025, by: "township"))
            """)
        let layout = ReportTextLayout(width: 72, pageLength: 20)
        let pages = ReportText.render(doc, layout: layout).dropLast().components(separatedBy: "\n\u{0C}\n")
        XCTAssertGreaterThan(pages.count, 5)
        guard case .table(let table) = doc.blocks.last else { return XCTFail("the report ends with its table") }
        var printedRows: [String: Int] = [:]
        for (n, page) in pages.enumerated() {
            let lines = page.components(separatedBy: "\n")
            XCTAssertEqual(lines.count, layout.pageLength, "page \(n + 1) has the page length")
            XCTAssertTrue(lines.last!.contains("第 \(n + 1) 页 / \(pages.count)"), "page \(n + 1) ends with its number")
            for line in lines { XCTAssertLessThanOrEqual(TextWidth.of(line), layout.width, line) }
            var heading = false
            for line in lines {
                if line.hasPrefix("地区代码") { heading = true }
                guard line.hasPrefix("3605") else { continue }
                printedRows[String(line.prefix(12)), default: 0] += 1
                XCTAssertTrue(heading, "a row on page \(n + 1) is under its column names: \(line)")
            }
        }
        // Every area is printed once per panel, each time on a whole line of its own.
        let panels = printedRows.values.max()!
        XCTAssertGreaterThan(panels, 1, "a 72-cell page needs several panels")
        XCTAssertEqual(Set(printedRows.values), [panels])
        // The last row is the unplaced line, not an area.
        XCTAssertEqual(printedRows.count, table.rows.count - 1)
    }

    func testAFileImportedAgainCountsOnceInTheSourceLine() throws {
        let db = try SampleDatabase.demoCity(persons: 1_000, seed: 5)
        let before = try ReportSource.of(db).feeds.map { "\($0.kind) \($0.files)" }
        let imports = try db.scalar("SELECT count(*) FROM imports").integer!
        let feeds = (db.path as NSString).deletingLastPathComponent + "/files/feeds"
        XCTAssertTrue(Importer(database: db).importPaths([feeds]).allSatisfy { $0.error == nil })
        XCTAssertGreaterThan(try db.scalar("SELECT count(*) FROM imports").integer!, imports, "the month's files were read again")
        XCTAssertEqual(try ReportSource.of(db).feeds.map { "\($0.kind) \($0.files)" }, before)
        XCTAssertTrue(before.contains("marriage 12"), "\(before)")
    }

    func testEmptyRatesPrintAsEmptyCells() throws {
        let doc = try ReportFixture.document("""
            control_stats(period: [@2025-01-01, @2025-06-30], by: "community", in: "360502001") | select area, name, births, sex_ratio_at_birth
            """)
        guard case .table(let table) = doc.blocks.first else { return XCTFail("a table") }
        let empty = table.rows.filter { $0[2] == "0" }
        XCTAssertFalse(empty.isEmpty)
        XCTAssertTrue(empty.allSatisfy { $0[3] == "" }, "no births: the sex ratio is empty, not 0")
        XCTAssertEqual(table.columns.map(\.label), ["地区代码", "名称", "出生数", "出生性别比"])
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
