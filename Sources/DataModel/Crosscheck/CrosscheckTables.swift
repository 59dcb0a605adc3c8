// CrosscheckTables: the tables the cross-check and the actions on its findings keep
// (migration 4): each run with its findings, so a findings table can be filtered,
// shown, exported and applied later; each apply batch, with the audit_log entries of
// its changes pointing back to it so `undo` can reverse exactly that batch. Also a
// run's findings as a plan, and a findings row read back as a finding to act on.

enum CrosscheckSchema {
    static let runs = TableDefinition(name: "crosscheck_runs", columns: [
        ColumnDefinition("id", .serialKey),
        ColumnDefinition("at", .text, notNull: true),
        ColumnDefinition("scope", .text, notNull: true),        // all, a month, or a feed's chosen records
        ColumnDefinition("records", .integer, notNull: true),
        ColumnDefinition("findings", .integer, notNull: true),  // rows with a non-empty finding
        ColumnDefinition("threshold", .real, notNull: true),
        ColumnDefinition("margin", .real, notNull: true),
    ], primaryKey: [], uniqueKeys: [])

    static let findings = TableDefinition(name: "crosscheck_findings", columns: [
        ColumnDefinition("run_id", .integer, notNull: true, references: "crosscheck_runs(id)"),
        ColumnDefinition("feed", .text, notNull: true),
        ColumnDefinition("record_no", .text, notNull: true),
        ColumnDefinition("person_id", .text),
        ColumnDefinition("card_no", .text),
        ColumnDefinition("match", .text, notNull: true),
        ColumnDefinition("score", .real),                       // match weight in bits, when linked by evidence
        ColumnDefinition("finding", .text, notNull: true),      // '' for a record consistent with WIS
        ColumnDefinition("detail", .text, notNull: true),
        ColumnDefinition("source", .text, notNull: true),       // file:line the record was loaded from
    ], primaryKey: [], uniqueKeys: [])

    static let applyBatches = TableDefinition(name: "apply_batches", columns: [
        ColumnDefinition("id", .serialKey),
        ColumnDefinition("at", .text, notNull: true),
        ColumnDefinition("action", .text, notNull: true),       // new_card, add_child, ..., or undo
        ColumnDefinition("origin", .text, notNull: true),       // the script and line that asked
        ColumnDefinition("changes", .integer, notNull: true),
        ColumnDefinition("undoes", .integer, references: "apply_batches(id)"),
        ColumnDefinition("undone_by", .integer, references: "apply_batches(id)"),
    ], primaryKey: [], uniqueKeys: [])

    /// Migration 13: each finding's sentence in Chinese beside the English one (empty in
    /// rows of earlier runs, which then show the English).
    static func addChineseDetail(_ db: Database) throws {
        try db.execute("ALTER TABLE crosscheck_findings ADD COLUMN detail_zh TEXT")
    }

    static func migrate(_ db: Database) throws {
        for table in [runs, findings, applyBatches] { try db.execute(table.createStatement(db.dialect)) }
        try db.execute(Schema.createIndexStatement(table: "crosscheck_findings", columns: ["run_id", "finding"], db.dialect))
        try db.execute("ALTER TABLE audit_log ADD COLUMN apply_batch INTEGER REFERENCES apply_batches(id)")
        try db.execute(Schema.createIndexStatement(table: "audit_log", columns: ["apply_batch"], db.dialect))
    }

    /// Migration 12: a finding's person_id is the person concerned (for a newborn, the
    /// mother), so the child's number moves to child_id; a run keeps the day ages are
    /// counted on; women gone from the register are looked for among WIS cards by name
    /// and birth date, through indexes.
    static func migratePersonConcerned(_ db: Database) throws {
        try db.execute("ALTER TABLE crosscheck_findings ADD COLUMN child_id TEXT")
        try db.execute("ALTER TABLE crosscheck_runs ADD COLUMN as_of TEXT")
        for columns in [["birth_date"], ["name"]] {
            try db.execute(Schema.createIndexStatement(table: "wis_cards", columns: columns, db.dialect))
        }
    }
}

/// A cross-check run's findings as a table value, and its rows read back as findings.
public enum FindingsTable {
    /// The columns a findings table shows, in order.
    public static let columns: [PlanColumn] = [
        PlanColumn("feed", .text), PlanColumn("record_no", .text), PlanColumn("person_id", .text),
        PlanColumn("child_id", .text), PlanColumn("card_no", .text), PlanColumn("match", .text), PlanColumn("score", .real),
        PlanColumn("finding", .text), PlanColumn("detail", .text), PlanColumn("source", .text),
    ]

    /// The findings of run `id`, in the order they were found, with each `detail` in `language`.
    public static func plan(run id: Int64, language: ReportLanguage = .en) -> Plan {
        let all = [PlanColumn("run_id", .integer)] + columns
        let source = PlanSource(table: "crosscheck_findings", columns: all.map { column in
            guard column.name == "detail", language == .zh else { return (column, PlanExpr.column(column.name)) }
            return (column, .function(.coalesce, [.column("detail_zh"), .column("detail")]))
        })
        return Plan(name: "findings", source: source)
            .adding(.filter(.binary(.equal, .column("run_id"), .value(.integer(id), .integer))))
            .adding(.select(columns.map { (name: $0.name, value: PlanExpr.column($0.name)) }))
    }

    /// The latest run's id, nil when nothing was cross-checked yet.
    public static func latestRun(_ database: Database) throws -> Int64? {
        try database.scalar("SELECT max(id) FROM crosscheck_runs").integer
    }

    /// A findings row (by column name) as a finding to act on; nil names the missing column.
    public static func reference(_ row: [String: SQLValue]) -> Result<FindingReference, ApplyError> {
        for column in ["feed", "record_no", "finding"] where row[column] == nil {
            return .failure(ApplyError("a findings table needs the column \(column) (keep feed, record_no, person_id, "
                                       + "card_no and finding when selecting)"))
        }
        guard let feedName = row["feed"]?.text, let feed = CrosscheckFeed(rawValue: feedName) else {
            return .failure(ApplyError("\"\(row["feed"]?.text ?? "")\" is not a feed (one of "
                                       + CrosscheckFeed.allCases.map(\.rawValue).joined(separator: ", ") + ")"))
        }
        return .success(FindingReference(feed: feed, recordNo: row["record_no"]?.text ?? "", personID: row["person_id"]?.text,
                                         cardNo: row["card_no"]?.text, finding: row["finding"]?.text ?? ""))
    }
}
