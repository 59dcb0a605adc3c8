// ReportOverview: the first page a leader reads (一、总体情况), every figure on it
// computed: the area's targeted rates against their targets and baselines, how many and
// which areas below it fall short of each (the furthest behind first), the largest
// shortfalls of all, and the latest cross-check's work (findings by kind, new cards due,
// records no one could be tied to). `overview(...)` gives paragraphs and list items, in
// the report's language, for `report(...)` to print.

import DataModel
import Foundation
import Interpreter

/// One area's shortfall on one targeted rate.
private struct Shortfall {
    let area: String
    let target: Target
    let indicator: Indicator
    let rate: Double
    var gap: Double { target.target - rate }
}

enum ReportOverview {
    /// Areas named in one item before "and N more".
    static let namesShown = 12
    /// Shortfalls named in the "largest shortfalls" sentence.
    static let largest = 5

    static func sections(_ db: Database, period: StatisticsPeriod, by level: AreaLevel, in scope: AreaCode,
                         _ lang: ReportLanguage) throws -> [String] {
        let rows = try ControlStatistics.table(db, period: period, by: level, in: scope)
        let targets = try Targets.inForce(db, year: period.end.year)
        guard let whole = rows.first(where: { $0.area == scope }) else { return [] }
        let areas = rows.filter { !$0.isTotal }
        let zh = lang == .zh
        let place = whole.name.isEmpty ? scope.full : whole.name
        var out: [String] = []
        guard !targets.isEmpty else {
            return [zh ? "目标表中没有考核目标（可用 set_target 设定）。" : "The targets table holds no target (set_target sets one)."]
        }
        let rates = targets.compactMap { target in Indicator.named(target.indicator).map { (target, $0) } }
        let verdicts = rates.map { target, indicator -> String in
            let bounds = ReportLabels.targetLines(target, lang, unit: indicator.unit).joined(separator: zh ? "，" : ", ")
            guard let rate = whole.rate(indicator) else {
                return zh ? "\(indicator.chinese)无数可计（\(bounds)）" : "\(indicator.english): nothing to compute (\(bounds))"
            }
            let met = !target.isMissed(by: rate)
            return zh ? "\(indicator.chinese) \(percent(rate))（\(bounds)），\(met ? "达到目标" : "低于目标")"
                : "\(indicator.english) \(percent(rate)) (\(bounds)), \(met ? "meets the target" : "below target")"
        }
        out.append(zh ? "\(period.start) 至 \(period.end)，\(place)考核指标：" + verdicts.joined(separator: "；") + "。"
                      : "\(period.start) to \(period.end), \(place): " + verdicts.joined(separator: "; ") + ".")
        var all: [Shortfall] = []
        for (target, indicator) in rates {
            let counted = areas.filter { $0.rate(indicator) != nil }
            let behind = counted.compactMap { row -> Shortfall? in
                guard let rate = row.rate(indicator), target.isMissed(by: rate) else { return nil }
                return Shortfall(area: row.name.isEmpty ? row.area.full : row.name, target: target, indicator: indicator, rate: rate)
            }.sorted { $0.gap > $1.gap }
            all += behind
            out.append("- " + item(indicator, behind: behind, counted: counted.count, of: areas.count, level: level, lang))
        }
        let worst = all.sorted { $0.gap > $1.gap }.prefix(largest)
        if !worst.isEmpty {
            let named = worst.map { s in
                zh ? "\(s.area)\(s.indicator.chinese) \(percent(s.rate))（差 \(TableDisplay.fixed(s.gap, digits: 2)) 个百分点）"
                    : "\(s.area), \(s.indicator.english) \(percent(s.rate)) (\(TableDisplay.fixed(s.gap, digits: 2)) points short)"
            }
            out.append(zh ? "差距最大的：" + named.joined(separator: "；") + "。" : "Largest shortfalls: " + named.joined(separator: "; ") + ".")
        }
        out.append(try crosscheckWork(db, lang))
        return out
    }

