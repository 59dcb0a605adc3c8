// SQLiteDialect: SQLite's spelling of the dialect-specific parts (SQLite 3.24+ for
// ON CONFLICT ... DO NOTHING; the system library here is 3.40).

import Foundation

public struct SQLiteDialect: SQLDialect {
    public init() {}

    public var name: String { "sqlite" }

    /// Numbered (`?3`), so an expression that names a value twice binds it once.
    public func placeholder(_ index: Int) -> String { "?\(index)" }

    public func typeName(_ type: ColumnType) -> String {
        switch type {
        case .text, .date: return "TEXT"
        case .integer: return "INTEGER"
        case .real: return "REAL"
        // INTEGER PRIMARY KEY is SQLite's alias for the rowid: assigned on insert, no extra index.
        case .serialKey: return "INTEGER PRIMARY KEY"
        }
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

    public var currentUser: String { "popsh_user()" }

    public func function(_ function: ScalarFunction, _ a: [String]) -> String? {
        switch (function, a.count) {
        // Dates are ISO text, so their parts are fixed substrings.
        case (.year, 1): return "CAST(substr(\(a[0]), 1, 4) AS INTEGER)"
        case (.month, 1): return "CAST(substr(\(a[0]), 6, 2) AS INTEGER)"
        case (.day, 1): return "CAST(substr(\(a[0]), 9, 2) AS INTEGER)"
        case (.upper, 1): return "upper(\(a[0]))"
        case (.lower, 1): return "lower(\(a[0]))"
        case (.length, 1): return "length(\(a[0]))"
        // popsh counts characters from 0, SQL from 1.
        case (.substr, 2): return "substr(\(a[0]), (\(a[1])) + 1)"
        case (.substr, 3): return "substr(\(a[0]), (\(a[1])) + 1, \(a[2]))"
        case (.trim, 1): return "trim(\(a[0]), ' \u{3000}')"
        case (.replace, 3): return "replace(\(a[0]), \(a[1]), \(a[2]))"
        case (.startsWith, 2): return "(substr(\(a[0]), 1, length(\(a[1]))) = \(a[1]))"
        case (.endsWith, 2):
            return "(length(\(a[1])) = 0 OR substr(\(a[0]), -length(\(a[1]))) = \(a[1]))"
        case (.contains, 2): return "(instr(\(a[0]), \(a[1])) > 0)"
        case (.abs, 1): return "abs(\(a[0]))"
        case (.round, 1): return "CAST(round(\(a[0])) AS INTEGER)"
        case (.round, 2): return "round(\(a[0]), \(a[1]))"
        case (.least, 2...): return "min(" + a.joined(separator: ", ") + ")"
        case (.greatest, 2...): return "max(" + a.joined(separator: ", ") + ")"
        case (.coalesce, 2...): return "coalesce(" + a.joined(separator: ", ") + ")"
        case (.idValid, 1): return identityCheck(a[0])
        case (.addDays, 2): return addingDays(a[0], a[1])
        default: return nil
        }
    }

    /// GB 11643 in SQL: 18 characters, 17 digits, a real birth date from 1900 to today and
    /// the MOD 11-2 check character, exactly as written (the same rule as `IdentityNumber.isValid`).
    private func identityCheck(_ x: String) -> String {
        let weighted = IdentityNumber.weights.enumerated()
            .map { "CAST(substr(\(x), \($0.offset + 1), 1) AS INTEGER) * \($0.element)" }
            .joined(separator: " + ")
        let birth = "substr(\(x), 7, 4) || '-' || substr(\(x), 11, 2) || '-' || substr(\(x), 13, 2)"
        // coalesce: a missing number is not valid (false, as in popsh), not unknown.
        return "coalesce(length(\(x)) = 18 AND substr(\(x), 1, 17) NOT GLOB '*[^0-9]*' "
            + "AND coalesce(date(\(birth)) = (\(birth)), 0) "
            + "AND (\(birth)) >= '1900-01-01' AND (\(birth)) <= date('now', 'localtime') "
            + "AND substr('10X98765432', ((\(weighted)) % 11) + 1, 1) = substr(\(x), 18, 1), 0)"
    }

    public func age(birth: String, on: String) -> String {
        // Completed years: the year difference, less one while the birthday (MM-DD) is ahead.
        "(CAST(substr(\(on), 1, 4) AS INTEGER) - CAST(substr(\(birth), 1, 4) AS INTEGER) "
            + "- (substr(\(on), 6, 5) < substr(\(birth), 6, 5)))"
    }

    public func divide(_ a: String, _ b: String) -> String {
        "(CAST(\(a) AS REAL) / \(b))"
    }

    /// SQLite flattens a sub-query into an aggregate around it unless it has a LIMIT;
    /// a negative one means no limit.
    public var subqueryFence: String { "LIMIT -1" }

    public var orderedJoin: String { "CROSS JOIN" }

    public var withoutIndex: String { "+" }

    public func derivedColumnTriggers(table: String, assignments: [(column: String, expression: String)],
                                      watching: [String]) -> [String] {
        let set = assignments.map { "\(quote($0.column)) = \($0.expression)" }.joined(separator: ", ")
        let update = "UPDATE \(quote(table)) SET \(set) WHERE rowid = NEW.rowid;"
        return [
            "CREATE TRIGGER \(quote(table + "_derive_insert")) AFTER INSERT ON \(quote(table)) BEGIN \(update) END",
            "CREATE TRIGGER \(quote(table + "_derive_update")) AFTER UPDATE OF \(quoteList(watching)) "
                + "ON \(quote(table)) BEGIN \(update) END",
        ]
    }

    public func droppingDerivedColumnTriggers(table: String, triggers: [String]) -> [String] {
        triggers.map { "DROP TRIGGER IF EXISTS \(quote($0))" }
    }

    public var booleansAreIntegers: Bool { true }

    public func ordering(descending: Bool) -> String { descending ? " DESC" : "" }

    /// A comparison is already 0 or 1; the parentheses keep it one term when several are added.
    public func truthAsInteger(_ condition: String) -> String { "(\(condition))" }

    public var rowOrder: String { "rowid" }

    public var rowOrderDefinition: String? { nil }

    public var dropsConstraintsInPlace: Bool { false }

    /// SQLite's CAST reads the leading digits and saturates past the largest integer.
    public func number(in column: String, after prefix: String) -> (matches: String, value: String) {
        ("\(column) GLOB '\(prefix)[0-9]*'", "CAST(substr(\(column), \(prefix.count + 1)) AS INTEGER)")
    }
}
