// Tables: the table value. A table is a plan and nothing else until something needs
// its rows: showing, exporting, iterating, `len` and `explain` compile the plan to one
// SQL statement through the database's dialect and run it. Rows come back as popsh
// values according to each column's kind (ISO text in a date column is a date).

import DataModel

/// A lazy table over the shared database.
public final class Table: @unchecked Sendable {
    public let plan: Plan
    /// For a table named in the library (`people`): calling it as `people(on: d)` gives
    /// the same table on another reference day.
    let catalogName: String?
    /// What calling the table does instead, for a named table with other arguments
    /// (`areas(level: "township")`).
    let caller: Caller?

    /// Calls a named table: positional and named arguments, the machine, the place.
    public typealias Caller = ([Value], [(String, Value)], Machine, SourceLocation) throws -> Value

    public init(plan: Plan, catalogName: String? = nil, caller: Caller? = nil) {
        self.plan = plan
        self.catalogName = catalogName
        self.caller = caller
    }

    /// The table named `name` in the catalog, with ages counted to `day`.
    public static func named(_ name: String, on day: CivilDate) -> Table? {
        TableCatalog.plan(named: name, on: day).map { Table(plan: $0, catalogName: name) }
    }

    public var name: String { plan.name }
    public var columns: [PlanColumn] { plan.columns }

    /// The table with one more step.
    public func adding(_ step: PlanStep) -> Table { Table(plan: plan.adding(step)) }

    /// The SELECT that produces this table's rows.
    public func compiled(for database: Database) -> CompiledQuery {
        var compiler = SQLCompiler(dialect: database.dialect)
        return compiler.compile(plan)
    }

    /// The SELECT that produces this table's rows, run: an aggregate over a large table
    /// has its parts computed first on parallel connections (MorselAggregate).
    func runnable(for database: Database) throws -> CompiledQuery {
        var compiler = SQLCompiler(dialect: database.dialect)
        return compiler.compile(try MorselAggregate.prepare(plan, in: database))
    }

    /// Streams the rows: `body` sees one row at a time and none are kept.
    public func forEachRow(_ machine: Machine, at location: SourceLocation,
                           _ body: ([Value]) throws -> Void) throws {
        let db = try machine.database(at: location)
        try Table.guarding(location) {
            let query = try runnable(for: db)
            let kinds = query.columns.map(\.kind)
            let cursor = try db.cursor(query.sql, query.parameters)
            while let row = try cursor.nextRow() {
                try body(zip(row, kinds).map { Table.value($0, kind: $1) })
            }
        }
    }

    /// The first `limit` rows and how many rows there are in all. A grouped table is
    /// computed whole before its first row comes back, so its count is taken by stepping
    /// the same statement past the rows not shown (they are not read); running a second,
    /// `COUNT(*)` statement would group everything again. Any other table fetches
    /// `limit + 1` rows and, when there are more, counts in the database, which can read
    /// an index instead of stepping every row.
    public func head(_ limit: Int, _ machine: Machine, at location: SourceLocation) throws -> (rows: [[Value]], total: Int) {
        // `show(t, rows: N)` and `:rows N` take any count; no screen holds more than this.
        let limit = min(max(0, limit), Limits.shownRows)
        guard plan.isAggregated else {
            var rows: [[Value]] = []
            var more = false
            try adding(.take(limit + 1)).forEachRow(machine, at: location) { row in
                if rows.count == limit { more = true } else { rows.append(row) }
            }
            return (rows, more ? try count(machine, at: location) : rows.count)
        }
        let db = try machine.database(at: location)
        return try Table.guarding(location) {
            let query = try runnable(for: db)
            let kinds = query.columns.map(\.kind)
            let cursor = try db.cursor(query.sql, query.parameters)
            var rows: [[Value]] = []
            while rows.count < limit, let row = try cursor.nextRow() {
                rows.append(zip(row, kinds).map { Table.value($0, kind: $1) })
            }
            var total = rows.count
            if rows.count == limit { while try cursor.statement.step() { total += 1 } }
            return (rows, total)
        }
    }

    /// Every row as a record, for loops and `rows(t)`.
    public func records(_ machine: Machine, at location: SourceLocation) throws -> [Value] {
        let names = columns.map(\.name)
        var out: [Value] = []
        try forEachRow(machine, at: location) { out.append(.record(Record(names: names, values: $0))) }
        return out
    }

