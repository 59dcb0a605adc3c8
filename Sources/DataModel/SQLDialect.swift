// SQLDialect: the parts of SQL that differ between database engines. Schema, migrations
// and the importer write their SQL through it, so a second backend (PostgreSQL) is a
// new conforming type rather than a rewrite of anything above DataModel.

/// The storage type of a column, named in the domain's terms; a dialect maps it to DDL.
public enum ColumnType: Sendable {
    case text
    case integer
    case real
    /// A calendar day, held as ISO `YYYY-MM-DD` text on every backend.
    case date
    /// An integer key the database assigns on insert.
    case serialKey
}

/// Engine-specific SQL spelling.
public protocol SQLDialect: Sendable {
    /// Short engine name, as shown by `explain`.
    var name: String { get }

    /// The placeholder for the `index`-th bound value (1-based): `?` or `$1`.
    func placeholder(_ index: Int) -> String

    /// A quoted identifier (table or column name).
    func quote(_ identifier: String) -> String

    /// The column type as written in CREATE TABLE.
    func typeName(_ type: ColumnType) -> String

    /// An expression for `date` (ISO text) plus `days` days (both SQL expressions).
    func addingDays(_ date: String, _ days: String) -> String

    /// An expression for `date` plus `months` calendar months, clamped to the month end.
    /// The arguments may appear more than once in the result: pass column names or
    /// numbered placeholders, not expressions with side effects.
    func addingMonths(_ date: String, _ months: String) -> String

    /// The statement that shows how the engine will run `sql`.
    func explainQueryPlan(_ sql: String) -> String

    /// The current time as ISO-8601 text, for import and audit timestamps.
    var currentTimestamp: String { get }

    /// The user a change is made by, for the audit: the server's login role, or on a file
    /// the operating system's user (a function the SQLite engine provides).
    var currentUser: String { get }

    /// A scalar function over rendered arguments; nil when the engine has no form for
    /// it, which the interpreter reports at the function's place in the script.
    func function(_ function: ScalarFunction, _ args: [String]) -> String?

    /// Completed years from `birth` to `on` (both ISO date expressions).
    func age(birth: String, on: String) -> String

    /// `a / b` divided as real numbers (popsh's `/`), whatever the operand types.
    func divide(_ a: String, _ b: String) -> String

    /// The join that loops over its left table outside, as written (SQLite's planner keeps
    /// a CROSS JOIN's order), and the prefix that keeps a term from choosing an index
    /// (SQLite's unary +). PostgreSQL plans its own order and has neither: its CROSS JOIN
    /// takes no ON and + is no operator on text.
    var orderedJoin: String { get }
    var withoutIndex: String { get }

    /// The clause ending a sub-query that the engine must run as written rather than merge
    /// into the query around it (SQLite's `LIMIT -1`, PostgreSQL's `OFFSET 0`).
    var subqueryFence: String { get }

    /// Statements that keep columns of `table` computed from others: each assignment
    /// `(column, expression over the row)` is applied after an insert and after an
    /// update of any column in `watching`.
    func derivedColumnTriggers(table: String, assignments: [(column: String, expression: String)],
                               watching: [String]) -> [String]

    /// Statements that drop what `derivedColumnTriggers` made for `table` under these names.
    func droppingDerivedColumnTriggers(table: String, triggers: [String]) -> [String]

    /// True when a comparison's truth is an integer 0/1 (SQLite); false when the engine
    /// has a boolean type that neither sums nor compares with integers (PostgreSQL).
    var booleansAreIntegers: Bool { get }

    /// ORDER BY's word for a direction, with NULL first going up and last going down, as
    /// SQLite orders (PostgreSQL's own default is the other way round).
    func ordering(descending: Bool) -> String

    /// A truth value (a comparison, EXISTS) as 0/1 that SUM can add; NULL stays NULL.
    func truthAsInteger(_ condition: String) -> String

    /// The column that numbers a table's rows in the order they were inserted (SQLite's
    /// `rowid`; an identity column PostgreSQL tables are given).
    var rowOrder: String { get }

    /// The definition `CREATE TABLE` adds for `rowOrder`, nil when every table has it.
    var rowOrderDefinition: String? { get }

    /// True when a table's primary key can be dropped in place (ALTER TABLE ... DROP
    /// CONSTRAINT); SQLite rebuilds the table instead.
    var dropsConstraintsInPlace: Bool { get }

    /// For text `column` starting with `prefix` and a digit: a condition that holds for
    /// such values, and the integer the digits after the prefix spell (saturating at the
    /// largest 64-bit integer).
    func number(in column: String, after prefix: String) -> (matches: String, value: String)
}

extension SQLDialect {
    /// A quoted identifier: SQL's double quotes, which both engines read alike.
    public func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Comma-separated placeholders for `count` values starting at `first`.
    public func placeholders(_ count: Int, startingAt first: Int = 1) -> String {
        (first..<(first + count)).map(placeholder).joined(separator: ", ")
    }

    /// Comma-separated quoted identifiers.
    public func quoteList(_ identifiers: [String]) -> String {
        identifiers.map(quote).joined(separator: ", ")
    }
}
