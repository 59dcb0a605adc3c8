// Schema: the tables of the shared database and the indexes analysts filter and join
// on. Register, WIS and feed tables take their columns from the record layouts of the
// exchange files; the import bookkeeping (imports, quarantine, audit_log) is declared
// here. DDL is written through the dialect so a second backend reads the same catalog.

/// One column of a table definition.
public struct ColumnDefinition: Sendable {
    public let name: String
    public let type: ColumnType
    public let notNull: Bool
    /// `table(column)` this column refers to, enforced as a foreign key.
    public let references: String?

    public init(_ name: String, _ type: ColumnType, notNull: Bool = false, references: String? = nil) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.references = references
    }
}

/// A table: columns, primary key and unique keys.
public struct TableDefinition: Sendable {
    public let name: String
    public let columns: [ColumnDefinition]
    public let primaryKey: [String]
    public let uniqueKeys: [[String]]

    /// CREATE TABLE in `dialect`.
    public func createStatement(_ dialect: SQLDialect) -> String {
        var lines = columns.map { column -> String in
            var line = "\(dialect.quote(column.name)) \(dialect.typeName(column.type))"
            if column.notNull { line += " NOT NULL" }
            if let target = column.references { line += " REFERENCES \(target)" }
            return line
        }
        if let rowOrder = dialect.rowOrderDefinition { lines.append(rowOrder) }
        if !primaryKey.isEmpty { lines.append("PRIMARY KEY (\(dialect.quoteList(primaryKey)))") }
        for unique in uniqueKeys { lines.append("UNIQUE (\(dialect.quoteList(unique)))") }
        return "CREATE TABLE \(dialect.quote(name)) (\n  " + lines.joined(separator: ",\n  ") + "\n)"
    }
}

/// The catalog of tables and indexes.
public enum Schema {
    /// The register, WIS, feed and import tables (migration 1).
    public static var coreTables: [TableDefinition] {
        [imports] + RecordLayout.all.map(table(for:)) + [quarantine]
    }

    /// The definition of the table a file kind loads into.
    public static func table(for kind: FileKind) -> TableDefinition { table(for: kind.layout) }

    static func table(for layout: RecordLayout) -> TableDefinition {
        var columns: [ColumnDefinition] = []
        for field in layout.fields {
            let references = layout.kind == .wisChildren && field.name == "card_no" ? "wis_cards(card_no)" : nil
            columns.append(ColumnDefinition(field.name, columnType(field.type),
                                            notNull: field.required, references: references))
            if layout.isFeed, case .identity = field.type {
                columns.append(ColumnDefinition(field.name + "_raw", .text))
            }
        }
        columns.append(ColumnDefinition("batch_id", .integer, references: "imports(id)"))
        if layout.isFeed {
            columns += [ColumnDefinition("source_file", .text, notNull: true),
                        ColumnDefinition("source_line", .integer, notNull: true),
                        ColumnDefinition("raw", .text, notNull: true),
                        ColumnDefinition("notes", .text)]
        }
        // Feeds keep record_no UNIQUE (not the primary key) so SQLite's rowid stays the row order.
        let primary = layout.isFeed || layout.kind == .wisChildren ? [] : layout.key
        let unique = primary.isEmpty ? [layout.key] : []
        return TableDefinition(name: layout.table, columns: columns, primaryKey: primary, uniqueKeys: unique)
    }

    private static func columnType(_ type: FieldType) -> ColumnType {
        switch type {
        case .date: return .date
        case .integer: return .integer
        case .text, .identity, .area, .code: return .text
        }
    }

