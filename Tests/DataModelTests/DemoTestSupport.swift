// DemoTestSupport: one small demo city shared by the Demo* tests, and the little CSV
// reading they need (the importer proper lives elsewhere and is not what is tested here).

import Foundation
import XCTest
@testable import DataModel

struct DemoFixture: Sendable {
    let directory: String
    let summary: DemoSummary

    static let persons = 4_000
    static let seed: UInt64 = 20_251_231

    /// Generated once per test run.
    static let shared: DemoFixture = {
        let dir = NSTemporaryDirectory() + "popsh-demo-\(getpid())-a"
        let summary = try! DemoCity.generate(DemoConfig(persons: persons, seed: seed), into: dir)
        return DemoFixture(directory: dir, summary: summary)
    }()

    func bytes(_ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: directory + "/" + name) ?? Data())
    }

    /// The file's text, decoded from UTF-8 (BOM dropped) or GB18030.
    func text(_ name: String) -> String {
        var b = bytes(name)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b.removeFirst(3) }
        if TextCodec.isValidUTF8(b) { return String(decoding: b, as: UTF8.self) }
        return TextCodec.decodeGB18030(b) ?? ""
    }

    /// Rows as dictionaries by header name.
    func table(_ name: String) -> [[String: String]] {
        let rows = DemoCSV.parse(text(name))
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    var feedFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/feeds")) ?? []).sorted().map { "feeds/" + $0 }
    }
}

enum DemoCSV {
    /// RFC 4180 rows: quoted fields with doubled quotes, CRLF or LF line ends.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        for ch in text {
            if quoted {
                if ch == "\"" { quoted = false; afterQuote = true } else { field.append(ch) }
                continue
            }
            switch ch {
            case "\"":
                if afterQuote { field.append("\"") }
                quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n":
                row.append(field); rows.append(row); row = []; field = ""
            default: field.append(ch)
            }
            afterQuote = false
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// GB 11643 check written out again for the tests, apart from the generator's own.
func demoIdIsValid(_ id: String) -> Bool {
    let chars = Array(id.utf8)
    guard chars.count == 18, chars[0..<17].allSatisfy({ (48...57).contains($0) }) else { return false }
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(weights, chars).reduce(0) { $0 + $1.0 * Int($1.1 - 48) }
    return Array("10X98765432".utf8)[sum % 11] == chars[17]
}
