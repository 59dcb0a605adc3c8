// TableLoader: writes the checked rows of one file into its table with statements
// prepared once per file. A key already present is a duplicate when the content is the
// same. Other content is another version of the record, and one version wins: for the
// register and WIS the later row (of the file, or the later file); for a feed record the
// later export by `reported` (what a department means by a correction), the later row
// when neither is later by that date, and never a row without a date over one with it.
// The version that lost goes to audit_log (`before`), beside the one kept (`after`).
// The register's derived codes (RegisterCodes), computed from the row's values by the
// reading thread, are bound with them, so no other statement touches the row.

import Foundation

final class TableLoader {
    enum Outcome { case loaded, corrected, duplicate }

    private let database: Database
    private let layout: RecordLayout
    private let batchID: Int64
    private let file: String
    private let columns: [String]
    private let keyPositions: [Int]
    /// Position of a feed's `reported` among the values: it orders versions and is not
    /// part of a record's content (a record exported again unchanged is a duplicate).
    private let reported: Int?
    private let insert: Statement
    private let existing: Statement
    private let update: Statement
    private let audit: Statement

    /// `keyIndexed` is false while the key's index is deferred (Importer.deferIndexes):
    /// every row is then inserted and the index's build finds a repeated key.
    init(database: Database, layout: RecordLayout, batchID: Int64, file: String, keyIndexed: Bool) throws {
        let dialect = database.dialect
        let table = dialect.quote(layout.table)
        self.database = database
        self.layout = layout
        self.batchID = batchID
        self.file = file
        let columns = layout.valueColumns
        self.columns = columns
        keyPositions = layout.key.map { key in layout.valueColumns.firstIndex(of: key)! }
        let keyCondition = layout.key.enumerated()
            .map { "\(dialect.quote($1)) = \(dialect.placeholder($0 + 1))" }.joined(separator: " AND ")
        // One row write, where migration 3's trigger followed each insert with an UPDATE.
        let derived = layout.kind == .persons ? RegisterCodes.columns : []
        reported = layout.isFeed ? columns.firstIndex(of: "reported") : nil
        let inserted = columns + layout.provenanceColumns + derived
        // ON CONFLICT ... DO NOTHING, not INSERT OR IGNORE: that would also swallow NOT NULL
        // and foreign-key failures. SQLite and PostgreSQL spell it alike.
        insert = try database.prepare("INSERT INTO \(table) (\(dialect.quoteList(inserted))) "
                                      + "VALUES (\(dialect.placeholders(inserted.count)))"
                                      + (keyIndexed ? " ON CONFLICT (\(dialect.quoteList(layout.key))) DO NOTHING" : ""))
        existing = try database.prepare("SELECT \(dialect.quoteList(columns)) FROM \(table) WHERE \(keyCondition)")
        let assigned = columns + layout.provenanceColumns + derived
        let assignments = assigned.enumerated().map { "\(dialect.quote($1)) = \(dialect.placeholder($0 + 1))" }
        let keyAfterAssignments = layout.key.enumerated()
            .map { "\(dialect.quote($1)) = \(dialect.placeholder(assigned.count + 1 + $0))" }.joined(separator: " AND ")
        update = try database.prepare("UPDATE \(table) SET \(assignments.joined(separator: ", ")) "
                                      + "WHERE \(keyAfterAssignments)")
        audit = try database.prepare(
            "INSERT INTO audit_log (batch_id, at, action, table_name, record_key, before, after, origin, db_user) "
                + "VALUES (\(dialect.placeholder(1)), \(dialect.currentTimestamp), \(dialect.placeholders(6, startingAt: 2)), "
                + "\(dialect.currentUser))")
    }

