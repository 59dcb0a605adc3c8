// ReportSettings: what the official statistical form prints in its header and footer
// (表号, 制表机关, 批准文号, 填报单位, 单位负责人, 填表人), kept in a small `report_settings`
// table (migration 13) so a centre sets them once, not in every script. A setting left
// empty prints as a blank line to be filled in by hand.

public enum ReportSettings {
    static let table = TableDefinition(name: "report_settings", columns: [
        ColumnDefinition("key", .text, notNull: true),
        ColumnDefinition("value", .text, notNull: true),
    ], primaryKey: ["key"], uniqueKeys: [])

    /// The settings, in the order the form prints them, with their defaults.
    public static let defaults: [(key: String, value: String)] = [
        ("form_no", "计生统1表"),
        ("office", "新余市卫生健康委员会"),
        ("approval", ""),
        ("unit", "新余市人口和计划生育信息中心"),
        ("head", ""),
        ("compiler", ""),
    ]

    static func migrate(_ db: Database) throws {
        try db.execute(table.createStatement(db.dialect))
        for setting in defaults { try set(setting.key, to: setting.value, in: db) }
    }

    /// Sets one setting; a key the form does not print is refused with the ones it does.
    public static func set(_ key: String, to value: String, in db: Database) throws {
        guard defaults.contains(where: { $0.key == key }) else {
            throw StatisticsError("the form has no setting \"\(key)\"; one of "
                                  + defaults.map(\.key).joined(separator: ", "))
        }
        let d = db.dialect
        try db.execute("DELETE FROM \(d.quote(table.name)) WHERE \(d.quote("key")) = \(d.placeholder(1))", [.text(key)])
        try db.execute("INSERT INTO \(d.quote(table.name)) (\(d.quoteList(["key", "value"]))) VALUES (\(d.placeholders(2)))",
                       [.text(key), .text(value)])
    }

    /// Every setting, the default standing in for one the table lacks.
    public static func all(_ db: Database) throws -> [String: String] {
        var values = Dictionary(uniqueKeysWithValues: defaults.map { ($0.key, $0.value) })
        let d = db.dialect
        for row in try db.query("SELECT \(d.quoteList(["key", "value"])) FROM \(d.quote(table.name))") {
            if let key = row[0].text, let value = row[1].text { values[key] = value }
        }
        return values
    }
}
