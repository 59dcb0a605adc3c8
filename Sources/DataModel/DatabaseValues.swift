// DatabaseValues: the values that travel to and from either engine, and the error
// either reports. Error codes are SQLite's result codes on both engines (a PostgreSQL
// SQLSTATE is mapped to the code of the same meaning), so callers ask one set of
// questions: interrupted, busy, a constraint, read-only.

import CSQLite

/// A value as it is bound to or read from a statement.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The text, when the value is text (nil for anything else).
    public var text: String? { if case .text(let s) = self { return s } else { return nil } }
    /// The integer, when the value is an integer (nil for anything else).
    public var integer: Int64? { if case .integer(let i) = self { return i } else { return nil } }
}

/// A failure reported by the database, with the statement it came from.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let sql: String?
    /// SQLite's extended result code, or the one of the same meaning for a PostgreSQL
    /// failure (0 when the error came from neither).
    public let code: Int32
    /// PostgreSQL's five-character SQLSTATE, when the error came from the server.
    public let sqlState: String?

    public init(message: String, sql: String? = nil, code: Int32 = 0, sqlState: String? = nil) {
        self.message = message
        self.sql = sql
        self.code = code
        self.sqlState = sqlState
    }

    /// True when the work was stopped by `Database.interrupt()`.
    public var isInterrupted: Bool { code & 0xFF == SQLITE_INTERRUPT }
    /// True when a UNIQUE, NOT NULL, CHECK or FOREIGN KEY rule refused the change.
    public var isConstraint: Bool { code & 0xFF == SQLITE_CONSTRAINT }
    public var isForeignKey: Bool { code == 787 } // SQLITE_CONSTRAINT_FOREIGNKEY
    public var isUnique: Bool { code == 2067 || code == 1555 } // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
    /// True when another connection held the lock longer than this one would wait.
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY }
    /// True when the database was opened read-only and something tried to write.
    public var isReadOnly: Bool { code & 0xFF == SQLITE_READONLY }

    public var description: String {
        // Another writer or a read-only file is not the statement's fault: no SQL to show.
        guard let sql, !isBusy, !isReadOnly else { return message }
        return "\(message)\n  in: \(sql)"
    }
}

