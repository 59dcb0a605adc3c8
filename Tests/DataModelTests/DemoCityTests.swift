// DemoCityTests: the demo city's files, register and WIS baseline: determinism, the
// spec's headers, the departments' encodings, valid and unique identity numbers,
// reciprocal spouses, area codes that resolve, and a population shaped like a Chinese
// city's. One small city is generated once and shared by the Demo* tests, read with a
// little CSV reader of their own (the importer proper is not what is tested here).

import Foundation
import XCTest
@testable import DataModel

final class DemoCityTests: XCTestCase {
    private var city: DemoFixture!

    override func setUpWithError() throws {
        city = try DemoFixture.shared
    }

    func testSameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws {
        let again = NSTemporaryDirectory() + "popsh-demo-\(getpid())-b"
        let other = NSTemporaryDirectory() + "popsh-demo-\(getpid())-c"
        defer { try? FileManager.default.removeItem(atPath: again); try? FileManager.default.removeItem(atPath: other) }
        let s2 = try DemoCity.generate(DemoConfig(persons: DemoFixture.persons, seed: DemoFixture.seed), into: again)
        XCTAssertEqual(s2.files.count, city.summary.files.count)
        for path in city.summary.files {
            let name = String(path.dropFirst(city.directory.count))
            XCTAssertEqual(FileManager.default.contents(atPath: path), FileManager.default.contents(atPath: again + name),
                           "\(name) differs between two runs with the same seed")
        }
        _ = try DemoCity.generate(DemoConfig(persons: DemoFixture.persons, seed: DemoFixture.seed + 1), into: other)
        XCTAssertNotEqual(city.bytes("persons.csv"), Array(FileManager.default.contents(atPath: other + "/persons.csv")!))
        XCTAssertNotEqual(city.bytes("truth.csv"), Array(FileManager.default.contents(atPath: other + "/truth.csv")!))
    }

    func testUnusableRequestsAreRefusedWithAReason() {
        XCTAssertThrowsError(try DemoCity.generate(DemoConfig(persons: 10), into: NSTemporaryDirectory() + "popsh-demo-none")) {
            XCTAssertTrue("\($0)".contains("at least 100 persons"), "\($0)")
        }
        XCTAssertThrowsError(try DemoCity.generate(DemoConfig(persons: .max), into: NSTemporaryDirectory() + "popsh-demo-none")) {
            XCTAssertTrue("\($0)".contains("at most 12000000 persons"), "\($0)")
        }
        XCTAssertThrowsError(try DemoCity.generate(DemoConfig(persons: 500), into: "/proc/popsh-demo")) {
            XCTAssertTrue("\($0)".contains("/proc/popsh-demo"), "\($0)")
        }
    }

