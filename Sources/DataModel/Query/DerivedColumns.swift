// DerivedColumns: the register's codes analysts group and filter by, stored beside each
// person (migration 3) instead of computed per query: the residence's county, township
// and community, the hukou's county and township, whether the hukou is in the city,
// and the seed's population type. Each is defined once, as SQL over the columns it comes
// from; the migration's backfill applies it to stored rows and the importer to the
// values it binds, in the INSERT or UPDATE that writes the row. (Migration 3 kept them
// with triggers; migration 5 drops those, which doubled the cost of every insert.)
// Indexes make the cohort queries read an index only.

/// One stored column computed from others of the same row.
struct DerivedColumn: Sendable {
    let column: String
    let type: ColumnType
    /// The SQL computing the column, given the SQL term for each source column: the
    /// column's own name for rows already stored, a numbered placeholder for bound values.
    /// A term may appear several times, so it must be a name or a placeholder.
    let expression: @Sendable (_ term: (String) -> String) -> String
}

public enum DerivedColumns {
    /// The city's prefix, a constant of this program (never input), written into the
    /// SQL text because DDL takes no bound parameters.
    private static let city = AreaCode.city.prefix

    /// Columns added to `persons`.
    static let persons: [DerivedColumn] = [
        DerivedColumn(column: "county", type: .text) { code($0("residence_area"), level: .county) },
        DerivedColumn(column: "township", type: .text) { code($0("residence_area"), level: .township) },
        DerivedColumn(column: "community", type: .text) { code($0("residence_area"), level: .community) },
        DerivedColumn(column: "hukou_county", type: .text) { code($0("hukou_area"), level: .county) },
        DerivedColumn(column: "hukou_township", type: .text) { code($0("hukou_area"), level: .township) },
        // 1 or 0 spelt out: PostgreSQL stores no comparison in an integer column.
        DerivedColumn(column: "local_hukou", type: .integer) {
            "(CASE WHEN substr(\($0("hukou_area")), 1, 4) = '\(city)' THEN 1 ELSE 0 END)"
        },
        DerivedColumn(column: "population_type", type: .text) { populationType(residence: $0("residence_area"),
                                                                               hukou: $0("hukou_area"),
                                                                               unit: $0("unit_code")) },
    ]

    /// The seed's three kinds of resident (社区人口, 单位人口, 流动人口); see docs/tables.md.
    /// Floating comes first: a migrant with an employer is still managed where she lives.
    /// People who do not live in the city are none of the three (NULL).
    private static func populationType(residence: String, hukou: String, unit: String) -> String {
        "CASE WHEN substr(\(residence), 1, 4) <> '\(city)' THEN NULL "
            + "WHEN substr(\(hukou), 1, 6) <> substr(\(residence), 1, 6) THEN 'floating' "
            + "WHEN coalesce(\(unit), '') <> '' THEN 'unit' ELSE 'community' END"
    }

    /// The 12-digit code of the area at `level` holding the code `term`; NULL when the
    /// code stops above that level.
    private static func code(_ term: String, level: AreaLevel) -> String {
        let n = level.prefixLength
        let zeros = String(repeating: "0", count: 12 - n)
        let segment = level == .county ? "substr(\(term), 5, 2) = '00'"
            : "substr(\(term), \(n - 2), 3) = '000'"
        let value = level == .community ? term : "substr(\(term), 1, \(n)) || '\(zeros)'"
        return "CASE WHEN \(segment) THEN NULL ELSE \(value) END"
    }

    /// The derived columns of `table` (none for most tables), each with its SQL over the
    /// terms `term` gives for the source columns.
    static func assignments(for table: String, term: (String) -> String) -> [(column: String, expression: String)] {
        guard table == "persons" else { return [] }
        return persons.map { (column: $0.column, expression: $0.expression(term)) }
    }

    /// Migration 3's triggers, by the names its dialect gave them.
    private static let triggers = ["persons_derive_insert", "persons_derive_update"]

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
    /// triggers and the indexes. A released step: later changes go in new steps.
    static func migrate(_ db: Database) throws {
        let d = db.dialect
        for column in persons {
            try db.execute("ALTER TABLE persons ADD COLUMN \(d.quote(column.column)) \(d.typeName(column.type))")
        }
        let assignments = assignments(for: "persons") { $0 }
        try db.execute("UPDATE persons SET " + assignments.map { "\(d.quote($0.column)) = \($0.expression)" }
            .joined(separator: ", "))
        for statement in d.derivedColumnTriggers(table: "persons", assignments: assignments,
                                                 watching: ["residence_area", "hukou_area", "unit_code"]) {
            try db.execute(statement)
        }
        for index in indexes {
            try db.execute("CREATE INDEX \(d.quote(index.name)) ON \(d.quote(index.table)) (\(d.quoteList(index.columns)))")
        }
    }

    /// Migration 5: drops migration 3's triggers; every writer of `persons` (the
    /// importer's INSERT and UPDATE) now computes the columns in its own statement.
    /// The stored values were kept right by the triggers until now, so none is recomputed.
    static func dropTriggers(_ db: Database) throws {
        for statement in db.dialect.droppingDerivedColumnTriggers(table: "persons", triggers: triggers) {
            try db.execute(statement)
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
