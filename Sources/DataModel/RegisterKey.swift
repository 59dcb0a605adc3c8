// RegisterKey: migration 9. `persons` was keyed by `person_id TEXT PRIMARY KEY`, whose
// automatic index SQLite neither lets anyone drop nor fills in any order but the file's:
// identity numbers arrive in random order, and inserting 1.2 million of them into that
// index cost the importer about 2 s (docs/benchmarks.md, "Import"). The table is rebuilt
// as a rowid table whose person_id is kept unique by an index of its own, which the
// importer drops before a big file and builds sorted after it, like the other indexes.
// Rows keep their rowids and values; every index and trigger is created again as it was.

enum RegisterKey {
    /// SQLite's documented way to change a table's constraints: a new table, the rows
    /// copied, the old one dropped and the new one renamed, inside the migration's
    /// transaction. Nothing refers to `persons` by foreign key and no view reads it.
    static func migrate(_ db: Database) throws {
        let d = db.dialect
        if d.dropsConstraintsInPlace {
            // PostgreSQL drops the key's constraint where it stands; rows stay as they are.
            try db.execute("ALTER TABLE persons DROP CONSTRAINT persons_pkey")
            try db.execute("CREATE UNIQUE INDEX \(d.quote(Schema.registerKeyIndex)) ON persons (\(d.quote("person_id")))")
            return
        }
        let dependents = try db.query("SELECT sql FROM sqlite_master WHERE tbl_name = 'persons' "
                                      + "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name")
            .compactMap { $0[0].text }
        let current = Schema.table(for: .persons)
        let derived = DerivedColumns.persons.map { ColumnDefinition($0.column, $0.type) }
        let rebuilt = TableDefinition(name: "persons_rebuilt", columns: current.columns + derived,
                                      primaryKey: [], uniqueKeys: [])
        let columns = d.quoteList(["rowid"] + rebuilt.columns.map(\.name))
        try db.execute(rebuilt.createStatement(d))
        try db.execute("INSERT INTO persons_rebuilt (\(columns)) SELECT \(columns) FROM persons ORDER BY rowid")
        try db.execute("DROP TABLE persons")
        try db.execute("ALTER TABLE persons_rebuilt RENAME TO persons")
        try db.execute("CREATE UNIQUE INDEX \(d.quote(Schema.registerKeyIndex)) ON persons (\(d.quote("person_id")))")
        for statement in dependents { try db.execute(statement) }
    }
}
