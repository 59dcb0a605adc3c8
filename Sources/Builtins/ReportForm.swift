// ReportForm: a control-statistics table in the layout of the statistical report forms
// the centre files upward: the form's name centred, its number, issuing office and
// approval number at the top right, the reporting unit, the period and the units of
// measure above the table, and the unit head, the compiler and the date below it. The
// settings come from the `report_settings` table (set_form_setting); the period is the
// table's own. `official_form(t)` makes the value, `report(...)` prints it.

import DataModel
import Foundation
import Interpreter

/// What an official form prints around its table.
public struct ReportForm: Sendable {
    public let title: String
    /// Top right: form number, issuing office, approval number.
    public let corner: [(label: String, value: String)]
    /// Above the table: reporting unit, period, units of measure.
    public let heading: [(label: String, value: String)]
    public let table: ReportTable
    /// Below the table: unit head, compiler, date.
    public let footer: [(label: String, value: String)]

    /// A setting left empty is a line to be filled in by hand.
    public static let blank = "__________"
}

extension ReportForm {
    /// The form of `record` (made by `official_form`), its labels in `language`.
    init?(_ record: Record, language: ReportLanguage, printed: CivilDate, _ machine: Machine, at location: SourceLocation) throws {
        guard case .string(let title)? = record["form"], case .table(let t)? = record["table"] else { return nil }
        func text(_ key: String) -> String {
            guard case .string(let s)? = record[key], !s.isEmpty else { return ReportForm.blank }
            return s
        }
        let zh = language == .zh
        self.title = title
        corner = [(zh ? "表　　号" : "Form no.", text("form_no")), (zh ? "制表机关" : "Issued by", text("office")),
                  (zh ? "批准文号" : "Approval no.", text("approval"))]
        heading = [(zh ? "填报单位" : "Reporting unit", text("unit")), (zh ? "报告期" : "Period", text("period")),
                   (zh ? "计量单位" : "Units", zh ? "人、‰、%" : "persons, ‰, %")]
        table = try ReportTable(t, language: language, machine, at: location)
        let day = zh ? "\(printed.year)年\(printed.month)月\(printed.day)日" : printed.description
        footer = [(zh ? "单位负责人" : "Unit head", text("head")), (zh ? "填表人" : "Compiler", text("compiler")),
                  (zh ? "报出日期" : "Date", day)]
    }

    /// "2025年" for a calendar year, else "2025年1月1日至2025年6月30日".
    static func period(_ period: StatisticsPeriod, _ language: ReportLanguage) -> String {
        let whole = StatisticsPeriod.year(period.start.year) == period
        if language == .en { return whole ? String(period.start.year) : "\(period.start) to \(period.end)" }
        func day(_ d: CivilDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }
        return whole ? "\(period.start.year)年" : "\(day(period.start))至\(day(period.end))"
    }
}

let formBuiltins: [Builtin] = [
    Builtin("official_form(t, title = null)",
            doc: "A control_stats table laid out as the statistical form filed upward (form number, issuing office, "
                + "approval number, reporting unit, period, unit head, compiler, date; see report_settings), for report(...).",
            example: "official_form(control_stats(year: 2025, by: \"county\")).form", result: "\"人口和计划生育控制统计表\"") { c in
        let table = try TableBuiltins.table(c, 0)
        let db = try c.machine.database(at: c.location)
        guard let period = StatisticsPeriods.period(of: table.plan, in: db) else {
            throw c.error("official_form lays out a control_stats table",
                          hint: "write official_form(control_stats(year: 2025, by: \"county\"))")
        }
        let lang = ReportCapture.of(c.machine)?.document.language ?? .zh
        let title = c[1].isNull ? (lang == .zh ? "人口和计划生育控制统计表" : "Population and family-planning control statistics")
            : try c.string(1)
        let settings = try StatisticsArguments.guarding(c) { try ReportSettings.all($0) }
        var fields: [(String, Value)] = [("form", .string(title))]
        for (key, _) in ReportSettings.defaults { fields.append((key, .string(settings[key] ?? ""))) }
        fields += [("period", .string(ReportForm.period(period, lang))), ("table", .table(table))]
        return .record(Record(fields))
    },
    Builtin("set_form_setting(key, value)",
            doc: "Sets what the official form prints: form_no, office, approval, unit, head or compiler "
                + "(kept in report_settings for every later report).",
            example: "set_form_setting(\"compiler\", \"李明\")") { c in
        let key = try c.string(0), value = try c.string(1)
        try StatisticsArguments.guarding(c) { db in try ReportSettings.set(key, to: value, in: db) }
        return .null
    },
]
