// DemoTruthTests: the feeds' damage and the answer key. Every section-6 finding and
// every kind of damage is present; truth rows point at the rows they describe; row
// status follows spec section 1; the findings agree with a second reading of the
// written files (register, cards, children, feed rows) that shares no code with the
// generator's rules; every ambiguous row has a damaged number and two namesakes.

import Foundation
import XCTest
@testable import DataModel

final class DemoTruthTests: XCTestCase {
    private var city: DemoFixture!

    override func setUpWithError() throws {
        city = try DemoFixture.shared
    }
    lazy var truth = city.table("truth.csv")
    lazy var rows: [String: [[String: String]]] = Dictionary(uniqueKeysWithValues: city.feedFiles.map { ($0, city.table($0)) })

    func feedRow(_ t: [String: String]) -> [String: String] { rows[t["file"]!]![Int(t["line"]!)! - 2] }

    func testEveryFindingCodeAndRowStatusAppears() {
        let codes: Set = ["no_card", "status_stale", "spouse_mismatch", "mother_no_card", "birth_not_recorded",
                          "pregnancy_not_recorded", "pregnancy_still_open", "card_active_after_death",
                          "card_not_transferred", "ambiguous", "not_local", "unmatched"]
        var found = Set<String>()
        for t in truth {
            let list = t["findings"]!.split(separator: ";").map(String.init)
            XCTAssertEqual(list, list.sorted())
            XCTAssertTrue(Set(list).isSubset(of: codes), "unknown finding in \(list)")
            if list.contains("ambiguous") || list.contains("not_local") || list.contains("unmatched") { XCTAssertEqual(list.count, 1) }
            if t["row_status"] != "ok" { XCTAssertTrue(list.isEmpty) }
            found.formUnion(list)
        }
        XCTAssertEqual(found, codes, "missing \(codes.subtracting(found))")
        XCTAssertEqual(Set(truth.map { $0["row_status"]! }), ["ok", "quarantine", "duplicate"])
        let consistent = truth.filter { $0["row_status"] == "ok" && $0["findings"]!.isEmpty }.count
        XCTAssertGreaterThan(consistent * 10, truth.count * 6, "most records should be consistent")
    }

    func testTruthRowsDescribeEveryFeedRowAndItsStatus() {
        XCTAssertEqual(truth.count, rows.values.reduce(0) { $0 + $1.count })
        XCTAssertEqual(truth.count, city.summary.feedRecords)
        var first: [String: [String: String]] = [:]
        for t in truth {
            let row = feedRow(t)
            XCTAssertEqual(row["record_no"], t["record_no"])
            XCTAssertTrue(t["file"]!.hasPrefix("feeds/\(t["feed"]!)-"))
            let bad = DemoTruthTests.breaksSection1(row, feed: t["feed"]!)
            XCTAssertEqual(bad, t["row_status"] == "quarantine", "\(t["file"]!):\(t["line"]!)")
            guard !bad else { continue }
            let key = t["feed"]! + "/" + t["record_no"]!
            if let earlier = first[key] {
                XCTAssertEqual(t["row_status"], "duplicate")
                XCTAssertEqual(earlier, row, "a re-export must repeat the row unchanged")
            } else {
                XCTAssertEqual(t["row_status"], "ok")
                first[key] = row
            }
        }
    }

