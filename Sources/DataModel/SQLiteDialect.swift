// SQLiteDialect: SQLite's spelling of the dialect-specific parts (SQLite 3.24+ for
// ON CONFLICT ... DO NOTHING; the system library here is 3.40).

import Foundation

public struct SQLiteDialect: SQLDialect {
    public init() {}

    public var name: String { "sqlite" }

    /// Numbered (`?3`), so an expression that names a value twice binds it once.
    public func placeholder(_ index: Int) -> String { "?\(index)" }

    public func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public func typeName(_ type: ColumnType) -> String {
        switch type {
        case .text, .date: return "TEXT"
        case .integer: return "INTEGER"
        case .real: return "REAL"
        // INTEGER PRIMARY KEY is SQLite's alias for the rowid: assigned on insert, no extra index.
        case .serialKey: return "INTEGER PRIMARY KEY"
        }
    }

    public func insertIgnoringDuplicate(into table: String, columns: [String], conflictKey: [String]) -> String {
        // Not INSERT OR IGNORE: that would also swallow NOT NULL and foreign-key failures.
        "INSERT INTO \(quote(table)) (\(quoteList(columns))) VALUES (\(placeholders(columns.count))) "
            + "ON CONFLICT (\(quoteList(conflictKey))) DO NOTHING"
    }

    public func addingDays(_ date: String, _ days: String) -> String {
        "date(\(date), (\(days)) || ' days')"
    }

    public func addingMonths(_ date: String, _ months: String) -> String {
        // SQLite's '+N months' overflows into the next month (08-31 - 2 months = 07-01);
        // the spec clamps to the end of the shorter month, so compare the day and, when it
        // moved, step back to the last day of the intended month.
        let shifted = "date(\(date), (\(months)) || ' months')"
        return "CASE WHEN strftime('%d', \(shifted)) = strftime('%d', \(date)) THEN \(shifted) "
            + "ELSE date(\(shifted), 'start of month', '-1 day') END"
    }

    public func explainQueryPlan(_ sql: String) -> String { "EXPLAIN QUERY PLAN " + sql }

    public var currentTimestamp: String { "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')" }
}