    /// "信息覆盖率：34 个乡镇街道中 19 个低于目标：界水乡 72.73、……" or "all meet it".
    private static func item(_ indicator: Indicator, behind: [Shortfall], counted: Int, of total: Int,
                             level: AreaLevel, _ lang: ReportLanguage) -> String {
        let zh = lang == .zh
        let unit = zh ? ReportLabels.value(level.rawValue, column: "level", .zh) : level.rawValue
        let empty = total - counted
        let emptyNote = empty == 0 ? "" : (zh ? "（另有 \(empty) 个无数可计）" : " (\(empty) more with nothing to compute)")
        guard !behind.isEmpty else {
            return zh ? "\(indicator.chinese)：\(counted) 个\(unit)均达到目标\(emptyNote)。"
                : "\(indicator.english): all \(counted) areas meet the target\(emptyNote)."
        }
        var names = behind.prefix(namesShown).map { "\($0.area) \(TableDisplay.fixed($0.rate, digits: 2))" }
        if behind.count > namesShown {
            names[names.count - 1] += zh ? " 等（另有 \(behind.count - namesShown) 个）" : " and \(behind.count - namesShown) more"
        }
        return zh ? "\(indicator.chinese)：\(counted) 个\(unit)中 \(behind.count) 个低于目标\(emptyNote)：" + names.joined(separator: "、") + "。"
            : "\(indicator.english): \(behind.count) of \(counted) areas below target\(emptyNote): " + names.joined(separator: ", ") + "."
    }

    private static func percent(_ rate: Double) -> String { TableDisplay.fixed(rate, digits: 2) + "%" }
}

extension ReportOverview {
    /// The latest cross-check run: records checked, findings by kind, new cards due
    /// (`no_card`, `mother_no_card`) and the records tied to no one (`match` `none`).
    static func crosscheckWork(_ db: Database, _ lang: ReportLanguage) throws -> String {
        let zh = lang == .zh
        guard let run = try FindingsTable.latestRun(db) else {
            return zh ? "交叉核查：本库尚无核查结果。" : "Cross-check: no run in this database yet."
        }
        let about = try db.query("SELECT substr(at, 1, 10), scope, records FROM crosscheck_runs WHERE id = ?1", [.integer(run)])
        let kinds = try db.query("""
            SELECT finding, COUNT(*) FROM crosscheck_findings WHERE run_id = ?1 AND finding <> ?2
            GROUP BY finding ORDER BY COUNT(*) DESC, finding
            """, [.integer(run), .text("")])
        let unplaced = try db.scalar("""
            SELECT COUNT(*) FROM (SELECT DISTINCT feed, record_no FROM crosscheck_findings WHERE run_id = ?1 AND match = ?2) AS unplaced
            """, [.integer(run), .text(MatchKind.none.rawValue)]).integer ?? 0
        let day = about.first?[0].text ?? "", scope = about.first?[1].text ?? "", records = about.first?[2].integer ?? 0
        let counts = kinds.map { (code: $0[0].text ?? "", n: $0[1].integer ?? 0) }
        let found = counts.reduce(0) { $0 + $1.n }
        let due = counts.filter { $0.code == "no_card" || $0.code == "mother_no_card" }.reduce(0) { $0 + $1.n }
        let byKind = counts.map { "\(ReportLabels.finding($0.code, lang)) \($0.n)" }
        let scopeText = scope == "all" ? (zh ? "全部记录" : "all records") : scope
        if zh {
            return "交叉核查（最近一次 \(day)，范围 \(scopeText)）：核查记录 \(records) 条，发现问题 \(found) 条"
                + (byKind.isEmpty ? "" : "，其中" + byKind.joined(separator: "、"))
                + "；需新建信息卡 \(due) 张；无法确定本人的记录 \(unplaced) 条。"
        }
        return "Cross-check (latest run \(day), \(scopeText)): \(records) records checked, \(found) findings"
            + (byKind.isEmpty ? "" : " (" + byKind.joined(separator: ", ") + ")")
            + "; \(due) new cards due; \(unplaced) records tied to no one."
    }
}

let overviewBuiltins: [Builtin] = [
    Builtin("overview(year = null, by = \"township\", in = null, period = null)",
            doc: "The first page of a report (总体情况): the targeted rates against their targets, the areas below "
                + "each, the largest shortfalls and the latest cross-check's work, as sections for report(...).",
            example: "len(overview(year: 2025)) > 3", result: "true") { c in
        let period = try ControlStatsArguments.period(c, year: 0, period: 3)
        let level = try StatisticsArguments.level(c, 1, allowed: [.county, .township, .community])
        let lang = ReportCapture.of(c.machine)?.document.language ?? .zh
        let sections = try StatisticsArguments.guarding(c) { db in
            let scope = c[2].isNull ? AreaCode.city : try AreaDirectory(db).resolve(try ControlStatsArguments.area(c, 2))
            return try ReportOverview.sections(db, period: period, by: level, in: scope, lang)
        }
        return .list(sections.map { .string($0) })
    },
]