    /// Loads one row; throws a RowProblem when the database refuses it (a child whose
    /// card is not loaded). `derived` holds the register's codes of the row
    /// (RegisterCodeSources), empty for other tables; `raw` is the row as written, which
    /// feeds store.
    func load(_ values: [SQLValue], derived: [SQLValue], notes: [String], line: Int, raw: String) throws -> Outcome {
        insert.reset()
        for (i, value) in values.enumerated() { try insert.bind(value, at: Int32(i + 1)) }
        var next = Int32(values.count + 1)
        try insert.bind(.integer(batchID), at: next)
        next += 1
        if layout.isFeed {
            try insert.bind(.text(file), at: next)
            try insert.bind(.integer(Int64(line)), at: next + 1)
            try insert.bind(.text(raw), at: next + 2)
            try insert.bind(notes.isEmpty ? .null : .text(notes.joined(separator: "; ")), at: next + 3)
            next += 4
        }
        for value in derived {
            try insert.bind(value, at: next)
            next += 1
        }
        do {
            while try insert.step() {}
        } catch let error as DatabaseError where error.isForeignKey && layout.kind == .wisChildren {
            let position = layout.fields.firstIndex { $0.name == "card_no" }!
            throw RowProblem(column: nil, columnName: nil, message: "card_no \((values[position].text ?? "").quotedExcerpt) "
                             + "is not in wis_cards (load wis_cards.csv before wis_children.csv)")
        }
        if database.changes == 1 { return .loaded }
        return try reconcile(values, derived: derived, notes: notes, line: line, raw: raw)
    }

    /// Settles a row whose key the table holds: a duplicate, or a correction one way or
    /// the other, recorded in audit_log.
    private func reconcile(_ values: [SQLValue], derived: [SQLValue], notes: [String], line: Int,
                           raw: String) throws -> Outcome {
        let key = keyPositions.map { values[$0] }
        existing.reset()
        try existing.bind(key)
        guard try existing.step() else {
            throw DatabaseError(message: "\(layout.table): row with key \(key) vanished during import")
        }
        let held = existing.row()
        existing.reset()
        let content = columns.indices.filter { $0 != reported }
        guard content.contains(where: { held[$0] != values[$0] }) else { return .duplicate }
        let arrivingWins = reported.map { isLaterExport(values[$0], than: held[$0]) } ?? true
        if arrivingWins {
            let notesValue: SQLValue = notes.isEmpty ? .null : .text(notes.joined(separator: "; "))
            let provenance: [SQLValue] = layout.isFeed
                ? [.integer(batchID), .text(file), .integer(Int64(line)), .text(raw), notesValue]
                : [.integer(batchID)]
            try update.bind(values + provenance + derived + key)
            while try update.step() {}
        }
        let (lost, kept) = arrivingWins ? (held, values) : (values, held)
        let changed = columns.indices.filter { held[$0] != values[$0] }
        try audit.bind([.integer(batchID), .text(arrivingWins ? (layout.isFeed ? "correct" : "update") : "superseded"),
                        .text(layout.table), .text(key.map(\.displayText).joined(separator: "/")),
                        .text(ChangeJSON.encode(Dictionary(uniqueKeysWithValues: changed.map { (columns[$0], lost[$0]) }))),
                        .text(ChangeJSON.encode(Dictionary(uniqueKeysWithValues: changed.map { (columns[$0], kept[$0]) }))),
                        .text("\(file):\(line)")])
        while try audit.step() {}
        return .corrected
    }

    /// Whether an arriving export date makes its row the later version: a later day, or
    /// the same day (or neither dated: the later row then wins); an undated row never
    /// displaces a dated one. Dates are stored as ISO text, which orders as the days do.
    private func isLaterExport(_ arriving: SQLValue, than held: SQLValue) -> Bool {
        switch (arriving.text, held.text) {
        case (let a?, let h?): return a >= h
        case (nil, .some): return false
        case (_, nil): return true
        }
    }

    /// Records the batch's new rows as one audit entry: each row carries the batch_id.
    func auditLoad(rows: Int) throws {
        guard layout.isAudited, rows > 0 else { return }
        try audit.bind([.integer(batchID), .text("load"), .text(layout.table), .null, .null,
                        .text(ChangeJSON.encode(["rows": .integer(Int64(rows))])), .text(file)])
        while try audit.step() {}
    }
}

extension SQLValue {
    /// The value as plain text, for keys in messages and the audit log.
    var displayText: String {
        switch self {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        }
    }
}
