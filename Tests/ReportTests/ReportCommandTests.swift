// ReportCommandTests: the real popsh binary's `report` and `render` commands on the
// repository's examples and on a notebook with a failing block: the file written, the
// exit status, errors in place with the document's own line numbers.

import DataModel
import Foundation
import XCTest

final class ReportCommandTests: XCTestCase {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The popsh built beside this test bundle (the bundle is a folder on macOS, a file on Linux).
    static var binary: URL {
        let bundle = Bundle(for: ReportCommandTests.self).bundleURL
        return [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("popsh") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? bundle.deletingLastPathComponent().appendingPathComponent("popsh")
    }

    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "popsh-report-cmd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func popsh(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let db = try ReportFixture.database.get().path
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = arguments + ["--db", db, "--date", "2026-01-05"]
        p.currentDirectoryURL = Self.repository
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: folder + "/" + name, encoding: .utf8) }

    func testAnnualReportAsTextAndHTML() throws {
        let text = try popsh(["report", "examples/annual-control-stats.pop", "--out", folder + "/annual.txt"])
        XCTAssertEqual(text.status, 0, text.stderr)
        let printed = try read("annual.txt")
        for expected in ["新余市2025年人口和计划生育控制统计", "一、总体情况", "二、全市及各县区", "三、各乡镇街道", "分宜县", "打印日期：2026-01-05",
                         "marriage-2025-12.csv", "— 第 1 页 /"] {
            XCTAssertTrue(printed.contains(expected), "the text report holds \(expected)")
        }
        XCTAssertGreaterThan(printed.components(separatedBy: "\u{0C}").count, 2, "several pages")

        let html = try popsh(["report", "examples/annual-control-stats.pop", "--out", folder + "/annual.html", "--lang", "en"])
        XCTAssertEqual(html.status, 0, html.stderr)
        let page = try read("annual.html")
        XCTAssertTrue(page.contains("<figure class=\"chart\" data-indicator=\"info_coverage_rate\">"))
        XCTAssertTrue(page.contains("<th class=\"n\">birth rate(‰)</th>"), "English labels")
    }

    func testNotebookRendersEveryBlockWithItsOutput() throws {
        let run = try popsh(["render", "examples/annual-report.md", "--out", folder + "/annual.md", "--check"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let doc = try read("annual.md")
        XCTAssertTrue(doc.hasPrefix("# 新余市2025年人口和计划生育年度报告\n"))
        XCTAssertEqual(doc.components(separatedBy: "```popsh").count - 1, 5, "every block is shown")
        XCTAssertTrue(doc.contains("| 名称 | 人口数 | 出生数 | 出生率(‰) |"), "a block's table under it")
        XCTAssertTrue(doc.contains("已建在用信息卡的已婚育龄妇女数 ÷ 已婚育龄妇女数 × 100"), "printed text under its block, in Chinese")
    }

    func testAFailingBlockIsAnErrorInPlaceAndFailsTheCheck() throws {
        let notebook = folder + "/broken.md"
        try """
            # Broken

            ```popsh
            let n = len(people)
            ```

            Text between.

            ```popsh
            control_stats(year: 2025, by: "parish")
            ```

            ```popsh
            print(n > 0)
            ```
            """.write(toFile: notebook, atomically: true, encoding: .utf8)
        let checked = try popsh(["render", notebook, "--out", folder + "/broken.html", "--check"])
        XCTAssertEqual(checked.status, 1)
        XCTAssertTrue(checked.stderr.contains("1 block of"), checked.stderr)
        let page = try read("broken.html")
        XCTAssertTrue(page.contains("<div class=\"error\">"))
        XCTAssertTrue(page.contains("broken.md:10:1: error: unknown level &quot;parish&quot;"), "the document's line and column")
        XCTAssertTrue(page.contains("<pre class=\"output\">true</pre>"), "later blocks still run in the same session")
        let unchecked = try popsh(["render", notebook, "--out", folder + "/broken.md"])
        XCTAssertEqual(unchecked.status, 0)
    }

    func testEveryExampleScriptRunsOnTheSamples() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: Self.repository.path + "/examples")
            .filter { $0.hasSuffix(".pop") }.sorted()
        XCTAssertEqual(scripts, ["annual-control-stats.pop", "monthly-crosscheck.pop", "separation.pop", "unit-query.pop"])
        let arguments = ["monthly-crosscheck.pop": ["-", "2025-11"], "annual-control-stats.pop": ["2025"]]
        for script in scripts {
            let run = try popsh(["report", "examples/" + script, "--out", folder + "/\(script).md"] + (arguments[script] ?? []))
            XCTAssertEqual(run.status, 0, "\(script): \(run.stderr)")
            XCTAssertFalse(try read("\(script).md").contains("\n> "), "\(script) shows no error")
        }
    }

    func testAnUnknownFormatIsAUsageError() throws {
        let run = try popsh(["report", "examples/annual-control-stats.pop", "--out", folder + "/annual.docx"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains(".txt, .md, .html, .pdf or .xlsx"), run.stderr)
    }
}