    /// One row per imported file (a batch).
    public static let imports = TableDefinition(name: "imports", columns: [
        ColumnDefinition("id", .serialKey),
        ColumnDefinition("file", .text, notNull: true),
        ColumnDefinition("size", .integer, notNull: true),
        ColumnDefinition("sha256", .text),
        ColumnDefinition("encoding", .text, notNull: true),
        ColumnDefinition("kind", .text, notNull: true),
        ColumnDefinition("read", .integer, notNull: true),
        ColumnDefinition("loaded", .integer, notNull: true),
        ColumnDefinition("updated", .integer, notNull: true),
        ColumnDefinition("duplicates", .integer, notNull: true),
        ColumnDefinition("quarantined", .integer, notNull: true),
        ColumnDefinition("started", .text, notNull: true),
        ColumnDefinition("finished", .text),
    ], primaryKey: [], uniqueKeys: [])

    /// Rows that could not be loaded, with where and why.
    public static let quarantine = TableDefinition(name: "quarantine", columns: [
        ColumnDefinition("batch_id", .integer, notNull: true, references: "imports(id)"),
        ColumnDefinition("file", .text, notNull: true),
        ColumnDefinition("line", .integer, notNull: true),
        ColumnDefinition("column", .integer),
        ColumnDefinition("column_name", .text),
        ColumnDefinition("reason", .text, notNull: true),
        ColumnDefinition("raw", .text, notNull: true),
    ], primaryKey: [], uniqueKeys: [])

    /// Every change to the register and WIS (migration 2).
    public static let auditLog = TableDefinition(name: "audit_log", columns: [
        ColumnDefinition("id", .serialKey),
        ColumnDefinition("batch_id", .integer, references: "imports(id)"),
        ColumnDefinition("at", .text, notNull: true),
        ColumnDefinition("action", .text, notNull: true),       // load, update
        ColumnDefinition("table_name", .text, notNull: true),
        ColumnDefinition("record_key", .text),                  // NULL for a whole-batch load
        ColumnDefinition("before", .text),                      // JSON of the changed columns
        ColumnDefinition("after", .text),
        ColumnDefinition("origin", .text, notNull: true),       // file and line that caused it
    ], primaryKey: [], uniqueKeys: [])

    /// The unique index that keys `persons` by person_id from migration 9 on, when the
    /// table stopped declaring it as its primary key (RegisterKey says why).
    static let registerKeyIndex = "idx_persons_person_id"

    /// (table, columns) pairs analysts filter and join on (migration 2).
    public static let indexes: [(table: String, columns: [String])] = [
        ("areas", ["parent"]), ("units", ["area"]),
        ("persons", ["spouse_id"]), ("persons", ["residence_area"]), ("persons", ["hukou_area"]),
        ("persons", ["unit_code"]), ("persons", ["birth_date"]), ("persons", ["name"]),
        ("wis_cards", ["woman_id"]), ("wis_cards", ["spouse_id"]), ("wis_cards", ["managing_area"]),
        ("wis_children", ["child_id"]), ("wis_children", ["birth_date"]),
        ("marriages", ["wife_id"]), ("marriages", ["husband_id"]), ("marriages", ["reg_date"]),
        ("births", ["mother_id"]), ("births", ["father_id"]), ("births", ["birth_date"]),
        ("births", ["residence_area"]),
        ("deaths", ["person_id"]), ("deaths", ["death_date"]), ("deaths", ["residence_area"]),
        ("abortions", ["woman_id"]), ("abortions", ["op_date"]),
        ("hukou_events", ["person_id"]), ("hukou_events", ["mother_id"]), ("hukou_events", ["event_date"]),
        ("quarantine", ["batch_id"]), ("audit_log", ["table_name", "record_key"]),
    ]

    /// CREATE INDEX for one entry of `indexes`.
    public static func createIndexStatement(table: String, columns: [String], _ dialect: SQLDialect) -> String {
        "CREATE INDEX \(dialect.quote(indexName(table: table, columns: columns))) "
            + "ON \(dialect.quote(table)) (\(dialect.quoteList(columns)))"
    }

    static func indexName(table: String, columns: [String]) -> String {
        "idx_\(table)_" + columns.joined(separator: "_")
    }
}
