// ScratchTables: results computed outside SQL (linked pairs, a mailed CSV file) stored
// in temporary tables of the connection, so they become table values like any other:
// filtered, sorted, joined and exported by plans. Temporary tables vanish when the
// connection closes; the shared database file never sees them, and filling them takes
// no write lock on it (they work on a read-only database and beside a running import).
// A CSV file is read as the department files are (UTF-8 or GB18030, detected); every
// value is kept as text except a column whose values all read as dates, and a row with
// the wrong number of fields stops the load, naming the file and line.

/// Temporary tables of the connection, as plans.
public enum ScratchTable {
    /// Creates `prefix_N` (the next free N) with these columns and rows, and returns its plan.
    public static func create(_ database: Database, prefix: String, columns: [PlanColumn], rows: [[SQLValue]]) throws -> Plan {
        let q = database.dialect
        let taken = try database.engine.temporaryTables()
        var n = 1
        while taken.contains("\(prefix)_\(n)") { n += 1 }
        let table = "\(prefix)_\(n)"
        let definitions = columns.map { "\(q.quote($0.name)) \(typeName($0.kind))" }
        try database.transaction(.reading) {
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

/// A CSV file as a table of the database.
public struct CSVTable: Sendable {
    /// The temporary table's name.
    public let table: String
    public let columns: [String]
    /// Columns whose every non-empty value is a date (stored ISO, shown as dates).
    public let dateColumns: Set<String>
    public let rows: Int

    /// Loads `path` into a new temporary table `csv_N`.
    public static func load(_ path: String, into database: Database, encoding: TextEncoding? = nil) throws -> CSVTable {
        let source = try TextSource(path: path, encoding: encoding)
        let reader = CSVReader(source: source)
        guard try reader.next() else { throw FileError("\(path) is empty (a CSV file starts with its header line)") }
        let header = try columnNames(reader.fields, path: path)
        var rows: [[String]] = []
        while try reader.next() {
            if let (column, message) = reader.problem { throw FileError("\(path):\(reader.line):\(column): \(message)") }
            guard reader.fields.count == header.count else {
                throw FileError("\(path):\(reader.line): the row has \(reader.fields.count) fields but the header has "
                                + "\(header.count) (look for a stray or missing comma or quote)")
            }
            rows.append(reader.fields.map { $0.trimmed() })
        }
        let dateIndexes = Set(header.indices.filter { i in
            let values = rows.map { $0[i] }.filter { !$0.isEmpty }
            return !values.isEmpty && values.allSatisfy { CivilDate.parse($0) != nil }
        })
        let dates = Set(dateIndexes.map { header[$0] })
        let q = database.dialect
        let number = try database.engine.temporaryTables().filter { $0.hasPrefix("csv_") }.count + 1
        let table = "csv_\(number)"
        try database.transaction(.reading) {
            try database.execute("CREATE TEMP TABLE \(q.quote(table)) (\(header.map { q.quote($0) + " TEXT" }.joined(separator: ", ")))")
            let insert = try database.prepare("INSERT INTO \(q.quote(table)) VALUES (\(q.placeholders(header.count)))")
            for row in rows {
                // By position, not name: a file's text decides the names.
                try insert.bind(row.enumerated().map { i, value in
                    if value.isEmpty { return .null }
                    guard dateIndexes.contains(i), let day = CivilDate.parse(value) else { return .text(value) }
                    return .text(day.description)
                })
                while try insert.step() {}
            }
        }
        return CSVTable(table: table, columns: header, dateColumns: dates, rows: rows.count)
    }

    /// Header names trimmed; an empty or repeated name is refused with its position.
    private static func columnNames(_ fields: [String], path: String) throws -> [String] {
        var seen = Set<String>()
        return try fields.enumerated().map { i, field in
            let name = field.trimmed()
            guard !name.isEmpty else { throw FileError("\(path):1:\(i + 1): the header's column \(i + 1) has no name") }
            guard seen.insert(name).inserted else { throw FileError("\(path):1:\(i + 1): column \(name.quotedExcerpt) is named twice") }
            return name
        }
    }
}