    func testEveryFileIsPresentWithTheSpecHeader() {
        let headers = [
            "areas.csv": "code,name,level,parent",
            "units.csv": "unit_code,name,kind,area",
            "persons.csv": "person_id,name,sex,birth_date,marital,spouse_id,hukou_area,hukou_kind,residence_area,address,unit_code,residence_since",
            "wis_cards.csv": "card_no,woman_id,name,birth_date,marital,marriage_date,spouse_id,spouse_name,managing_area,contraception,contraception_date,pregnant_since,pregnancy_recorded,status,updated",
            "wis_children.csv": "card_no,child_id,name,birth_date,sex,birth_order,policy,pregnancy_recorded",
            "truth.csv": "feed,record_no,person_id,findings,row_status,file,line",
            "marriage": "record_no,reg_date,kind,husband_id,husband_name,husband_birth,husband_hukou,wife_id,wife_name,wife_birth,wife_hukou,office_area,reported",
            "birth": "record_no,hospital,birth_date,child_sex,birth_order,mother_id,mother_name,mother_birth,father_id,residence_area,reported",
            "death": "record_no,hospital,death_date,person_id,name,sex,birth_date,residence_area,reported",
            "abortion": "record_no,hospital,op_date,kind,weeks,woman_id,woman_name,woman_birth,reported",
            "hukou": "record_no,event,event_date,person_id,name,sex,birth_date,from_area,to_area,mother_id,reported",
        ]
        for file in ["areas.csv", "units.csv", "persons.csv", "wis_cards.csv", "wis_children.csv", "truth.csv"] {
            XCTAssertEqual(DemoCSV.parse(city.text(file)).first?.joined(separator: ","), headers[file], file)
        }
        XCTAssertEqual(city.feedFiles.count, 60)
        for feed in ["marriage", "birth", "death", "abortion", "hukou"] {
            for month in 1...12 {
                let file = "feeds/\(feed)-2025-\(month < 10 ? "0" : "")\(month).csv"
                XCTAssertTrue(city.feedFiles.contains(file), "missing \(file)")
                XCTAssertEqual(DemoCSV.parse(city.text(file)).first?.joined(separator: ","), headers[feed], file)
            }
        }
        // The register no longer lists a share of the year's dead and emigrants.
        XCTAssertEqual(city.table("persons.csv").count, city.summary.persons)
        XCTAssertGreaterThan(city.summary.persons, DemoFixture.persons * 99 / 100)
        XCTAssertLessThan(city.summary.persons, DemoFixture.persons)
        XCTAssertEqual(city.table("wis_cards.csv").count, city.summary.cards)
        XCTAssertEqual(city.table("wis_children.csv").count, city.summary.children)
    }

    func testFeedFilesComeInTheDepartmentsEncodings() {
        var gb = 0, bom = 0, crlf = 0
        for file in city.feedFiles {
            let b = city.bytes(file)
            if !TextCodec.isValidUTF8(b) {
                gb += 1
                XCTAssertNotNil(TextCodec.decodeGB18030(b), "\(file) is neither UTF-8 nor GB18030")
            }
            if b.starts(with: [0xEF, 0xBB, 0xBF]) { bom += 1 }
            if b.firstIndex(of: 10).map({ $0 > 0 && b[$0 - 1] == 13 }) == true { crlf += 1 }
        }
        XCTAssertGreaterThan(gb, 0, "no GB18030 feed file")
        XCTAssertGreaterThan(bom, 0, "no feed file with a BOM")
        XCTAssertGreaterThan(crlf, 0, "no feed file with CRLF")
        XCTAssertLessThan(gb, 30, "GB18030 should be the minority")
    }

    func testRegisterIdentityNumbersAreValidUniqueAndAgreeWithTheRow() {
        let persons = city.table("persons.csv")
        var seen = Set<String>()
        for p in persons {
            let id = p["person_id"]!
            XCTAssertTrue(demoIdIsValid(id), "invalid \(id)")
            XCTAssertTrue(seen.insert(id).inserted, "duplicate \(id)")
            let digits = Array(id)
            XCTAssertEqual(String(digits[6..<14]), p["birth_date"]!.replacingOccurrences(of: "-", with: ""))
            XCTAssertEqual(digits[16].wholeNumberValue! % 2 == 1 ? "M" : "F", p["sex"])
        }
        let byId = Dictionary(uniqueKeysWithValues: persons.map { ($0["person_id"]!, $0) })
        var couples = 0
        for p in persons where !p["spouse_id"]!.isEmpty {
            let s = byId[p["spouse_id"]!]
            XCTAssertEqual(s?["spouse_id"], p["person_id"], "spouse of \(p["person_id"]!) is not reciprocal")
            XCTAssertEqual(p["marital"], "married")
            XCTAssertNotEqual(s?["sex"], p["sex"])
            couples += 1
        }
        XCTAssertGreaterThan(couples, persons.count / 4)
        // A card outlives the register entry of a woman who died or moved out.
        var gone = 0
        for c in city.table("wis_cards.csv") {
            let woman = c["woman_id"]!
            if let p = byId[woman] { XCTAssertEqual(p["sex"], "F", "card \(c["card_no"]!) is a man's") } else { gone += 1 }
            XCTAssertTrue(demoIdIsValid(woman) && Array(woman)[16].wholeNumberValue! % 2 == 0, "card \(c["card_no"]!): \(woman)")
        }
        XCTAssertGreaterThan(gone, 0, "some card holders are gone from the register")
        XCTAssertLessThan(gone * 50, city.table("wis_cards.csv").count, "few of them")
        let units = city.table("units.csv")
        XCTAssertEqual(Set(units.map { $0["unit_code"]! }).count, units.count)
        for u in units { XCTAssertEqual(u["unit_code"]!.count, 18) }
    }

