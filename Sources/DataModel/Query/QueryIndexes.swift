// QueryIndexes: migration 7, the indexes that let the standard whole-city questions read
// an index and no table row, in the order their results come out, so SQLite neither
// reads the 300-byte register rows nor sorts for GROUP BY (docs/benchmarks.md, "Tables
// and cohorts", has the measurements that chose them).

enum QueryIndexes {
    /// Each index and the question it serves.
    static let indexes: [(name: String, table: String, columns: [String])] = [
        // `separation(people, ...)`: the class reads these three columns of every person;
        // this index is a fifth of the table's size.
        ("idx_persons_separation", "persons", ["residence_area", "hukou_area", "residence_since"]),
        // Cohorts counted by township (`mwcba(...) | count by township`): the scan runs in
        // township order, so groups close as it goes, with no sort of the whole cohort.
        ("idx_persons_cohort_by_township", "persons", ["sex", "marital", "township", "birth_date", "person_id"]),
        // Information coverage (a cohort left-joined to active cards): the card number is
        // in the index, so the join never reads a card row.
        ("idx_wis_cards_woman_status_card", "wis_cards", ["woman_id", "status", "card_no"]),
    ]

    static func migrate(_ db: Database) throws {
        let d = db.dialect
        for index in indexes {
            try db.execute("CREATE INDEX \(d.quote(index.name)) ON \(d.quote(index.table)) (\(d.quoteList(index.columns)))")
        }
    }

    /// Indexes another one makes redundant: `idx_persons_separation` leads with
    /// `residence_area`, so it answers every lookup the single-column index did, and one
    /// fewer index is one fewer to build on each load of the register.
    static let redundant = ["idx_persons_residence_area"]

    /// Migration 8.
    static func dropRedundant(_ db: Database) throws {
        for name in redundant { try db.execute("DROP INDEX IF EXISTS \(db.dialect.quote(name))") }
    }
}
