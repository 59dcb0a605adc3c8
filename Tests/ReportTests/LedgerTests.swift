// LedgerTests: the community ledger (台账) against the register read in the test: one
// page per household (an address of the register), one heading per building, every
// person living there exactly once, the women's active cards beside them; a ledger is
// refused for anything but a community. Each test runs on every engine.

import Builtins
import DataModel
import EngineSupport
import Foundation
import Interpreter
import XCTest

final class LedgerTests: XCTestCase {
    func testEveryHouseholdOfTheCommunityHasAPageWithEveryoneLivingThere() throws {
        for engine in try EngineDatabases.engines() {
            let community = "360502001001"
            let db = try ReportFixture.databases.get(engine)
            let people = try rows(db, "SELECT address, person_id FROM persons WHERE residence_area = '\(community)'")
            let addresses = Set(people.map { $0[0]! })
            let buildings = Set(addresses.map(Ledger.building(of:)))
            let carded = Set(try rows(db, "SELECT woman_id FROM wis_cards WHERE status = 'active'").map { $0[0]! })

            let doc = try ReportFixture.document("report(ledger(\"\(community)\", on: @2025-12-31), title: \"台账\")", on: engine)
            var households: [String] = [], breaks = 0, buildingHeadings = 0, listed: [String] = []
            for block in doc.blocks {
                switch block {
                case .heading(let text, let level) where level == 3: households.append(text)
                case .heading(_, let level) where level == 2: buildingHeadings += 1
                case .pageBreak: breaks += 1
                case .table(let table):
                    XCTAssertEqual(Array(table.columns.map(\.label).prefix(4)), ["身份证号", "姓名", "性别", "年龄"], "\(engine)")
                    let card = table.columns.firstIndex { $0.name == "card_no" }!
                    for row in table.rows {
                        listed.append(row[0])
                        XCTAssertEqual(!row[card].isEmpty, carded.contains(row[0]), "\(engine): \(row[0])'s card is shown when active")
                    }
                default: break
                }
            }
            XCTAssertEqual(households.count, addresses.count, "\(engine): a page per household")
            XCTAssertEqual(breaks, addresses.count - 1, "\(engine): each household after the first starts a page")
            XCTAssertEqual(buildingHeadings, buildings.count, "\(engine): a book per building")
            XCTAssertEqual(listed.sorted(), people.map { $0[1]! }.sorted(), "\(engine): everyone living there, once")
            XCTAssertTrue(ReportText.render(doc).contains("入户核对情况"), "\(engine): room to write what the visit found")
        }
    }

    func testALedgerIsKeptByACommunity() throws {
        for engine in try EngineDatabases.engines() {
            XCTAssertEqual(Ledger.building(of: "袁河小区 15栋 1单元 501"), "袁河小区 15栋", "\(engine)")
            XCTAssertEqual(Ledger.building(of: "老岗村 6组 72号"), "老岗村 6组", "\(engine)")
            XCTAssertThrowsError(try ReportFixture.document("ledger(\"360502001000\")", on: engine), "\(engine)") { error in
                XCTAssertTrue("\(error)".contains("a ledger is kept by a community"), "\(engine): \(error)")
            }
        }
    }
}
