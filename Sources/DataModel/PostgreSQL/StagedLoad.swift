// StagedLoad: a file's load on PostgreSQL. The checked rows stream through COPY into a
// staging table; the rows new to the table (first of their key in the file, key not
// held, a child's card present) then go in with one INSERT in file order, so they take
// the row order they would on SQLite. What is left (a key the table holds, a key the file
// repeats, a child without its card) goes through TableLoader one row at a time, as on
// SQLite, so every count, correction, quarantine line and audit row comes out the same.
// A first load into an empty table (its key's index dropped, as on SQLite) skips the
// staging table: COPY writes the table itself, and a key the file repeats, or any other
// rule the rows break, fails the COPY, which the importer answers by loading the file
// again staged, as SQLite answers a repeated key by loading again row by row.

final class StagedLoad {
    private let database: Database
    private let engine: PostgresEngine
    private let layout: RecordLayout
    private let loader: TableLoader
    private let batchID: Int64
    private let file: String
    private let stream: CopyStream
    /// The table's own columns the file fills, then the register's derived codes.
    private let stored: [String]
    /// True when COPY writes the table itself (a first load).
    let direct: Bool
    /// Computes a register row's derived codes for the rows that go one at a time.
    private let codes: RegisterCodeSources?

    static let staging = "popsh_staging"
    static let fresh = "popsh_fresh"

    init(database: Database, engine: PostgresEngine, layout: RecordLayout, loader: TableLoader,
         batchID: Int64, file: String, direct: Bool) throws {
        let d = database.dialect
        self.database = database
        self.engine = engine
        self.layout = layout
        self.loader = loader
        self.batchID = batchID
        self.file = file
        stored = layout.valueColumns + (layout.kind == .persons ? RegisterCodes.columns : [])
        self.direct = direct
        codes = RegisterCodeSources(layout: layout)
        if direct {
            // Emptied in this transaction, the table takes its rows frozen: COPY sets its
            // visibility map as it writes, so index-only scans read no table page from the
            // first question on, instead of once autovacuum has passed over the whole table.
            // Checked again here, under the lock DROP INDEX took: only an empty table is
            // truncated, and only one no other table's key refers to.
            let frozen = try engine.mayTruncate(layout.table)
            if frozen { try database.execute("TRUNCATE \(d.quote(layout.table))") }
            stream = try CopyStream(engine.connection, into: layout.table, columns: stored + layout.provenanceColumns,
                                    frozen: frozen)
            return
        }
        for table in [Self.staging, Self.fresh] { try database.execute("DROP TABLE IF EXISTS pg_temp.\(d.quote(table))") }
        // The staging table takes the target's column types, so values read back are the ones bound.
        try database.execute("CREATE TEMP TABLE \(d.quote(Self.staging)) ON COMMIT DROP AS SELECT \(d.quoteList(stored)) "
                             + "FROM \(d.quote(layout.table)) WITH NO DATA")
        try database.execute("ALTER TABLE \(d.quote(Self.staging)) ADD COLUMN popsh_line BIGINT, "
                             + "ADD COLUMN popsh_raw TEXT, ADD COLUMN popsh_notes TEXT")
        stream = try CopyStream(engine.connection, into: Self.staging, columns: stored + ["popsh_line", "popsh_raw", "popsh_notes"])
    }

    /// Sends one checked row, with its derived codes (CheckedRow.derived), to the server.
    func stage(_ values: [SQLValue], derived: [SQLValue], notes: [String], line: Int, raw: String) throws {
        let noted: SQLValue = notes.isEmpty ? .null : .text(notes.joined(separator: "; "))
        let trailer: [SQLValue] = !direct ? [.integer(Int64(line)), .text(raw), noted]
            : layout.isFeed ? [.integer(batchID), .text(file), .integer(Int64(line)), .text(raw), noted] : [.integer(batchID)]
        do {
            try stream.append(values + derived + trailer)
        } catch let error as PostgresError {
            throw engine.failure(error)
        }
    }

    /// Ends the COPY without keeping its rows (the load failed or was interrupted).
    func abandon(because reason: String) { stream.abandon(because: reason) }

    /// Loads what was staged: returns the rows inserted at once; `each` is given the
    /// outcome of every row that went one at a time, or the reason the table refused it.
    func finish(_ each: (_ line: Int, _ raw: String, Result<TableLoader.Outcome, RowProblem>) throws -> Void) throws -> Int {
        let copied: Int
        do { copied = try stream.finish() } catch let error as PostgresError { throw engine.failure(error) }
        let d = database.dialect
        if direct {
            try database.execute("ANALYZE \(d.quote(layout.table))")
            return copied
        }
        let staging = d.quote(Self.staging), fresh = d.quote(Self.fresh), table = d.quote(layout.table)
        // A temporary table has no statistics until asked; the plans below need them.
        try database.execute("ANALYZE \(staging)")
        let keys = d.quoteList(layout.key)
        let held = layout.key.map { "t.\(d.quote($0)) = s.\(d.quote($0))" }.joined(separator: " AND ")
        let cardKnown = layout.kind == .wisChildren
            ? " AND EXISTS (SELECT 1 FROM wis_cards c WHERE c.card_no = s.card_no)" : ""
        try database.execute("CREATE TEMP TABLE \(fresh) ON COMMIT DROP AS SELECT s.popsh_line FROM "
                             + "(SELECT *, row_number() OVER (PARTITION BY \(keys) ORDER BY popsh_line) AS popsh_nth "
                             + "FROM \(staging)) s WHERE s.popsh_nth = 1 "
                             + "AND NOT EXISTS (SELECT 1 FROM \(table) t WHERE \(held))\(cardKnown)")
        let provenance = layout.isFeed ? ["?1", "?2", "s.popsh_line", "s.popsh_raw", "s.popsh_notes"] : ["?1"]
        let parameters: [SQLValue] = layout.isFeed ? [.integer(batchID), .text(file)] : [.integer(batchID)]
        try database.execute("INSERT INTO \(table) (\(d.quoteList(stored + layout.provenanceColumns))) "
                             + "SELECT \(stored.map { "s." + d.quote($0) }.joined(separator: ", ")), "
                             + provenance.joined(separator: ", ")
                             + " FROM \(staging) s JOIN \(fresh) f ON f.popsh_line = s.popsh_line ORDER BY s.popsh_line",
                             parameters)
        let inserted = database.changes
        let width = layout.valueColumns.count
        let rest = try database.query("SELECT \(d.quoteList(layout.valueColumns)), popsh_line, popsh_raw, popsh_notes "
                                      + "FROM \(staging) s WHERE NOT EXISTS "
                                      + "(SELECT 1 FROM \(fresh) f WHERE f.popsh_line = s.popsh_line) ORDER BY popsh_line")
        for row in rest {
            let line = Int(row[width].integer ?? 0), raw = row[width + 1].text ?? ""
            let notes = row[width + 2].text.map { [$0] } ?? []
            let values = Array(row[0..<width]), derived = codes?.codes(of: values) ?? []
            do {
                // A refused row ends PostgreSQL's transaction unless it had a savepoint of its own.
                let outcome = layout.kind == .wisChildren
                    ? try database.transaction { try loader.load(values, derived: derived, notes: notes, line: line, raw: raw) }
                    : try loader.load(values, derived: derived, notes: notes, line: line, raw: raw)
                try each(line, raw, .success(outcome))
            } catch let problem as RowProblem {
                try each(line, raw, .failure(problem))
            }
        }
        return inserted
    }
}