    func testAreaCodesResolveInAreasCsv() {
        let areas = city.table("areas.csv")
        let codes = Set(areas.map { $0["code"]! })
        let communities = Set(areas.filter { $0["level"] == "community" }.map { $0["code"]! })
        for a in areas where !a["parent"]!.isEmpty { XCTAssertTrue(codes.contains(a["parent"]!), "parent of \(a["code"]!)") }
        XCTAssertTrue(codes.contains("360502000000") && codes.contains("360521000000") && codes.contains("360502100000"))
        XCTAssertTrue(communities.contains { $0.hasPrefix("360502100") && $0.hasSuffix("201") }, "villages take codes 2xx")
        func check(_ code: String, _ what: String) {
            XCTAssertEqual(code.count, 12, what)
            if code.hasPrefix("3605") { XCTAssertTrue(communities.contains(code), "\(what) \(code) not a community") }
            else { XCTAssertFalse(codes.contains(code), what) }
        }
        var outside = 0
        for p in city.table("persons.csv") {
            check(p["hukou_area"]!, "hukou_area"); check(p["residence_area"]!, "residence_area")
            if !p["hukou_area"]!.hasPrefix("3605") { outside += 1 }
        }
        XCTAssertGreaterThan(outside, 0, "no migrants from other counties")
        for u in city.table("units.csv") { check(u["area"]!, "unit area") }
        for c in city.table("wis_cards.csv") { check(c["managing_area"]!, "managing_area") }
    }

    func testAgeAndSexStructureLookLikeAChineseCity() {
        let end = CivilDate(year: 2025, month: 12, day: 31)!
        let persons = city.table("persons.csv")
        var men = 0, women = 0, women1549 = 0, children = 0, old = 0
        for p in persons {
            let age = CivilDate.parse(p["birth_date"]!)!.age(on: end)
            if p["sex"] == "M" { men += 1 } else { women += 1 }
            if p["sex"] == "F", (15...49).contains(age) { women1549 += 1 }
            if age < 15 { children += 1 }
            if age >= 60 { old += 1 }
        }
        let n = Double(persons.count)
        XCTAssertTrue((100...112).contains(Double(men) / Double(women) * 100), "sex ratio \(Double(men) / Double(women) * 100)")
        XCTAssertTrue((0.18...0.30).contains(Double(women1549) / n), "women 15-49: \(Double(women1549) / n)")
        XCTAssertTrue((0.08...0.20).contains(Double(children) / n), "under 15: \(Double(children) / n)")
        XCTAssertTrue((0.12...0.30).contains(Double(old) / n), "60 and over: \(Double(old) / n)")
        let names = Dictionary(grouping: persons, by: { $0["name"]! + "|" + $0["birth_date"]! })
        XCTAssertGreaterThan(names.values.filter { $0.count > 1 }.count, 0, "no namesakes born the same day")
    }
}

struct DemoFixture: Sendable {
    let directory: String
    let summary: DemoSummary

    static let persons = 4_000
    static let seed: UInt64 = 20_251_231

    /// Generated once per test run; a failure fails each test that reads it.
    static var shared: DemoFixture {
        get throws { try generated.get() }
    }

    /// The fixture's folder, removed when the test process exits.
    private static var folder: String { NSTemporaryDirectory() + "popsh-demo-\(getpid())-a" }

    private static let generated = Result {
        let dir = folder
        atexit { try? FileManager.default.removeItem(atPath: DemoFixture.folder) }
        let summary = try DemoCity.generate(DemoConfig(persons: persons, seed: seed), into: dir)
        return DemoFixture(directory: dir, summary: summary)
    }

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
