// ReportHTMLBrowserTests: the HTML report opened in a real headless browser (Debian's
// chromium, installed by scripts/setup). The browser's DOM must hold the tables and a
// bar chart per rate, and printing to PDF must give an A4 document of several pages.
// The file itself must fetch nothing and run nothing. The report is made on every
// engine EngineDatabases names, and the server's renders and prints as the file's.

import Builtins
import DataModel
import EngineSupport
import Foundation
import XCTest

final class ReportHTMLBrowserTests: XCTestCase {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    func browser(_ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let chromium = Self.chromium else { throw BrowserMissing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        let profile = NSTemporaryDirectory() + "popsh-chromium-\(UUID().uuidString)"
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--user-data-dir=\(profile)"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: profile)
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testTheReportRendersWithItsChartsAndPrintsToPDF() throws {
        for engine in try EngineDatabases.engines() { try assertTheReportRendersAndPrints(on: engine) }
    }

    private func assertTheReportRendersAndPrints(on engine: TestEngine) throws {
        let doc = try ReportFixture.document("""
            report("## 分乡镇街道控制统计", control_stats(year: 2025, by: "township"))
            separation(people, level: "township", on: @2025-12-31) | count by separation
            """, on: engine)
        let html = ReportHTML.render(doc)
        XCTAssertFalse(html.contains("<script"), "\(engine): no scripts")
        XCTAssertFalse(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"),
                       "\(engine): nothing is fetched from a network")
        let folder = NSTemporaryDirectory() + "popsh-html-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let page = folder + "/report.html"
        try html.write(toFile: page, atomically: true, encoding: .utf8)

        let dom = try browser(["--dump-dom", "file://" + page])
        XCTAssertEqual(dom.status, 0, "\(engine)")
        XCTAssertTrue(dom.output.contains("新余市2025年人口计生控制统计"), "\(engine): the title renders")
        // On the samples only the coverage rate differs between townships and has a
        // target; the other targeted rates are 100 wherever they can be computed.
        let charts = dom.output.components(separatedBy: "<figure class=\"chart\"").count - 1
        XCTAssertEqual(charts, 1, "\(engine): a chart per targeted rate that differs between areas")
        XCTAssertTrue(dom.output.contains("data-indicator=\"info_coverage_rate\""), "\(engine)")
        XCTAssertTrue(dom.output.contains("新婚录入率(%)均为 100.00"), "\(engine): a constant rate is said in a sentence")
        let townships = doc.blocks.compactMap { block -> Int? in
            guard case .table(let t) = block, t.columns.contains(where: { $0.indicator != nil }) else { return nil }
            return zip(t.isTotal, t.isNote).filter { !$0 && !$1 }.count
        }.first ?? -1
        XCTAssertEqual(dom.output.components(separatedBy: "<circle ").count - 1, townships, "\(engine): a dot per township")
        XCTAssertTrue(dom.output.contains("本地"), "\(engine): the separation table renders with Chinese labels")

        let pdf = folder + "/report.pdf"
        let printed = try browser(["--print-to-pdf=\(pdf)", "--no-pdf-header-footer", "file://" + page])
        XCTAssertEqual(printed.status, 0, "\(engine)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        XCTAssertEqual(String(decoding: bytes.prefix(5), as: UTF8.self), "%PDF-", "\(engine)")
        let text = String(decoding: bytes, as: UTF8.self)
        let pages = try NSRegularExpression(pattern: "/Type\\s*/Page[^s]").numberOfMatches(
            in: text, range: NSRange(text.startIndex..., in: text))
        XCTAssertGreaterThan(pages, 1, "\(engine): the report fills several A4 pages")
        // A4 is 210 × 297 mm, 595.3 × 841.9 points.
        let boxes = try NSRegularExpression(pattern: "/MediaBox \\[0 0 59[45]\\.?[0-9]* 84[12]\\.?[0-9]*\\]")
            .numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        XCTAssertEqual(boxes, pages, "\(engine): every page is A4")
    }
}

struct BrowserMissing: Error, CustomStringConvertible {
    var description: String { "chromium is not installed: scripts/setup installs it" }
}
