// ReportLabels: the words a printed report uses in Chinese and English (headings of the
// header block, column names, area levels, yes/no) and how a cell is written: rates to
// two decimals, counts as integers, an empty cell for a missing value. Column names not
// listed here print as they are. A table value is read into a report table here, once,
// with its cells written this way.

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
        "files": ("文件", "files"), "rows": ("条", "rows"), "loaded": ("导入", "loaded"),
        "omitted": ("另有 %d 行未打印（请导出）", "%d more rows not printed (export the table)"),
        "continued": ("（续）", " (continued)"), "nothing": ("尚未导入任何文件", "no file has been imported"),
        "error": ("错误", "Error"), "chart": ("各地区%@", "%@ by area"),
    ]

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

    private static let columns: [String: (zh: String, en: String)] = [
        "area": ("地区代码", "area code"), "name": ("名称", "name"), "level": ("级别", "level"),
        "total": ("合计行", "total row"), "n": ("人数", "count"), "separation": ("人户分离", "separation"),
        "within_city": ("市内分离", "within city"), "county": ("县区", "county"), "township": ("乡镇街道", "township"),
        "community": ("社区村", "community"), "kind": ("类别", "kind"), "feed": ("数据", "feed"),
        "finding": ("核查结果", "finding"), "person_id": ("身份证号", "identity number"),
        "husband_name": ("丈夫", "husband"), "wife_name": ("妻子", "wife"), "wife_age": ("妻子年龄", "wife's age"),
        "husband_hukou": ("丈夫户籍地", "husband's hukou"), "wife_hukou": ("妻子户籍地", "wife's hukou"),
        "wife_card": ("妻子卡号", "wife's card"), "evidence": ("依据", "evidence"), "age": ("年龄", "age"),
        "hukou_area": ("户籍地", "hukou area"), "residence_area": ("居住地", "residence area"),
        "residence_since": ("居住起始", "living there since"), "recent": ("半年内", "recent"),
        "unit_name": ("单位", "work unit"), "sex": ("性别", "sex"), "wife_has_card": ("妻子有卡", "wife has a card"),
    ]

    /// A cell value as words, where a value is a code the reader should not have to decode.
    static func value(_ text: String, column: String, _ language: ReportLanguage) -> String {
        guard language == .zh else { return text }
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
        let shown = planColumns.indices.filter { $0 != totalIndex }
        let reportColumns = shown.map { i in
            let c = planColumns[i]
            return ReportColumn(name: c.name, label: ReportLabels.column(c.name, language),
                                isNumeric: c.kind == .integer || c.kind == .real,
                                indicator: c.kind == .real ? Indicator.named(c.name) : nil)
        }
        var rows: [[String]] = [], rates: [[Double?]] = [], totals: [Bool] = []
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
        }
        self.columns = reportColumns
        self.rows = rows
        self.rates = rates
        self.isTotal = totals
        self.omitted = more ? try table.count(machine, at: location) - rows.count : 0
    }
}
