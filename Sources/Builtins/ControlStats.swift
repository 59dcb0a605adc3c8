// ControlStats: the builtins of spec section 8. `control_stats` returns the table of
// counts and rates by area (with the total and subtotal rows), `indicator` prints a
// rate's formula so an analyst can check what a number means without the spec.

import DataModel
import Interpreter

enum ControlStatsArguments {
    /// The period of `control_stats`: `period: [from, to]`, else the calendar `year:`.
    static func period(_ c: Call, year: Int, period: Int) throws -> StatisticsPeriod {
        if !c[period].isNull {
            let days = try c.list(period)
            guard days.count == 2, case .date(let start) = days[0], case .date(let end) = days[1] else {
                throw c.error("period: needs a list of two dates", hint: "write period: [@2025-01-01, @2025-06-30]")
            }
            guard let range = StatisticsPeriod(start: start, end: end) else {
                throw c.error("the period ends (\(end)) before it starts (\(start))",
                              hint: "write the earlier date first")
            }
            return range
        }
        guard !c[year].isNull else {
            throw c.error("control_stats needs a year or a period", hint: "write control_stats(year: 2025, by: \"township\")")
        }
        let y = try c.int(year)
        guard let range = StatisticsPeriod.year(Int(y)) else {
            throw c.error("\(y) is not a calendar year", hint: "write a year such as 2025")
        }
        return range
    }
}

extension ControlStatsArguments {
    /// The `in:` area as text: a code, a name, or a record from `area(...)` / `areas`.
    static func area(_ c: Call, _ i: Int) throws -> String {
        switch c[i] {
        case .string(let text): return text
        case .record(let r):
            guard case .string(let code)? = r["code"] else { throw c.badArgument(i, expected: "area code, name or area record") }
            return code
        default: throw c.badArgument(i, expected: "area code, name or area record")
        }
    }
}

let controlStatsBuiltins: [Builtin] = [
    Builtin("control_stats(year = null, by = \"township\", in = null, period = null)",
            doc: "Section 8's control statistics: one row per area at the level by (county, township, community) "
                + "inside in (the city when omitted), with the total and subtotal rows, counts beside each rate.",
            example: "control_stats(year: 2025, by: \"county\") | select name, population, births, birth_rate",
            result: "┌──────────┬────────────┬────────┬────────────┐\n│ name     │ population │ births │ birth_rate │\n├──────────┼────────────┼────────┼────────────┤\n│ 新余市   │       2829 │     23 │       8.13 │\n│ 渝水区   │       1896 │     15 │       7.91 │\n│ 分宜县   │        933 │      8 │       8.57 │\n│ 未能定位 │            │        │            │\n└──────────┴────────────┴────────┴────────────┘\n4 rows") { c in
        let period = try ControlStatsArguments.period(c, year: 0, period: 3)
        let level = try StatisticsArguments.level(c, 1, allowed: [.county, .township, .community])
        return .table(Table(plan: try StatisticsArguments.guarding(c) { db in
            let scope = c[2].isNull ? AreaCode.city : try AreaDirectory(db).resolve(try ControlStatsArguments.area(c, 2))
            let plan = try ControlStatistics.plan(db, period: period, by: level, in: scope)
            StatisticsPeriods.remember(plan, period: period, in: db)
            return plan
        }))
    },
    Builtin("indicator(name = null)",
            doc: "Prints how a control-statistics rate is computed (every rate when name is omitted).",
            example: "indicator(\"info_coverage_rate\")",
            result: "info_coverage_rate — 信息覆盖率 / information coverage rate (%)\n"
                + "  carded_mwcba (mwcba with an active card) / mwcba × 100\n"
                + "  numerator: carded_mwcba   denominator: mwcba   empty when the denominator is 0") { c in
        let chosen: [Indicator]
        if c[0].isNull {
            chosen = Indicator.all
        } else {
            let name = try c.string(0)
            guard let indicator = Indicator.named(name) else {
                throw c.error("no indicator is called \"\(name)\"",
                              hint: "one of " + Indicator.all.map(\.name).joined(separator: ", "))
            }
            chosen = [indicator]
        }
        // In a Chinese report the definitions are printed in Chinese; the shell prints them as it always has.
        let chinese = ReportCapture.of(c.machine)?.document.language == .zh
        c.machine.write(chosen.map { chinese ? describeInChinese($0) : describe($0) }.joined(separator: "\n") + "\n")
        return .null
    },
]

private func describe(_ i: Indicator) -> String {
    let unit = i.unit.isEmpty ? "" : " (\(i.unit == "‰" ? "per mille, ‰" : "%"))"
    return "\(i.name) — \(i.chinese) / \(i.english)\(unit)\n  \(i.formula)\n"
        + "  numerator: \(i.numerator.rawValue)   denominator: \(i.denominator.rawValue)   empty when the denominator is 0"
}

private func describeInChinese(_ i: Indicator) -> String {
    let unit = i.unit.isEmpty ? "" : "（\(i.unit)）"
    return "\(i.chinese)\(unit)\n  \(chineseFormulas[i.name] ?? i.formula)\n"
        + "  分子：\(i.numerator.label(.zh))　分母：\(i.denominator.label(.zh))　分母为零时留空"
}

/// Each rate's formula as spec section 8 words it, in Chinese.
private let chineseFormulas: [String: String] = [
    "birth_rate": "出生数 ÷ 人口数 × 1000；出生数为育龄妇女信息系统中本期出生、母亲信息卡由本地管理的子女，人口数为居住在本地的登记人口",
    "death_rate": "死亡数 ÷ 人口数 × 1000；死亡数为本期死亡信息中居住地在本地的记录（同一记录编号只计一次）",
    "natural_growth_rate": "（出生数 − 死亡数）÷ 人口数 × 1000",
    "policy_birth_rate": "政策内出生数 ÷ 出生数 × 100",
    "sex_ratio_at_birth": "男婴数 ÷ 女婴数 × 100（每百名女婴对应的男婴数）",
    "third_plus_rate": "三孩及以上出生数 ÷ 出生数 × 100",
    "contraceptive_prevalence": "采取避孕措施的已婚育龄妇女数 ÷ 已婚育龄妇女数 × 100；已婚育龄妇女为期末年满15至49周岁、"
        + "已婚、居住在本地的登记女性，采取措施指其在用信息卡记有避孕措施",
    "info_coverage_rate": "已建在用信息卡的已婚育龄妇女数 ÷ 已婚育龄妇女数 × 100",
    "new_marriage_entry_rate": "新婚录入数 ÷ 新婚数 × 100；新婚数为本期妻子居住在本地的结婚、复婚登记，"
        + "录入指妻子的在用信息卡记有该结婚日期",
    "pregnancy_entry_rate": "孕情录入数 ÷ 出生数 × 100；孕情录入指孕情录入日期早于出生日期",
]
