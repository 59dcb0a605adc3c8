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
        "target": ("目标 ≥%@", "target ≥%@"), "baseline": ("基线 %@", "baseline %@"),
        "below": ("▼ 低于目标", "▼ below target"), "belowText": ("* 低于目标", "* below target"),
    ]

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

    /// The finding codes of spec section 6 by the names the centre's clerks use.
    static let findings: [String: (zh: String, en: String)] = [
        "ambiguous": ("多人相符", "several persons fit"), "not_local": ("非本市人员", "not local"),
        "no_card": ("未建卡", "no card"), "status_stale": ("婚姻状况未更新", "marital status stale"),
        "spouse_mismatch": ("配偶不符", "spouse differs"), "mother_no_card": ("母亲未建卡", "mother has no card"),
        "birth_not_recorded": ("出生未登记", "birth not recorded"),
        "pregnancy_not_recorded": ("孕情未录入", "pregnancy not entered"),
        "pregnancy_still_open": ("孕情未结束", "pregnancy still open"),
        "card_active_after_death": ("死亡未注销", "card active after death"),
        "card_not_transferred": ("迁出未转卡", "card not transferred"),
    ]

    /// The finding's name in the language (the code itself when it is not one of section 6's).
    static func finding(_ code: String, _ language: ReportLanguage) -> String {
        guard let entry = findings[code] else { return code }
        return language == .zh ? entry.zh : entry.en
    }

    /// Coded values of other columns, in Chinese.
    private static let codes: [String: [String: String]] = [
        "feed": ["marriage": "婚姻登记", "birth": "出生", "death": "死亡", "abortion": "流引产", "hukou": "户籍"],
        "kind": ["marriage": "婚姻登记", "birth": "出生", "death": "死亡", "abortion": "流引产", "hukou": "户籍",
                 "areas": "区划", "units": "单位", "persons": "人口登记", "wis_cards": "育龄妇女信息卡",
                 "wis_children": "信息卡子女"],
        "match": ["exact": "身份证号相符", "normalized": "证号修正后相符", "fuzzy": "按姓名等比对", "none": "未找到"],
        "sex": ["M": "男", "F": "女"],
        "status": ["active": "在用", "moved_out": "已迁出", "deceased": "已死亡", "aged_out": "超龄"],
        "marital": ["single": "未婚", "married": "已婚", "divorced": "离婚", "widowed": "丧偶"],
        "contraception": ["iud": "上环", "sterilization": "结扎", "implant": "皮埋", "injection": "针剂",
                          "pill": "口服药", "condom": "避孕套", "other": "其他", "none": "未避孕"],
        "hukou_kind": ["family": "家庭户", "collective": "集体户"],
        "relation": ["lives_here_hukou_here": "居住户籍均在本地", "lives_here_hukou_elsewhere": "居住本地户籍外地",
                     "hukou_here_lives_elsewhere": "户籍本地居住外地", "lives_elsewhere_hukou_elsewhere": "居住户籍均在外地"],
    ]

    /// A cell value as words, where a value is a code the reader should not have to decode.
    static func value(_ text: String, column: String, _ language: ReportLanguage) -> String {
        guard language == .zh else { return text }
        if column == "finding" { return finding(text, .zh) }
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
        let targets = StatisticsPeriods.targets(of: table.plan, columns: shown.map { planColumns[$0].name },
                                                in: try machine.database(at: location))
        let reportColumns = zip(shown, targets).map { i, target in
            let c = planColumns[i]
            let indicator = c.kind == .real ? Indicator.named(c.name) : nil
            return ReportColumn(name: c.name, label: ReportLabels.column(c.name, language),
                                isNumeric: c.kind == .integer || c.kind == .real,
                                indicator: indicator, target: indicator == nil ? nil : target)
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
