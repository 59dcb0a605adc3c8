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
            return try ControlStatistics.plan(db, period: period, by: level, in: scope)
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
        c.machine.write(chosen.map(describe).joined(separator: "\n") + "\n")
        return .null
    },
]

private func describe(_ i: Indicator) -> String {
    let unit = i.unit.isEmpty ? "" : " (\(i.unit == "‰" ? "per mille, ‰" : "%"))"
    return "\(i.name) — \(i.chinese) / \(i.english)\(unit)\n  \(i.formula)\n"
        + "  numerator: \(i.numerator.rawValue)   denominator: \(i.denominator.rawValue)   empty when the denominator is 0"
}
