// DerivedColumns: the register's codes analysts group and filter by, stored beside each
// person (migration 3) instead of computed per query: the residence's county, township
// and community, the hukou's county and township, whether the hukou is in the city,
// and the seed's population type. Triggers keep them right on every insert and on
// every change of the columns they come from; indexes make the cohort queries read an
// index only.

public enum DerivedColumns {
    /// The city's prefix, a constant of this program (never input), written into the
    /// DDL because triggers and DDL take no bound parameters.
    private static let city = AreaCode.city.prefix

    /// Columns added to `persons`, with their SQL over the row's own columns.
    static let persons: [(column: String, type: ColumnType, expression: String)] = [
        ("county", .text, code("residence_area", level: .county)),
        ("township", .text, code("residence_area", level: .township)),
        ("community", .text, code("residence_area", level: .community)),
        ("hukou_county", .text, code("hukou_area", level: .county)),
        ("hukou_township", .text, code("hukou_area", level: .township)),
        ("local_hukou", .integer, "(substr(hukou_area, 1, 4) = '\(city)')"),
        ("population_type", .text, populationType),
    ]

    /// The seed's three kinds of resident (社区人口, 单位人口, 流动人口); see docs/tables.md.
    /// Floating comes first: a migrant with an employer is still managed where she lives.
    /// People who do not live in the city are none of the three (NULL).
    static let populationType = "CASE WHEN substr(residence_area, 1, 4) <> '\(city)' THEN NULL "
        + "WHEN substr(hukou_area, 1, 6) <> substr(residence_area, 1, 6) THEN 'floating' "
        + "WHEN coalesce(unit_code, '') <> '' THEN 'unit' ELSE 'community' END"

    /// Columns whose change recomputes the derived ones.
    static let sources = ["residence_area", "hukou_area", "unit_code"]

    /// The 12-digit code of the area at `level` holding `column`'s code; NULL when the
    /// code stops above that level.
    private static func code(_ column: String, level: AreaLevel) -> String {
        let n = level.prefixLength
        let zeros = String(repeating: "0", count: 12 - n)
        let segment = level == .county ? "substr(\(column), 5, 2) = '00'"
            : "substr(\(column), \(n - 2), 3) = '000'"
        let value = level == .community ? column : "substr(\(column), 1, \(n)) || '\(zeros)'"
        return "CASE WHEN \(segment) THEN NULL ELSE \(value) END"
    }

    /// Indexes for the cohort queries. The cohort index holds every column the standard
    /// cohort tables read, so `mwcba(...) | count by township` never touches the table.
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("idx_persons_cohort", "persons",
         ["sex", "marital", "birth_date", "county", "township", "population_type", "local_hukou", "person_id"]),
        ("idx_persons_township", "persons", ["township"]),
        ("idx_persons_county", "persons", ["county"]),
        ("idx_persons_hukou_township", "persons", ["hukou_township"]),
        ("idx_wis_cards_woman_status", "wis_cards", ["woman_id", "status", "contraception"]),
    ]

    /// Migration 3: adds the columns, fills them for rows already loaded, installs the
    /// triggers and the indexes.
    static func migrate(_ db: Database) throws {
        let d = db.dialect
        for column in persons {
            try db.execute("ALTER TABLE persons ADD COLUMN \(d.quote(column.column)) \(d.typeName(column.type))")
        }
        let assignments = persons.map { (column: $0.column, expression: $0.expression) }
        try db.execute("UPDATE persons SET " + assignments.map { "\(d.quote($0.column)) = \($0.expression)" }
            .joined(separator: ", "))
        for statement in d.derivedColumnTriggers(table: "persons", assignments: assignments, watching: sources) {
            try db.execute(statement)
        }
        for index in indexes {
            try db.execute("CREATE INDEX \(d.quote(index.name)) ON \(d.quote(index.table)) (\(d.quoteList(index.columns)))")
        }
    }

    /// The stored column that answers "is `column` inside the area with this prefix"
    /// by equality, when there is one.
    static func areaShortcut(table: String, column: String, prefixLength: Int) -> String? {
        guard table == "persons" else { return nil }
        switch (column, prefixLength) {
        case ("residence_area", 6): return "county"
        case ("residence_area", 9): return "township"
        case ("residence_area", 12): return "community"
        case ("hukou_area", 6): return "hukou_county"
        case ("hukou_area", 9): return "hukou_township"
        default: return nil
        }
    }
}
