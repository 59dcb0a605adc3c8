// ScratchTable: results computed outside SQL (linked pairs, a mailed CSV file) stored in
// a temporary table of the connection, so they become table values like any other:
// filtered, sorted, joined and exported by plans. Temporary tables vanish when the
// connection closes; the shared database file never sees them.

public enum ScratchTable {
    /// Creates `prefix_N` (the next free N) with these columns and rows, and returns its plan.
    public static func create(_ database: Database, prefix: String, columns: [PlanColumn], rows: [[SQLValue]]) throws -> Plan {
        let q = database.dialect
        let taken = try database.query("SELECT name FROM sqlite_temp_master WHERE type = 'table'").compactMap { $0[0].text }
        var n = 1
        while taken.contains("\(prefix)_\(n)") { n += 1 }
        let table = "\(prefix)_\(n)"
        let definitions = columns.map { "\(q.quote($0.name)) \(typeName($0.kind))" }
        try database.transaction {
            try database.execute("CREATE TEMP TABLE \(q.quote(table)) (\(definitions.joined(separator: ", ")))")
            let insert = try database.prepare("INSERT INTO \(q.quote(table)) VALUES (\(q.placeholders(columns.count)))")
            for row in rows {
                try insert.bind(row)
                while try insert.step() {}
            }
        }
        return plan(table: table, name: prefix, columns: columns)
    }

    /// A plan over an existing table showing exactly `columns`.
    public static func plan(table: String, name: String, columns: [PlanColumn]) -> Plan {
        Plan(name: name, source: PlanSource(table: table, columns: columns.map { ($0, PlanExpr.column($0.name)) }))
    }

    private static func typeName(_ kind: ValueKind) -> String {
        switch kind {
        case .integer, .bool: return "INTEGER"
        case .real: return "REAL"
        case .text, .date: return "TEXT"
        case .unknown: return ""
        }
    }
}

extension CSVTable {
    /// The file's table as a plan: text columns, date columns as dates.
    public var plan: Plan {
        ScratchTable.plan(table: table, name: "csv", columns: columns.map { PlanColumn($0, dateColumns.contains($0) ? .date : .text) })
    }
}
