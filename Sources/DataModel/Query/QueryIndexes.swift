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

    /// Migration 10's indexes for linking by evidence (RegisterBlocks): a birthday's people
    /// filtered by a character of the name, and a name's bearers by birth year or day,
    /// inside the index, so only the few candidates that pass are read from the table.
    /// On the 1.2-million city the fuzzy share of a year's cross-check fell from 0.52 s to
    /// 0.29 s, and its cost per damaged record from 1.9 to 1.5 times that on a city of
    /// 120,000. Each replaces the single-column index it starts with.
    static let linkage: [(name: String, table: String, columns: [String], replaces: String)] = [
        ("idx_persons_birth_date_name", "persons", ["birth_date", "name"], "idx_persons_birth_date"),
        ("idx_persons_name_birth_date", "persons", ["name", "birth_date"], "idx_persons_name"),
    ]

    /// Migration 18's indexes for linking by evidence (RegisterBlocks): the register
    /// persons one damaged record may be, found by index probes instead of walks. Without
    /// them a birthday's people were walked for a name close by its last two characters,
    /// and a name's bearers for one born on the record's month and day in another year:
    /// both grow with the city, so each record's share did too (at 12 million persons
    /// those two walks were 7-8 s of a year's 35-s cross-check). The expressions are the
    /// ones RegisterBlocks' statement names, which is how both engines pick the index.
    static let linkageProbes: [(name: String, table: String, expressions: String)] = [
        ("idx_persons_birth_date_given_name", "persons", "birth_date, substr(name, 2)"),
        ("idx_persons_name_birth_day", "persons", "name, substr(birth_date, 6)"),
    ]

    /// Migration 18.
    static func addLinkageProbes(_ db: Database) throws {
        let d = db.dialect
        for index in linkageProbes {
            try db.execute("CREATE INDEX \(d.quote(index.name)) ON \(d.quote(index.table)) (\(index.expressions))")
        }
    }

    /// An index that slows the queries it serves: the city has two counties, so
    /// `county = ?` matches half the register, and reading it through the index cost a
    /// random row read each (0.43 s against 0.14 s for a scan of the table on the
    /// 1.2-million city). `count by county` reads the cohort index instead.
    static let unselective = ["idx_persons_county"]

    /// Every index a migration has dropped.
    static var dropped: [String] { redundant + linkage.map(\.replaces) + unselective }

    /// Migration 10.
    static func reshapeForLinkage(_ db: Database) throws {
        let d = db.dialect
        for index in linkage {
            try db.execute("DROP INDEX IF EXISTS \(d.quote(index.replaces))")
            try db.execute("CREATE INDEX \(d.quote(index.name)) ON \(d.quote(index.table)) (\(d.quoteList(index.columns)))")
        }
        for name in unselective { try db.execute("DROP INDEX IF EXISTS \(d.quote(name))") }
    }

    /// Migration 15: the register's collective hukou (a person in a hundred and fifty),
    /// for `pocket_households`, which otherwise reads every row of the register: 0.37 s
    /// against sqlite3's 0.13 s over its narrow plain table on the 1.2-million city. Partial,
    /// so it holds those persons alone: its build on that city took 0.1 s of processor
    /// time, one pass over the table. The condition is this program's constant: SQLite
    /// uses a partial index only for a query naming the same constant.
    static let collectiveHukou = (name: "idx_persons_collective_hukou", kind: "collective")

    static func addCollectiveHukou(_ db: Database) throws {
        let d = db.dialect
        try db.execute("CREATE INDEX \(d.quote(collectiveHukou.name)) ON persons (hukou_kind) "
                       + "WHERE hukou_kind = '\(collectiveHukou.kind)'")
    }
}
