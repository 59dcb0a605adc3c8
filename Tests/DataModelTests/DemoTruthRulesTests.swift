// DemoTruthRulesTests: the answer key's findings against a second reading of the
// written files (register, cards, children, feed rows), for the rules that need no
// matching beyond the true person: deaths, abortions, move-outs, births and spouses.
// Also: every ambiguous row has a damaged number and two register namesakes.

import Foundation
import XCTest
@testable import DataModel

final class DemoTruthRulesTests: XCTestCase {
    let city = DemoFixture.shared

    func testFindingsAgreeWithAnIndependentReadingOfTheFiles() {
        let persons = Dictionary(uniqueKeysWithValues: city.table("persons.csv").map { ($0["person_id"]!, $0) })
        let cards = Dictionary(city.table("wis_cards.csv").filter { $0["status"] == "active" }.map { ($0["woman_id"]!, $0) },
                               uniquingKeysWith: { a, _ in a })
        let children = Dictionary(grouping: city.table("wis_children.csv"), by: { $0["card_no"]! })
        var feeds: [String: [[String: String]]] = [:]
        for f in city.feedFiles { feeds[f] = city.table(f) }
        var checked = 0
        for t in city.table("truth.csv") where t["row_status"] == "ok" && !t["person_id"]!.isEmpty {
            let findings = Set(t["findings"]!.split(separator: ";").map(String.init))
            if findings.contains("ambiguous") || findings.contains("not_local") { continue }
            let row = feeds[t["file"]!]![Int(t["line"]!)! - 2]
            let person = persons[t["person_id"]!]!
            let card = cards[t["person_id"]!]
            let woman = person["sex"] == "F"
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
            case ("birth", _):
                guard let card else { continue }
                let born = CivilDate.parse(row["birth_date"]!)!
                let listed = children[card["card_no"]!, default: []].contains { CivilDate.parse($0["birth_date"]!) == born }
                expect("birth_not_recorded", !listed)
            case ("marriage", "marry"), ("marriage", "remarry"):
                guard let card, demoIdIsValid(row["husband_id"]!) else { continue }
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
        let namesakes = Dictionary(grouping: persons, by: { $0["name"]! + "|" + $0["birth_date"]! })
        let idColumn = ["marriage": "wife_id", "birth": "mother_id", "death": "person_id", "abortion": "woman_id", "hukou": "person_id"]
        let nameColumn = ["marriage": ("wife_name", "wife_birth"), "birth": ("mother_name", "mother_birth"),
                          "death": ("name", "birth_date"), "abortion": ("woman_name", "woman_birth"), "hukou": ("name", "birth_date")]
        var ambiguous = 0
        for t in city.table("truth.csv") where t["findings"] == "ambiguous" {
            let row = city.table(t["file"]!)[Int(t["line"]!)! - 2]
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
