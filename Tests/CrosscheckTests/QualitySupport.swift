// QualitySupport: measures the cross-check against a demo city's answer key. A city is
// generated with a seed, imported, cross-checked; each loaded truth row is compared
// with the findings of the same feed and record_no: precision and recall per finding
// code, and whether the record was tied to the right register person.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

struct QualityFigures {
    struct Tally { var truePositive = 0, falsePositive = 0, falseNegative = 0 }
    var codes: [String: Tally] = [:]
    var records = 0
    /// Records linked by number (exact or normalized) to someone other than the true person.
    var wrongByNumber = 0
    var wrongByEvidence = 0
    var rightPerson = 0
    var linkedByEvidence = 0
    var rightByEvidence = 0
    /// Records not tied by their number whose true person is in the register and not ambiguous.
    var linkableByEvidence = 0
    var linkedByNumber = 0
    var seconds = 0.0
    var fuzzySeconds = 0.0
    var mistakes: [String] = []

    func precision(_ code: String) -> Double {
        let t = codes[code] ?? Tally()
        return t.truePositive + t.falsePositive == 0 ? 1 : Double(t.truePositive) / Double(t.truePositive + t.falsePositive)
    }

    func recall(_ code: String) -> Double {
        let t = codes[code] ?? Tally()
        return t.truePositive + t.falseNegative == 0 ? 1 : Double(t.truePositive) / Double(t.truePositive + t.falseNegative)
    }

    /// Matching by evidence: right links among links, and among the records it should link.
    var matchingTable: String {
        func share(_ a: Int, _ b: Int) -> String { b == 0 ? "–" : String(format: "%.2f%%", Double(a) / Double(b) * 100) }
        return "| linked | records | right person | precision | recall |\n| --- | ---: | ---: | ---: | ---: |\n"
            + "| by number (`exact`, `normalized`) | \(linkedByNumber) | \(linkedByNumber - wrongByNumber) "
            + "| \(share(linkedByNumber - wrongByNumber, linkedByNumber)) | – |\n"
            + "| by evidence (`fuzzy`) | \(linkedByEvidence) | \(rightByEvidence) | \(share(rightByEvidence, linkedByEvidence)) "
            + "| \(share(rightByEvidence, linkableByEvidence)) |\n"
    }

    /// The markdown table docs/quality.md shows.
    var table: String {
        var out = "| finding | in truth | found | right | precision | recall |\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
        for code in codes.keys.sorted() {
            let t = codes[code]!
            out += "| `\(code)` | \(t.truePositive + t.falseNegative) | \(t.truePositive + t.falsePositive) | \(t.truePositive) "
                + "| \(String(format: "%.2f%%", precision(code) * 100)) | \(String(format: "%.2f%%", recall(code) * 100)) |\n"
        }
        return out
    }
}

enum QualitySupport {
    /// Generates, imports on `engine` and cross-checks a demo city; `folder` is removed by
    /// the caller.
    static func measure(persons: Int, seed: UInt64, in folder: URL, on engine: TestEngine) throws -> QualityFigures {
        let city = folder.appendingPathComponent("city").path
        if !FileManager.default.fileExists(atPath: city) {
            _ = try DemoCity.generate(DemoConfig(persons: persons, seed: seed), into: city)
        }
        let (db, remove) = try EngineDatabases.fresh(engine)
        defer { remove() }
        let summaries = Importer(database: db).importPaths([city + "/areas.csv", city + "/units.csv", city + "/persons.csv",
                                                            city + "/wis_cards.csv", city + "/wis_children.csv", city + "/feeds"])
        for s in summaries where s.error != nil { throw LinkError(s.error!) }
        let started = Date()
        let run = try Crosschecker(database: db).run(.all)
        var figures = QualityFigures()
        figures.seconds = Date().timeIntervalSince(started)
        figures.fuzzySeconds = run.fuzzySeconds
        var found: [String: (person: String, match: String, codes: Set<String>)] = [:]
        for row in try db.query("SELECT feed, record_no, person_id, match, finding FROM crosscheck_findings WHERE run_id = ?1",
                                [.integer(run.id)]) {
            let key = "\(row[0].text!)|\(row[1].text!)"
            var entry = found[key] ?? (row[2].text ?? "", row[3].text!, [])
            if let code = row[4].text, !code.isEmpty { entry.codes.insert(code) }
            found[key] = entry
        }
        for truth in try readTruth(city + "/truth.csv") where truth.status == "ok" {
            figures.records += 1
            guard let mine = found["\(truth.feed)|\(truth.recordNo)"] else {
                figures.mistakes.append("\(truth.feed) \(truth.recordNo): loaded but not cross-checked")
                continue
            }
            let byNumber = mine.match == "exact" || mine.match == "normalized"
            // An ambiguous record is rightly tied to nobody: a clerk decides.
            let leftOpen = truth.codes.contains("ambiguous") && mine.person.isEmpty
            if mine.person == truth.person || leftOpen { figures.rightPerson += 1 } else if byNumber && !mine.person.isEmpty {
                figures.wrongByNumber += 1
            } else if mine.match == "fuzzy" { figures.wrongByEvidence += 1 }
            if mine.match == "fuzzy" { figures.linkedByEvidence += 1 }
            if mine.match == "fuzzy" && mine.person == truth.person { figures.rightByEvidence += 1 }
            if !byNumber && !truth.person.isEmpty && !truth.codes.contains("ambiguous") { figures.linkableByEvidence += 1 }
            if byNumber && !mine.person.isEmpty { figures.linkedByNumber += 1 }
            for code in truth.codes.union(mine.codes) {
                var tally = figures.codes[code] ?? QualityFigures.Tally()
                switch (truth.codes.contains(code), mine.codes.contains(code)) {
                case (true, true): tally.truePositive += 1
                case (false, true): tally.falsePositive += 1
                default: tally.falseNegative += 1
                }
                figures.codes[code] = tally
            }
            if truth.codes != mine.codes || truth.person != mine.person && !leftOpen {
                figures.mistakes.append("\(truth.feed) \(truth.recordNo) \(truth.source): truth \(truth.person) "
                                        + "\(truth.codes.sorted()), found \(mine.person) \(mine.match) \(mine.codes.sorted())")
                // The evidence behind the first few, as explain_match shows it.
                if figures.mistakes.count <= 20, let feed = CrosscheckFeed(rawValue: truth.feed),
                   let e = try Crosschecker(database: db).explain(feed: feed, recordNo: truth.recordNo) {
                    figures.mistakes.append(e.lines.joined(separator: "\n"))
                }
            }
        }
        return figures
    }

    struct TruthRow { var feed, recordNo, person, status, source: String; var codes: Set<String> }

    /// truth.csv read on its own terms (plain comma-separated, no quoting in its values).
    static func readTruth(_ path: String) throws -> [TruthRow] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [TruthRow] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows.append(TruthRow(feed: f[0], recordNo: f[1], person: f[2], status: f[4], source: "\(f[5]):\(f[6])",
                                 codes: Set(f[3].split(separator: ";").map(String.init))))
        }
        return rows
    }
}
