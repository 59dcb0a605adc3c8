// TemporaryTable: a result table made by the statistics (households, control statistics)
// for one call. It lives as long as the connection, so a lazy table value built on it
// stays valid for the rest of the session, and later verbs on it are ordinary SQL.

/// A temporary table made for one result; it lives as long as the connection, so a
/// lazy table built on it stays valid for the rest of the session.
struct TemporaryTable {
    let name: String
    let columns: [ColumnDefinition]

    /// Creates `prefix_N` with the first N not yet taken on this connection.
    static func create(in db: Database, prefix: String, columns: [ColumnDefinition],
                       key: [String]) throws -> TemporaryTable {
        let taken = Set(try db.query("SELECT name FROM temp.sqlite_master WHERE type = 'table'").compactMap { $0[0].text })
        var n = 1
        while taken.contains("\(prefix)_\(n)") { n += 1 }
        let table = TableDefinition(name: "\(prefix)_\(n)", columns: columns, primaryKey: key, uniqueKeys: [])
        let create = table.createStatement(db.dialect)
        precondition(create.hasPrefix("CREATE TABLE "), "a table definition starts with CREATE TABLE")
        try db.execute("CREATE TEMP TABLE " + create.dropFirst("CREATE TABLE ".count))
        return TemporaryTable(name: table.name, columns: columns)
    }

    /// A plan that reads the whole table, with each column's kind as popsh shows it.
    func plan(name: String, kinds: [String: ValueKind] = [:]) -> Plan {
        Plan(name: name, source: PlanSource(table: self.name, columns: columns.map { column in
            let kind = kinds[column.name] ?? TemporaryTable.kind(of: column)
            return (PlanColumn(column.name, kind), .column(column.name))
        }))
    }

    private static func kind(of column: ColumnDefinition) -> ValueKind {
        switch column.type {
        case .text: return .text
        case .integer, .serialKey: return .integer
        case .real: return .real
        case .date: return .date
        }
    }
}
