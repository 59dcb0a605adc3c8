// ReportLabels: the words a printed report uses in Chinese and English (headings of the
// header block, column names, area levels, yes/no) and how a cell is written: rates to
// two decimals, counts as integers, an empty cell for a missing value. The vocabulary
// itself is in ReportWords.swift; a column name it does not list prints as it is. A
// table value is read into a report table here, once, with its cells written this way.

import DataModel
import Interpreter

enum ReportLabels {
    /// The header block's words.
    static func word(_ key: String, _ language: ReportLanguage) -> String {
        let entry = words[key]!
        return language == .zh ? entry.zh : entry.en
    }

    private static let words: [String: (zh: String, en: String)] = [
        "colon": ("：", ": "), "source": ("数据来源", "Data source"), "database": ("数据库", "database"),
        "printed": ("打印日期", "Printed"), "page": ("第 %d 页", "page %d"),
        "rows": ("条", "rows"), "loaded": ("导入", "loaded"),
        "omitted": ("另有 %d 行未打印（请导出）", "%d more rows not printed (export the table)"),
        "continued": ("（续）", " (continued)"), "nothing": ("尚未导入任何文件", "no file has been imported"),
        "error": ("错误", "Error"), "chart": ("各地区%@", "%@ by area"),
        "target": ("目标 ≥%@", "target ≥%@"), "baseline": ("基线 %@", "baseline %@"),
        "below": ("▼ 低于目标", "▼ below target"), "belowText": ("* 低于目标", "* below target"),
    ]

    /// "3 个文件", "1 file", "3 files".
    static func files(_ n: Int, _ language: ReportLanguage) -> String {
        language == .zh ? "\(n) 个文件" : (n == 1 ? "1 file" : "\(n) files")
    }

    /// A target or baseline as written in a heading: no decimals for a whole number.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : TableDisplay.fixed(value, digits: 2)
    }

    /// The lines printed under a targeted rate's heading: its target and its baseline.
    static func targetLines(_ target: Target, _ language: ReportLanguage, unit: String = "") -> [String] {
        [word("target", language).replacingOccurrences(of: "%@", with: number(target.target) + unit)]
            + (target.baseline.map { [word("baseline", language).replacingOccurrences(of: "%@", with: number($0) + unit)] } ?? [])
    }

    /// The heading of column `name`.
    static func column(_ name: String, _ language: ReportLanguage) -> String {
        if let statistics = StatisticsColumn.named(name) { return statistics.label(language) }
        // with_names adds COLUMN_name after an area-code column.
        if name.hasSuffix("_name"), let base = columns[String(name.dropLast(5))] {
            return language == .zh ? base.zh + "名称" : base.en + " name"
        }
        guard let entry = columns[name] else { return name }
        return language == .zh ? entry.zh : entry.en
    }

    /// A cell value as words, where a value is a code the reader should not have to decode.
    static func value(_ text: String, column: String, _ language: ReportLanguage) -> String {
        if column == "finding" { return finding(text, language) }
        if let note = noteLine(text, column: column, language) { return note }
        guard language == .zh else { return text }
        if let word = codes[column]?[text] { return word }
        switch (column, text) {
        case ("level", "city"): return "市"
        case ("level", "county"): return "县区"
        case ("level", "township"): return "乡镇街道"
        case ("level", "community"): return "社区村"
        case ("separation", "local"): return "本地"
        case ("separation", "inflow"): return "流入"
        case ("separation", "outflow"): return "流出"
        case ("separation", "recent"): return "半年内分离"
        case ("separation", "outside"): return "市外"
        case (_, "true"): return "是"
        case (_, "false"): return "否"
        default: return text
        }
    }

    /// The words of a statistics table's note lines (ControlStatistics.unplacedRow and
    /// missingRow), whose `name` the table writes in Chinese.
    private static func noteLine(_ text: String, column: String, _ language: ReportLanguage) -> String? {
        switch (column, text) {
        case ("area", ControlStatistics.unplacedRow), ("level", ControlStatistics.unplacedRow):
            return language == .zh ? "未能定位" : "unplaced"
        case ("area", ControlStatistics.missingRow), ("level", ControlStatistics.missingRow):
            return language == .zh ? "缺报" : "missing"
        case ("name", "未能定位") where language == .en: return "records placed in no area"
        case ("name", _) where language == .en && text.hasPrefix("无记录: "):
            return "no records: " + text.dropFirst("无记录: ".count)
        default: return nil
        }
    }

    /// The printed text of a cell: nothing for null, reals to two decimals.
    static func cell(_ value: Value, column: String, _ language: ReportLanguage) -> String {
        switch value {
        case .null: return ""
        case .float(let f) where f.isFinite: return TableDisplay.fixed(f, digits: 2)
        case .bool(let b): return Self.value(b ? "true" : "false", column: column, language)
        case .string(let s): return Self.value(s, column: column, language)
        default: return value.text
        }
    }
}

extension ReportTable {
    /// Reads `table` (at most `rowLimit` rows; the rest are counted, not fetched).
    init(_ table: Table, language: ReportLanguage, _ machine: Machine, at location: SourceLocation) throws {
        let planColumns = table.columns
        // control_stats marks its total rows in a `total` column: printed as bold rows, not as a column.
        let totalIndex = planColumns.firstIndex { $0.name == "total" && $0.kind == .bool }
        let levelIndex = planColumns.firstIndex { $0.name == "level" }
        let shown = planColumns.indices.filter { $0 != totalIndex }
        let targets = StatisticsPeriods.targets(of: table.plan, columns: shown.map { planColumns[$0].name },
                                                in: try machine.database(at: location))
        let reportColumns = zip(shown, targets).map { i, target in
            let c = planColumns[i]
            let indicator = c.kind == .real ? Indicator.named(c.name) : nil
            // A table of persons names people, not areas.
            let persons = c.name == "name" && planColumns.contains { $0.name == "person_id" }
            return ReportColumn(name: c.name, label: persons ? ReportLabels.column("person_name", language)
                                    : ReportLabels.column(c.name, language),
                                isNumeric: c.kind == .integer || c.kind == .real, isDate: c.kind == .date,
                                indicator: indicator, target: indicator == nil ? nil : target)
        }
        var rows: [[String]] = [], rates: [[Double?]] = [], totals: [Bool] = [], notes: [Bool] = []
        var more = false
        let limit = ReportTable.rowLimit
        try table.adding(.take(limit + 1)).forEachRow(machine, at: location) { row in
            guard rows.count < limit else { more = true; return }
            rows.append(shown.map { ReportLabels.cell(row[$0], column: planColumns[$0].name, language) })
            rates.append(zip(shown, reportColumns).map { i, column in
                guard column.indicator != nil else { return nil }
                switch row[i] {
                case .float(let f): return f
                case .int(let n): return Double(n)
                default: return nil
                }
            })
            totals.append(totalIndex.map { row[$0].equals(.bool(true)) } ?? false)
            notes.append(levelIndex.map { row[$0].equals(.string(ControlStatistics.unplacedRow))
                || row[$0].equals(.string(ControlStatistics.missingRow)) } ?? false)
        }
        self.columns = reportColumns
        self.rows = rows
        self.rates = rates
        self.isTotal = totals
        self.isNote = notes
        self.omitted = more ? try table.count(machine, at: location) - rows.count : 0
    }
}