    /// The number of rows, counted by the database (no row is fetched).
    public func count(_ machine: Machine, at location: SourceLocation) throws -> Int {
        let db = try machine.database(at: location)
        var compiler = SQLCompiler(dialect: db.dialect)
        let query = compiler.compileCount(plan)
        return try Table.guarding(location) {
            Int(try db.scalar(query.sql, query.parameters).integer ?? 0)
        }
    }

    /// The SQL, its bound values and the database's plan for it.
    public func explain(_ machine: Machine, at location: SourceLocation) throws -> String {
        let db = try machine.database(at: location)
        let query = compiled(for: db)
        let steps = try Table.guarding(location) {
            try db.query(db.dialect.explainQueryPlan(query.sql), query.parameters)
        }
        var out = query.sql + "\n"
        if !query.parameters.isEmpty {
            out += "parameters: " + query.parameters.enumerated()
                .map { "\(db.dialect.placeholder($0.offset + 1)) = \(Table.describe($0.element))" }
                .joined(separator: ", ") + "\n"
        }
        out += "\(db.dialect.name) plan:\n"
        // SQLite's plan rows are (id, parent, unused, detail); indent by depth.
        var depth: [Int64: Int] = [0: 0]
        for row in steps {
            let id = row.first?.integer ?? 0, parent = row.count > 1 ? row[1].integer ?? 0 : 0
            let level = (depth[parent] ?? 0) + 1
            depth[id] = level
            out += String(repeating: "  ", count: level) + (row.last?.text ?? "") + "\n"
        }
        return String(out.dropLast())
    }

    /// Calling a named table: `people(on: @2025-12-31)`.
    func call(_ positional: [Value], _ named: [(String, Value)], _ machine: Machine,
              at location: SourceLocation) throws -> Value {
        if let caller { return try caller(positional, named, machine, location) }
        guard let catalogName else {
            throw PopshError(.type, "this table is the result of a pipeline and cannot be called", at: location,
                             hint: "call the named table first, e.g. people(on: @2025-12-31) | where ...")
        }
        guard positional.isEmpty, named.count == 1, named[0].0 == "on" else {
            throw PopshError(.type, "a table takes one argument, on: DATE (the day ages are counted to)", at: location,
                             hint: "write \(catalogName)(on: @2025-12-31)")
        }
        guard case .date(let day) = named[0].1 else {
            throw PopshError(.type, "on: needs a date, got \(named[0].1.typeName)", at: location,
                             hint: "write \(catalogName)(on: @2025-12-31)")
        }
        return .table(Table.named(catalogName, on: day)!)
    }

    /// Runs database work, reporting its failure at the script's place.
    static func guarding<T>(_ location: SourceLocation, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as DatabaseError {
            if e.isInterrupted { throw PopshError(.interrupted, "interrupted", at: location) }
            throw PopshError(.runtime, "the database refused the query: \(e.message)", at: location,
                             hint: "explain(t) shows the SQL that ran")
        }
    }

    /// A database value as popsh sees it in a column of `kind`.
    public static func value(_ v: SQLValue, kind: ValueKind) -> Value {
        switch v {
        case .null: return .null
        case .integer(let i):
            if kind == .bool { return .bool(i != 0) }
            return kind == .real ? .float(Double(i)) : .int(i)
        case .real(let d): return .float(d)
        case .text(let s):
            if kind == .date, let d = CivilDate.parse(s) { return .date(d) }
            return .string(s)
        }
    }

    /// A popsh value bound as a parameter, with the kind it has in SQL; nil for values
    /// the database cannot hold (lists, records, functions, tables).
    public static func parameter(_ v: Value) -> (SQLValue, ValueKind)? {
        switch v {
        case .null: return (.null, .unknown)
        case .bool(let b): return (.integer(b ? 1 : 0), .bool)
        case .int(let i): return (.integer(i), .integer)
        case .float(let f): return (.real(f), .real)
        case .string(let s): return (.text(s), .text)
        case .date(let d): return (.text(d.description), .date)
        case .list, .record, .function, .table: return nil
        }
    }

    private static func describe(_ v: SQLValue) -> String {
        switch v {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return Value.string(s).repr
        }
    }
}
