// ReportLanguageTests: a Chinese report speaks Chinese throughout, an English one
// English. The annual and monthly examples are run as reports on the samples and
// printed; the Chinese text may hold no English word except the codes a reader needs
// (record and card numbers, file names, the database's path), and the English one no
// Chinese outside the data's own names (people, areas, units, the form's settings).
// The reports are made on every engine EngineDatabases names.

import Builtins
import DataModel
import EngineSupport
import Foundation
import XCTest

final class ReportLanguageTests: XCTestCase {
    static var examples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
    }

    func report(_ example: String, _ language: ReportLanguage, args: [String], on engine: TestEngine) throws -> ReportDocument {
        let script = try String(contentsOf: Self.examples.appendingPathComponent(example), encoding: .utf8)
        return try ReportFixture.document(script, language: language, args: args, on: engine)
    }

    /// The English words left once the codes a reader needs are taken out.
    func englishWords(_ text: String) throws -> [String] {
        var rest = text
        for code in [#"[\w./-]+\.(csv|db|txt)"#,           // file names and the database's path
                     #"\b[A-Z]{1,3}-\d{4}-\d+\b"#,         // feed record numbers (B-2025-000213)
                     #"\bWIS\d+\b"#,                       // WIS card numbers
                     #"\b\d{17}[\dX]\b"#] {                // identity numbers ending in X
            rest = rest.replacingOccurrences(of: code, with: " ", options: .regularExpression)
        }
        let words = try NSRegularExpression(pattern: "[A-Za-z]{2,}")
        return words.matches(in: rest, range: NSRange(rest.startIndex..., in: rest)).map { String(rest[Range($0.range, in: rest)!]) }
    }

    func testTheChineseAnnualAndMonthlyReportsHoldNoEnglishWord() throws {
        for engine in try EngineDatabases.engines() {
            let annual = try report("annual-control-stats.pop", .zh, args: ["2025"], on: engine)
            let monthly = try report("monthly-crosscheck.pop", .zh, args: ["-", "2025-11"], on: engine)
            XCTAssertEqual(monthly.title, "新余市2025-11部门信息交叉核查月报", "\(engine): the title is the script's, not its file name")
            for (name, doc) in [("annual", annual), ("monthly", monthly)] {
                XCTAssertFalse(doc.blocks.contains { if case .error = $0 { return true } else { return false } }, "\(engine): \(name)")
                for (form, text) in [("text", ReportText.render(doc)), ("markdown", ReportMarkdown.render(doc))] {
                    XCTAssertEqual(try englishWords(text), [], "\(engine): \(name) report as \(form)")
                }
                let html = ReportHTML.render(doc).replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
                XCTAssertEqual(try englishWords(html.replacingOccurrences(of: "&[a-z]+;", with: " ", options: .regularExpression)
                    .components(separatedBy: "\n").filter { !$0.contains("{") && !$0.contains("}") }.joined(separator: "\n")),
                               [], "\(engine): \(name) report as HTML (its style sheet aside)")
            }
            let text = ReportText.render(monthly)
            XCTAssertTrue(text.contains("母亲未建卡") || text.contains("未建卡") || text.contains("孕情未结束"),
                          "\(engine): findings by their names")
        }
    }

    func testTheEnglishReportsNameEverythingInEnglish() throws {
        for engine in try EngineDatabases.engines() {
            let annual = try report("annual-control-stats.pop", .en, args: ["2025"], on: engine)
            let monthly = try report("monthly-crosscheck.pop", .en, args: ["-", "2025-11"], on: engine)
            let dataNames = try Set(rows(ReportFixture.databases.get(engine), "SELECT name FROM areas UNION SELECT name FROM persons "
                                           + "UNION SELECT name FROM units UNION SELECT name FROM wis_cards UNION SELECT value FROM report_settings")
                .compactMap { $0[0] })
            let han = try NSRegularExpression(pattern: "\\p{Han}+")
            for (name, doc) in [("annual", annual), ("monthly", monthly)] {
                var text = ReportText.render(doc)
                // Sentences name places and people by their names, which are Chinese.
                for data in dataNames.sorted(by: { $0.count > $1.count }) { text = text.replacingOccurrences(of: data, with: "") }
                let left = han.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
                XCTAssertEqual(left, [], "\(engine): \(name) report in English")
            }
        }
    }
}