    func testEveryKindOfDamageIsPresent() {
        let idColumn = ["marriage": "wife_id", "birth": "mother_id", "death": "person_id", "abortion": "woman_id", "hukou": "person_id"]
        let nameColumn = ["marriage": "wife_name", "birth": "mother_name", "death": "name", "abortion": "woman_name", "hukou": "name"]
        let names = Dictionary(uniqueKeysWithValues: city.table("persons.csv").map { ($0["person_id"]!, $0["name"]!) })
        var kinds = Set<String>()
        for t in truth where t["row_status"] == "ok" {
            let row = feedRow(t), raw = row[idColumn[t["feed"]!]!]!
            if raw.isEmpty { kinds.insert("empty") }
            if raw.contains(" ") { kinds.insert("spaces") }
            if raw.hasSuffix("x") { kinds.insert("lower-case x") }
            if raw.unicodeScalars.contains(where: { (0xFF10...0xFF19).contains($0.value) }) { kinds.insert("full-width") }
            if raw.count == 15, raw.allSatisfy(\.isASCII) { kinds.insert("15 digits") }
            if raw.count == 18, raw.allSatisfy(\.isASCII), !raw.contains("x"), !demoIdIsValid(raw) { kinds.insert("typo") }
            if let p = names[t["person_id"]!], let written = row[nameColumn[t["feed"]!]!], !written.isEmpty,
               written != p, written.count == p.count { kinds.insert("misspelt name") }
            for (column, value) in row where column.hasSuffix("date") || column.hasSuffix("birth") {
                if value.count == 8, value.allSatisfy(\.isNumber) { kinds.insert("YYYYMMDD") }
                if value.contains("/") { kinds.insert("YYYY/M/D") }
            }
            for column in ["sex", "child_sex"] {
                if row[column] == "1" || row[column] == "2" { kinds.insert("sex 1/2") }
                if row[column] == "男" || row[column] == "女" { kinds.insert("sex 男/女") }
            }
            if let v = row["kind"] ?? row["event"], v.unicodeScalars.first!.value > 0x2E80 { kinds.insert("Chinese alias") }
        }
        let statuses = truth.map { ($0["row_status"]!, feedRow($0)) }
        if statuses.contains(where: { $0.0 == "quarantine" && $0.1["record_no"]!.isEmpty }) { kinds.insert("no record_no") }
        if statuses.contains(where: { $0.0 == "quarantine" && ($0.1.values.contains { $0.hasSuffix("-02-30") || $0.hasSuffix("0230") || $0.hasSuffix("-13-16") || $0.hasSuffix("-04-31") || $0.hasSuffix("/2/29") || $0.hasSuffix("-06-00") }) }) {
            kinds.insert("impossible date")
        }
        XCTAssertEqual(kinds, ["empty", "spaces", "lower-case x", "full-width", "15 digits", "typo", "misspelt name",
                               "YYYYMMDD", "YYYY/M/D", "sex 1/2", "sex 男/女", "Chinese alias", "no record_no", "impossible date"])
    }

    /// Spec section 1's reasons to quarantine, read independently of the generator.
    static func breaksSection1(_ row: [String: String], feed: String) -> Bool {
        let date = ["marriage": "reg_date", "birth": "birth_date", "death": "death_date", "abortion": "op_date", "hukou": "event_date"][feed]!
        let id = ["marriage": "wife_id", "birth": "mother_id", "death": "person_id", "abortion": "woman_id", "hukou": "person_id"][feed]!
        let name = ["marriage": "wife_name", "birth": "mother_name", "death": "name", "abortion": "woman_name", "hukou": "name"][feed]!
        let kinds = ["marriage": ["marry", "divorce", "remarry", "结婚", "离婚", "复婚"], "abortion": ["induced", "labor_induction", "人流", "引产"],
                     "hukou": ["newborn", "move_in", "move_out", "death", "出生入户", "迁入", "迁出", "死亡注销"]]
        if row["record_no"]!.isEmpty || CivilDate.parse(row[date]!) == nil { return true }
        if let allowed = kinds[feed], !allowed.contains(row[feed == "hukou" ? "event" : "kind"]!) { return true }
        for column in ["sex", "child_sex"] {
            if let v = row[column], !["M", "F", "1", "2", "男", "女"].contains(v) { return true }
        }
        return row[id]!.trimmingCharacters(in: .whitespaces).isEmpty && row[name]!.isEmpty
    }
}

final class DemoTruthRulesTests: XCTestCase {
    private var city: DemoFixture!

    override func setUpWithError() throws {
        city = try DemoFixture.shared
    }

