// ImportBookkeeping: migration 11 of the import's own tables. A quarantined line is kept
// once, keyed like the data: by the file's content (its SHA-256) and the line, so
// importing a file again, after a crash or from two shells at once never doubles its
// quarantine. And `imports` counts a row that was another version of a record already
// held as `corrected`, apart from `loaded`, so the loaded rows of a table's batches add
// up to the rows it holds.

enum ImportBookkeeping {
    /// The name of the index that keeps one quarantine row per file line.
    static let quarantineKey = "quarantine_file_line"

    /// A bookkeeping table's definition as this migration leaves it, for the catalog of
    /// tables popsh shows (migration 1's definitions never change).
    static func migrated(_ table: TableDefinition) -> TableDefinition {
        switch table.name {
        case "imports":
            return TableDefinition(name: table.name, columns: table.columns.map { column in
                column.name == "updated" ? ColumnDefinition("corrected", column.type, notNull: column.notNull) : column
            }, primaryKey: table.primaryKey, uniqueKeys: table.uniqueKeys)
        case "quarantine":
            return TableDefinition(name: table.name, columns: table.columns + [ColumnDefinition("file_sha256", .text)],
                                   primaryKey: table.primaryKey, uniqueKeys: table.uniqueKeys)
        default:
            return table
        }
    }

    static func migrate(_ db: Database) throws {
        try db.execute("ALTER TABLE quarantine ADD COLUMN file_sha256 TEXT")
        try db.execute("UPDATE quarantine SET file_sha256 = (SELECT sha256 FROM imports WHERE imports.id = quarantine.batch_id)")
        // A line quarantined again by a later import of the same file becomes what that
        // import would count today: a duplicate of the first.
        try db.execute("CREATE INDEX quarantine_repeats ON quarantine (file_sha256, line)")
        let order = db.dialect.rowOrder
        let repeated = "EXISTS (SELECT 1 FROM quarantine o WHERE o.file_sha256 = q.file_sha256 AND o.line = q.line "
            + "AND o.\(order) < q.\(order))"
        try db.execute("UPDATE imports SET quarantined = quarantined - r.n, duplicates = duplicates + r.n "
                       + "FROM (SELECT batch_id, count(*) AS n FROM quarantine q WHERE \(repeated) GROUP BY batch_id) r "
                       + "WHERE imports.id = r.batch_id")
        try db.execute("DELETE FROM quarantine AS q WHERE \(repeated)")
        try db.execute("DROP INDEX quarantine_repeats")
        try db.execute("CREATE UNIQUE INDEX \(quarantineKey) ON quarantine (file_sha256, line)")
        try db.execute("ALTER TABLE imports RENAME COLUMN updated TO corrected")
        try db.execute("UPDATE imports SET loaded = loaded - corrected")
    }
}
