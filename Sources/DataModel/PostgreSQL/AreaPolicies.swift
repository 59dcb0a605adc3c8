// AreaPolicies: the server's row-level security on persons, cards and feed records
// (migration 16). A clerk's area is the 12-digit-code prefix `popsh_user_areas` holds
// for the login (`session_user`, which a client cannot choose); a row is the clerk's when
// one of its area columns starts with that prefix, written as a range of codes so the
// server reads the area's rows through the area columns' indexes. The server applies the policies to
// every statement, popsh's or psql's alike, so the rule lives here and nowhere in popsh.
// Analysts read every row; the tables' owner (`popsh_admin`) is not filtered at all.

enum AreaPolicies {
    /// The clerk's prefix: one sub-select the server evaluates once per statement (an
    /// uncorrelated InitPlan), not once per row. NULL for a login with no area, which then
    /// sees no row.
    static let prefix = "(SELECT a.area_prefix FROM popsh_user_areas a WHERE a.role = session_user)"

    /// `column LIKE prefix || '%'` as the range it is for codes of digits: from the prefix
    /// up to the prefix followed by ':', the character after '9' (the columns compare
    /// bytes, COLLATE "C"). Unlike LIKE with a pattern known only when the statement runs,
    /// a range is an index scan: a township clerk's count of the 300,000-person city took
    /// 13 ms this way and 38 ms with LIKE (docs/postgresql.md).
    private static func within(_ columns: [String]) -> String {
        "(" + columns.map { "(\($0) >= \(prefix) AND \($0) < \(prefix) || ':')" }.joined(separator: " OR ") + ")"
    }

    /// Which rows of each table are a clerk's. Persons belong both where they live and
    /// where their hukou is (a separated person concerns both townships); a card belongs
    /// to its managing area; a feed record to any area it names; a child to its card's
    /// area; an abortion record, which names no area, to its woman's; a finding to its
    /// feed record's, its person's or its card's area.
    static let rules: [(table: String, rule: String)] = [
        ("persons", within(["residence_area", "hukou_area"])),
        ("wis_cards", within(["managing_area"])),
        ("wis_children", "EXISTS (SELECT 1 FROM wis_cards c WHERE c.card_no = wis_children.card_no)"),
        ("marriages", within(["wife_hukou", "husband_hukou", "office_area"])),
        ("births", within(["residence_area"])),
        ("deaths", within(["residence_area"])),
        ("abortions", "(EXISTS (SELECT 1 FROM persons p WHERE p.person_id = abortions.woman_id) "
            + "OR EXISTS (SELECT 1 FROM wis_cards c WHERE c.woman_id = abortions.woman_id))"),
        ("hukou_events", within(["from_area", "to_area"])),
        ("crosscheck_findings", findingRule),
    ]

    private static var findingRule: String {
        let records = CrosscheckFeed.allCases.map { feed in
            "WHEN '\(feed.rawValue)' THEN EXISTS (SELECT 1 FROM \(feed.table) r WHERE r.record_no = crosscheck_findings.record_no)"
        }.joined(separator: " ")
        return "(CASE crosscheck_findings.feed \(records) ELSE false END "
            + "OR EXISTS (SELECT 1 FROM persons p WHERE p.person_id = crosscheck_findings.person_id) "
            + "OR EXISTS (SELECT 1 FROM wis_cards c WHERE c.card_no = crosscheck_findings.card_no))"
    }

    static func create(_ db: Database) throws {
        for (table, rule) in rules {
            try db.execute("ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY")
            try db.execute("CREATE POLICY popsh_analyst_reads ON \(table) FOR SELECT TO popsh_analyst USING (true)")
            // USING hides and protects the other areas' rows; WITH CHECK refuses a row
            // written into (or moved to) another area with an error, not silently.
            try db.execute("CREATE POLICY popsh_clerk_area ON \(table) TO popsh_clerk USING (\(rule)) "
                           + "WITH CHECK (\(rule))")
        }
        // A clerk's own audit rows only: the others' hold other areas' cards before and after.
        try db.execute("ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY")
        try db.execute("CREATE POLICY popsh_analyst_reads ON audit_log FOR SELECT TO popsh_analyst USING (true)")
        try db.execute("CREATE POLICY popsh_clerk_own ON audit_log TO popsh_clerk USING (db_user = session_user) "
                       + "WITH CHECK (db_user = session_user)")
        try db.execute("ALTER TABLE \(ServerRoles.userAreas) ENABLE ROW LEVEL SECURITY")
        try db.execute("CREATE POLICY popsh_analyst_reads ON \(ServerRoles.userAreas) FOR SELECT TO popsh_analyst USING (true)")
        try db.execute("CREATE POLICY popsh_clerk_own ON \(ServerRoles.userAreas) FOR SELECT TO popsh_clerk "
                       + "USING (role = session_user)")
    }
}