    func testFindingsAgreeWithAnIndependentReadingOfTheFiles() {
        let persons = Dictionary(uniqueKeysWithValues: city.table("persons.csv").map { ($0["person_id"]!, $0) })
        let cards = Dictionary(city.table("wis_cards.csv").filter { $0["status"] == "active" }.map { ($0["woman_id"]!, $0) },
                               uniquingKeysWith: { a, _ in a })
        let children = Dictionary(grouping: city.table("wis_children.csv"), by: { $0["card_no"]! })
        var feeds: [String: [[String: String]]] = [:]
        for f in city.feedFiles { feeds[f] = city.table(f) }
        // Each wife's latest marriage registration: an earlier one is held against it.
        var latest: [String: (date: CivilDate, kind: String)] = [:]
        for t in city.table("truth.csv") where t["row_status"] == "ok" && t["feed"] == "marriage" && !t["person_id"]!.isEmpty {
            let row = feeds[t["file"]!]![Int(t["line"]!)! - 2]
            let date = CivilDate.parse(row["reg_date"]!)!, kind = DemoTruthRulesTests.alias[row["kind"]!] ?? row["kind"]!
            if let known = latest[t["person_id"]!], known.date >= date { continue }
            latest[t["person_id"]!] = (date, kind)
        }
        var checked = 0
        for t in city.table("truth.csv") where t["row_status"] == "ok" && !t["person_id"]!.isEmpty {
            let findings = Set(t["findings"]!.split(separator: ";").map(String.init))
            if findings.contains("ambiguous") || findings.contains("not_local") { continue }
            let row = feeds[t["file"]!]![Int(t["line"]!)! - 2]
            let id = t["person_id"]!
            // The person concerned (for a newborn, the mother); one gone from the register
            // is known by her card, and a number's sequence says the sex.
            XCTAssertTrue(persons[id] != nil || city.table("wis_cards.csv").contains { $0["woman_id"] == id }, id)
            let card = cards[id]
            let woman = Array(id)[16].wholeNumberValue! % 2 == 0
            let event = DemoTruthRulesTests.alias[row["event"] ?? row["kind"] ?? ""] ?? row["event"] ?? row["kind"]
            func expect(_ code: String, _ rule: Bool) {
                XCTAssertEqual(findings.contains(code), rule, "\(code) on \(t["file"]!):\(t["line"]!)")
                checked += 1
            }
            switch (t["feed"]!, event) {
            case ("death", _), ("hukou", "death"):
                expect("card_active_after_death", woman && card != nil)
            case ("abortion", _):
                let op = CivilDate.parse(row["op_date"]!)!
                expect("pregnancy_still_open", card.flatMap { CivilDate.parse($0["pregnant_since"]!) }.map { $0 <= op } ?? false)
            case ("hukou", "move_out"):
                expect("card_not_transferred", woman && card != nil && !row["to_area"]!.hasPrefix("3605"))
            case ("birth", _), ("hukou", "newborn"):
                guard let card else { continue }
                let born = CivilDate.parse(row["birth_date"]!)!
                let listed = children[card["card_no"]!, default: []].contains { CivilDate.parse($0["birth_date"]!) == born }
                expect("birth_not_recorded", !listed)
            case ("marriage", "marry"), ("marriage", "remarry"):
                guard let card else { continue }
                if let later = latest[id], later.date > CivilDate.parse(row["reg_date"]!)!, later.kind == "divorce" {
                    expect("status_stale", card["marital"] != "divorced")
                    expect("spouse_mismatch", false)
                    continue
                }
                guard demoIdIsValid(row["husband_id"]!) else { continue }
                expect("spouse_mismatch", !card["spouse_id"]!.isEmpty && card["spouse_id"] != row["husband_id"])
                let date = CivilDate.parse(row["reg_date"]!)
                expect("status_stale", card["marital"] != "married" || CivilDate.parse(card["marriage_date"]!) != date)
            default: break
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }

    func testAmbiguousRowsHaveADamagedNumberAndTwoNamesakes() {
        let persons = city.table("persons.csv")
        let inRegister = Set(persons.map { $0["person_id"]! })
        // Women gone from the register are still known by their cards.
        let gone = city.table("wis_cards.csv").filter { !inRegister.contains($0["woman_id"]!) }
        let namesakes = Dictionary(grouping: persons + gone, by: { $0["name"]! + "|" + $0["birth_date"]! })
        let idColumn = ["marriage": "wife_id", "birth": "mother_id", "death": "person_id", "abortion": "woman_id", "hukou": "person_id"]
        let nameColumn = ["marriage": ("wife_name", "wife_birth"), "birth": ("mother_name", "mother_birth"),
                          "death": ("name", "birth_date"), "abortion": ("woman_name", "woman_birth"), "hukou": ("name", "birth_date")]
        var ambiguous = 0
        for t in city.table("truth.csv") where t["findings"] == "ambiguous" {
            let row = city.table(t["file"]!)[Int(t["line"]!)! - 2]
            // A newborn's mother: several hospital records of that birth, her number damaged.
            if DemoTruthRulesTests.alias[row["event"] ?? ""] ?? row["event"] == "newborn" {
                XCTAssertFalse(demoIdIsValid(row["mother_id"]!))
                continue
            }
            let raw = row[idColumn[t["feed"]!]!]!
            XCTAssertTrue(raw.isEmpty || raw.count == 18 && !demoIdIsValid(raw), "ambiguous row with a usable number \(raw)")
            let (n, b) = nameColumn[t["feed"]!]!
            let birth = CivilDate.parse(row[b]!)!.description
            XCTAssertGreaterThanOrEqual(namesakes[row[n]! + "|" + birth]?.count ?? 0, 2)
            ambiguous += 1
        }
        XCTAssertGreaterThan(ambiguous, 0)
    }

    static let alias = ["结婚": "marry", "离婚": "divorce", "复婚": "remarry", "出生入户": "newborn", "迁入": "move_in",
                        "迁出": "move_out", "死亡注销": "death", "人流": "induced", "引产": "labor_induction"]
}
