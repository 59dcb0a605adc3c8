// ReportPDFTests: the annual report as a leader receives it, printed to PDF by headless
// Chromium and turned into page pictures (pdftoppm) and text (pdftotext, both Debian's
// poppler-utils, installed by scripts/setup). Checked as a reader would: A4 pages, each
// numbered "第 N 页 / 共 M 页"; printed at full size and nothing in the right margin (a
// table too wide for the page would shrink the page or run into it); every targeted rate with its target and baseline and the
// city's figure; every area below a target marked. The PNG pages are kept in
// .build/report-pages for a person to look at; the test prints the folder. The report is
// made on every engine EngineDatabases names, and the server's prints to the same pages
// with the same text as the file's.

import Builtins
import DataModel
import EngineSupport
import Foundation
import XCTest

final class ReportPDFTests: XCTestCase {
    static var pages: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/report-pages")
    }

    func tool(_ name: String, _ arguments: [String]) throws -> String {
        let path = "/usr/bin/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            // A check that cannot run fails, saying what is missing; it never skips.
            throw PDFToolMissing(name: name)
        }
        let run = try runTool(path, arguments)
        XCTAssertEqual(run.status, 0, "\(name) \(arguments)")
        return run.output
    }

    func testTheAnnualReportPrintsToNumberedA4PagesWithTargetsMarked() throws {
        var printed: [TestEngine: String] = [:]
        for engine in try EngineDatabases.engines() {
            printed[engine] = try assertTheAnnualReportPrints(on: engine)
        }
        if let file = printed[.sqlite], let server = printed[.postgresql] {
            XCTAssertEqual(server, file, "postgresql: the report's pages read as SQLite's")
        }
    }

    /// Prints the annual report made on `engine` and checks it; returns its pages' text.
    private func assertTheAnnualReportPrints(on engine: TestEngine) throws -> String {
        let script = try String(contentsOf: ReportLanguageTests.examples.appendingPathComponent("annual-control-stats.pop"),
                                encoding: .utf8)
        let doc = try ReportFixture.document(script, args: ["2025"], on: engine)
        let folder = Self.pages.appendingPathComponent(engine == .sqlite ? "annual-zh" : "annual-zh-\(engine)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pdf = folder.appendingPathComponent("annual.pdf").path
        try ReportFormat.pdf.write(doc, to: pdf)
        print("the annual report's pages (\(engine)) are in \(folder.path)")

        let info = try tool("pdfinfo", [pdf])
        let count = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }!.split(separator: " ").last!)!
        XCTAssertTrue(info.contains("(A4)"), "\(engine): \(info)")
        XCTAssertTrue((4...12).contains(count), "\(engine): the annual report of the samples fills \(count) pages")
        let text = try tool("pdftotext", ["-layout", pdf, "-"])
        let pageTexts = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(pageTexts.count, count, "\(engine)")
        for (n, page) in pageTexts.enumerated() {
            // pdftotext drops the thin spaces around Chinese characters.
            XCTAssertTrue(page.replacingOccurrences(of: " ", with: "").contains("第\(n + 1)页/共\(count)页"), "\(engine): page \(n + 1) is numbered")
        }
        XCTAssertTrue(pageTexts.dropFirst().allSatisfy { $0.contains("新余市2025年人口和计划生育控制统计") },
                      "\(engine): every page after the first names the report")

        // Every targeted rate with its target, its baseline and the city's figure.
        let db = try ReportFixture.databases.get(engine)
        let rows = try ControlStatistics.table(db, period: .year(2025)!, by: .township)
        let city = rows.first { $0.area == .city }!
        for target in try Targets.inForce(db, year: 2025) {
            let indicator = Indicator.named(target.indicator)!
            XCTAssertTrue(text.contains(indicator.chinese + "(%)"), "\(engine): \(indicator.name)")
            XCTAssertTrue(text.contains("目标 ≥\(Int(target.target))") && text.contains("基线 \(Int(target.baseline!))"), "\(engine): \(indicator.name)")
            XCTAssertTrue(text.contains(String(format: "%.2f", city.rate(indicator)!)), "\(engine): the city's \(indicator.name)")
            // Each township below the target is marked in the table and in the chart.
            for row in rows where !row.isTotal {
                guard let rate = row.rate(indicator), target.isMissed(by: rate) else { continue }
                let marked = String(format: "%.2f", rate) + " ▼"
                XCTAssertGreaterThanOrEqual(text.components(separatedBy: marked).count - 1, 2, "\(engine): \(row.name) \(marked)")
            }
        }

        // Chromium shrinks a page whose content is wider than A4 to fit: the title, set in
        // 17 pt, must come out at 17 pt (its width over its cells, two cells to a character).
        let boxes = try tool("pdftotext", ["-bbox", "-f", "1", "-l", "1", pdf, "-"])
        let title = try XCTUnwrap(boxes.components(separatedBy: "\n").first { $0.contains("<word") && $0.contains(">\(doc.title)<") })
        let x = try NSRegularExpression(pattern: #"xMin="([0-9.]+)".*xMax="([0-9.]+)""#)
        let found = try XCTUnwrap(x.firstMatch(in: title, range: NSRange(title.startIndex..., in: title)))
        let from = Double(title[Range(found.range(at: 1), in: title)!])!, to = Double(title[Range(found.range(at: 2), in: title)!])!
        let points = (to - from) / Double(TextWidth.of(doc.title)) * 2
        XCTAssertEqual(points, 17, accuracy: 1.2, "\(engine): the report is printed at full size, not shrunk to fit a wide table")

        // Pictures for a person, and grey maps for the margin check.
        _ = try tool("pdftoppm", ["-r", "60", "-png", pdf, folder.appendingPathComponent("page").path])
        let grey = NSTemporaryDirectory() + "popsh-pages-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: grey, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: grey) }
        _ = try tool("pdftoppm", ["-r", "60", "-gray", pdf, grey + "/page"])
        let maps = try FileManager.default.contentsOfDirectory(atPath: grey).filter { $0.hasSuffix(".pgm") }.sorted()
        XCTAssertEqual(maps.count, count, "\(engine)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }.count, count, "\(engine)")
        for map in maps {
            let page = try GreyPage(path: grey + "/" + map)
            // The page's right margin is 12 mm; nothing may be printed in its outer 10 mm.
            let margin = Int(10.0 / 25.4 * 60)
            XCTAssertEqual(page.darkPixels(columns: (page.width - margin)..<page.width), 0, "\(engine): \(map): something runs off the page")
            XCTAssertGreaterThan(page.darkPixels(columns: 0..<page.width), 1000, "\(engine): \(map) is not blank")
        }
        return text
    }
}

/// A binary PGM page (P5) as pdftoppm -gray writes it.
struct GreyPage {
    let width: Int, height: Int
    let pixels: [UInt8]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var fields: [String] = [], i = data.startIndex, field = ""
        while fields.count < 4 {
            let c = Character(UnicodeScalar(data[i]))
            if c.isWhitespace { if !field.isEmpty { fields.append(field); field = "" } } else { field.append(c) }
            i += 1
        }
        guard fields[0] == "P5", let w = Int(fields[1]), let h = Int(fields[2]) else { throw CocoaError(.fileReadCorruptFile) }
        width = w
        height = h
        pixels = [UInt8](data[i..<(i + w * h)])
    }

    /// Pixels darker than light grey in the given columns.
    func darkPixels(columns: Range<Int>) -> Int {
        var n = 0
        for y in 0..<height { for x in columns where pixels[y * width + x] < 200 { n += 1 } }
        return n
    }
}

struct PDFToolMissing: Error, CustomStringConvertible {
    let name: String
    var description: String { "\(name) is not installed: scripts/setup installs poppler-utils" }
}
