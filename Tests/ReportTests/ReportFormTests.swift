// ReportFormTests: a control-statistics table printed as the statistical form filed
// upward. The header and footer come from report_settings (defaults, then a centre's
// own values), the period from the table itself; a table that is not control
// statistics is refused with what to write instead. Each test runs on every engine.

import Builtins
import DataModel
import EngineSupport
import Foundation
import Interpreter
import XCTest

final class ReportFormTests: XCTestCase {
    func testTheFormCarriesItsSettingsPeriodAndTable() throws {
        for engine in try EngineDatabases.engines() {
            let doc = try ReportFixture.document("report(official_form(control_stats(year: 2025, by: \"county\")))", on: engine)
            guard case .form(let form) = doc.blocks.first else { return XCTFail("\(engine): a form") }
            XCTAssertEqual(form.title, "人口和计划生育控制统计表", "\(engine)")
            XCTAssertEqual(form.corner.map(\.value), ["计生统1表", "新余市卫生健康委员会", ReportForm.blank], "\(engine)")
            XCTAssertEqual(form.heading.map(\.value), ["新余市人口和计划生育信息中心", "2025年", "人、‰、%"], "\(engine)")
            XCTAssertEqual(form.footer.map(\.value), [ReportForm.blank, ReportForm.blank, "2026年1月5日"], "\(engine)")
            XCTAssertEqual(form.table.rows.count, 4, "\(engine): the city, its two counties and the line of records placed nowhere")
            XCTAssertEqual(form.table.isNote, [false, false, false, true], "\(engine)")
            let text = ReportText.render(doc)
            for line in ["人口和计划生育控制统计表", "表　　号：计生统1表", "制表机关：新余市卫生健康委员会",
                         "填报单位：新余市人口和计划生育信息中心    报告期：2025年    计量单位：人、‰、%",
                         "单位负责人：__________    填表人：__________    报出日期：2026年1月5日"] {
                XCTAssertTrue(text.contains(line), "\(engine): " + line)
            }
            let html = ReportHTML.render(doc)
            XCTAssertTrue(html.contains("<section class=\"form\">") && html.contains("break-before: page"), "\(engine): a form starts a page")

            let half = try ReportFixture.document(
                "report(official_form(control_stats(period: [@2025-01-01, @2025-06-30], by: \"county\")))", on: engine)
            guard case .form(let halfYear) = half.blocks.first else { return XCTFail("\(engine): a form") }
            XCTAssertEqual(halfYear.heading[1].value, "2025年1月1日至2025年6月30日", "\(engine)")
        }
    }

    func testACentreSetsItsOwnHeaderOnce() throws {
        for engine in try EngineDatabases.engines() {
            let db = try SampleDatabase.copy(on: engine, for: self)
            let session = Session(library: Builtins.library(), write: { _ in })
            session.machine.openDatabase = { db }
            try session.run("""
                set_form_setting("approval", "国统制〔2025〕12号")
                set_form_setting("compiler", "李明")
                """, name: "t.pop")
            XCTAssertEqual(try ReportSettings.all(db)["approval"], "国统制〔2025〕12号", "\(engine)")
            XCTAssertEqual(try ReportSettings.all(db)["office"], "新余市卫生健康委员会", "\(engine): the others keep their defaults")
            var printed = ""
            let shown = Session(library: Builtins.library(), write: { printed += $0 })
            shown.machine.openDatabase = { db }
            try shown.run("print(official_form(control_stats(year: 2025, by: \"county\")).compiler)", name: "t.pop")
            XCTAssertEqual(printed, "李明\n", "\(engine)")
            XCTAssertThrowsError(try session.run("set_form_setting(\"colour\", \"red\")", name: "t.pop"), "\(engine)") { error in
                XCTAssertTrue("\(error)".contains("no setting \"colour\""), "\(engine): \(error)")
            }
            XCTAssertThrowsError(try session.run("official_form(people)", name: "t.pop"), "\(engine)") { error in
                XCTAssertTrue("\(error)".contains("official_form lays out a control_stats table"), "\(engine): \(error)")
            }
        }
    }
}
