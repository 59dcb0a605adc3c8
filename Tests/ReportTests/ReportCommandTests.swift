// ReportCommandTests: the real popsh binary's `report` and `render` commands on the
// repository's examples and on a notebook with a failing block: the file written, the
// exit status, errors in place with the document's own line numbers. Each runs with
// --db naming the samples on every engine EngineDatabases names: the file, or the URL of
// the server's schema holding them.

import DataModel
import EngineSupport
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

    /// What --db names for the samples on `engine` (on the server the URL itself: the
    /// database's own name for it hides a password).
    func location(_ engine: TestEngine) throws -> String {
        let db = try ReportFixture.databases.get(engine)
        guard engine == .postgresql else { return db.path }
        return EngineDatabases.inSchema(try EngineDatabases.serverURL(), try db.scalar("SELECT current_schema()").text!)
    }

    func popsh(_ arguments: [String], on engine: TestEngine) throws -> (status: Int32, stderr: String) {
        let db = try location(engine)
        // What one engine's run wrote must not pass for the next one's (unless the
        // output is the document itself, rendered in place).
        if let at = arguments.firstIndex(of: "--out"), at + 1 < arguments.count,
           arguments.filter({ $0 == arguments[at + 1] }).count == 1 {
            try? FileManager.default.removeItem(atPath: arguments[at + 1])
        }
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
        for engine in try EngineDatabases.engines() {
            let text = try popsh(["report", "examples/annual-control-stats.pop", "--out", folder + "/annual.txt"], on: engine)
            XCTAssertEqual(text.status, 0, "\(engine): \(text.stderr)")
            let printed = try read("annual.txt")
            for expected in ["新余市2025年人口和计划生育控制统计", "一、总体情况", "二、全市及各县区", "三、各乡镇街道", "分宜县", "打印日期：2026-01-05",
                             "marriage-2025-12.csv", "— 第 1 页 /"] {
                XCTAssertTrue(printed.contains(expected), "\(engine): the text report holds \(expected)")
            }
            XCTAssertGreaterThan(printed.components(separatedBy: "\u{0C}").count, 2, "\(engine): several pages")

            let html = try popsh(["report", "examples/annual-control-stats.pop", "--out", folder + "/annual.html", "--lang", "en"], on: engine)
            XCTAssertEqual(html.status, 0, "\(engine): \(html.stderr)")
            let page = try read("annual.html")
            XCTAssertTrue(page.contains("<figure class=\"chart\" data-indicator=\"info_coverage_rate\">"), "\(engine)")
            XCTAssertTrue(page.contains("<th class=\"n\">birth rate(‰)</th>"), "\(engine): English labels")
        }
    }

    func testNotebookRendersEveryBlockWithItsOutput() throws {
        for engine in try EngineDatabases.engines() {
            let run = try popsh(["render", "examples/annual-report.md", "--out", folder + "/annual.md", "--check"], on: engine)
            XCTAssertEqual(run.status, 0, "\(engine): \(run.stderr)")
            let doc = try read("annual.md")
            XCTAssertTrue(doc.hasPrefix("# 新余市2025年人口和计划生育年度报告\n"), "\(engine)")
            XCTAssertEqual(doc.components(separatedBy: "```popsh").count - 1, 5, "\(engine): every block is shown")
            XCTAssertTrue(doc.contains("| 名称 | 人口数 | 出生数 | 出生率(‰) |"), "\(engine): a block's table under it")
            XCTAssertTrue(doc.contains("已建在用信息卡的已婚育龄妇女数 ÷ 已婚育龄妇女数 × 100"), "\(engine): printed text under its block, in Chinese")
        }
    }

    func testAFailingBlockIsAnErrorInPlaceAndFailsTheCheck() throws {
        for engine in try EngineDatabases.engines() {
            // The unchecked render below writes over the notebook.
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
            let checked = try popsh(["render", notebook, "--out", folder + "/broken.html", "--check"], on: engine)
            XCTAssertEqual(checked.status, 1, "\(engine)")
            XCTAssertTrue(checked.stderr.contains("1 block of"), "\(engine): \(checked.stderr)")
            let page = try read("broken.html")
            XCTAssertTrue(page.contains("<div class=\"error\">"), "\(engine)")
            XCTAssertTrue(page.contains("broken.md:10:1: error: unknown level &quot;parish&quot;"), "\(engine): the document's line and column")
            XCTAssertTrue(page.contains("<pre class=\"output\">true</pre>"), "\(engine): later blocks still run in the same session")
            let unchecked = try popsh(["render", notebook, "--out", folder + "/broken.md"], on: engine)
            XCTAssertEqual(unchecked.status, 0, "\(engine)")
        }
    }

    func testEveryExampleScriptRunsOnTheSamples() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: Self.repository.path + "/examples")
            .filter { $0.hasSuffix(".pop") }.sorted()
        XCTAssertEqual(scripts, ["annual-control-stats.pop", "monthly-crosscheck.pop", "separation.pop", "unit-query.pop"])
        let arguments = ["monthly-crosscheck.pop": ["-", "2025-11"], "annual-control-stats.pop": ["2025"]]
        for engine in try EngineDatabases.engines() {
            for script in scripts {
                let run = try popsh(["report", "examples/" + script, "--out", folder + "/\(script).md"] + (arguments[script] ?? []),
                                    on: engine)
                XCTAssertEqual(run.status, 0, "\(engine): \(script): \(run.stderr)")
                XCTAssertFalse(try read("\(script).md").contains("\n> "), "\(engine): \(script) shows no error")
            }
        }
    }

    /// Refused before any database is opened, so the file's samples are enough.
    func testAnUnknownFormatIsAUsageError() throws {
        let run = try popsh(["report", "examples/annual-control-stats.pop", "--out", folder + "/annual.docx"], on: .sqlite)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains(".txt, .md, .html, .pdf or .xlsx"), run.stderr)
    }
}
