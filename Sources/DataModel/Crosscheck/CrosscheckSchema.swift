// CrosscheckSchema: the tables the cross-check and the actions on its findings keep
// (migration 4): each run with its findings, so a findings table can be filtered,
// shown, exported and applied later; each apply batch, with the audit_log entries of
// its changes pointing back to it so `undo` can reverse exactly that batch.

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

    static func migrate(_ db: Database) throws {
        for table in [runs, findings, applyBatches] { try db.execute(table.createStatement(db.dialect)) }
        try db.execute(Schema.createIndexStatement(table: "crosscheck_findings", columns: ["run_id", "finding"], db.dialect))
        try db.execute("ALTER TABLE audit_log ADD COLUMN apply_batch INTEGER REFERENCES apply_batches(id)")
        try db.execute(Schema.createIndexStatement(table: "audit_log", columns: ["apply_batch"], db.dialect))
    }
}
