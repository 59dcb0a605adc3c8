// Plan: the relational plan of a table value, as a source and a flat list of steps
// (filter, derive, select, sort, take, distinct, aggregate, join). Each step knows the
// columns it produces, so a verb naming a column that is not there fails where it is
// written, before any SQL exists. Expressions hold values, never SQL text: the compiler
// binds every value as a parameter.

/// What a column holds, as popsh shows it: ISO dates come back as dates, 0/1 flags as booleans.
public enum ValueKind: String, Sendable {
    case text, integer, real, date, bool, unknown

    var isNumber: Bool { self == .integer || self == .real }
}

/// A column a plan produces.
public struct PlanColumn: Sendable, Equatable {
    public let name: String
    public let kind: ValueKind

    public init(_ name: String, _ kind: ValueKind) {
        self.name = name
        self.kind = kind
    }
}

public enum PlanOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", concat = "||"
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and = "AND", or = "OR"

    var isComparison: Bool { [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }
}

/// Scalar functions a plan may use; each dialect spells them (or refuses).
public enum ScalarFunction: String, Sendable, CaseIterable {
    case year, month, day, upper, lower, length, substr, trim, replace
    case startsWith = "starts_with", endsWith = "ends_with", contains
    case abs, round, idValid = "id_valid", least, greatest, coalesce, addDays = "add_days"

    /// The kind of the result, given the kinds of the arguments.
    func kind(_ args: [ValueKind]) -> ValueKind {
        switch self {
        case .year, .month, .day, .length: return .integer
        case .upper, .lower, .substr, .trim, .replace: return .text
        case .startsWith, .endsWith, .contains, .idValid: return .bool
        case .abs, .least, .greatest, .coalesce: return args.first ?? .unknown
        case .round: return args.count > 1 ? .real : .integer
        case .addDays: return .date
        }
    }
}

/// Aggregates of `summarize`.
public enum Aggregate: String, Sendable, CaseIterable {
    case count, countIf = "count_if", sum, avg, min, max, share
}

/// An expression over the columns of a step's input.
public indirect enum PlanExpr: Sendable, Equatable {
    case column(String)
    case value(SQLValue, ValueKind)
    case not(PlanExpr)
    case negate(PlanExpr)
    case binary(PlanOperator, PlanExpr, PlanExpr)
    case isNull(PlanExpr, negated: Bool)
    case between(PlanExpr, PlanExpr, PlanExpr, negated: Bool)
    case member(PlanExpr, [PlanExpr], negated: Bool)
    case function(ScalarFunction, [PlanExpr])
    /// Completed years from a birth date to a date: kept apart from other arithmetic so
    /// a comparison with a constant becomes a birth-date range an index can serve.
    case age(birth: PlanExpr, on: PlanExpr)
    /// True when an area code lies inside the area with this significant prefix.
    case inside(PlanExpr, prefix: String)
    case aggregate(Aggregate, PlanExpr?)
    /// The value of the first case whose condition holds, else `otherwise`.
    case choose([Case], otherwise: PlanExpr)
    /// A column of a FROM item, made by the compiler only.
    case qualified(alias: String, column: String)

    public struct Case: Sendable, Equatable {
        public let when: PlanExpr
        public let then: PlanExpr
        public init(when: PlanExpr, then: PlanExpr) { self.when = when; self.then = then }
    }

    /// True when the expression holds an aggregate anywhere.
    public var hasAggregate: Bool {
        switch self {
        case .aggregate: return true
        case .column, .value, .qualified: return false
        case .not(let e), .negate(let e), .isNull(let e, _), .inside(let e, _): return e.hasAggregate
        case .binary(_, let a, let b), .age(let a, let b): return a.hasAggregate || b.hasAggregate
        case .between(let a, let b, let c, _): return a.hasAggregate || b.hasAggregate || c.hasAggregate
        case .member(let e, let xs, _): return e.hasAggregate || xs.contains { $0.hasAggregate }
        case .function(_, let xs): return xs.contains { $0.hasAggregate }
        case .choose(let cases, let other):
            return other.hasAggregate || cases.contains { $0.when.hasAggregate || $0.then.hasAggregate }
        }
    }

    /// The names of the input columns the expression reads.
    public var columnNames: [String] {
        switch self {
        case .column(let n): return [n]
        case .value, .qualified: return []
        case .aggregate(_, let e): return e?.columnNames ?? []
        case .not(let e), .negate(let e), .isNull(let e, _), .inside(let e, _): return e.columnNames
        case .binary(_, let a, let b), .age(let a, let b): return a.columnNames + b.columnNames
        case .between(let a, let b, let c, _): return a.columnNames + b.columnNames + c.columnNames
        case .member(let e, let xs, _): return e.columnNames + xs.flatMap(\.columnNames)
        case .function(_, let xs): return xs.flatMap(\.columnNames)
        case .choose(let cases, let other):
            return cases.flatMap { $0.when.columnNames + $0.then.columnNames } + other.columnNames
        }
    }

    /// The kind of value the expression yields over `columns`.
    public func kind(in columns: [PlanColumn]) -> ValueKind {
        switch self {
        case .column(let n): return columns.first { $0.name == n }?.kind ?? .unknown
        case .value(_, let k): return k
        case .qualified: return .unknown
        case .not, .isNull, .between, .member, .inside: return .bool
        case .negate(let e): return e.kind(in: columns)
        case .age: return .integer
        case .choose(let cases, let other): return cases.first?.then.kind(in: columns) ?? other.kind(in: columns)
        case .function(let f, let xs): return f.kind(xs.map { $0.kind(in: columns) })
        case .binary(let op, let a, let b):
            if op.isComparison || op == .and || op == .or { return .bool }
            if op == .concat { return .text }
            if op == .divide { return .real }
            let ka = a.kind(in: columns), kb = b.kind(in: columns)
            if ka == .date || kb == .date { return .date }
            return ka == .real || kb == .real ? .real : (ka == .integer && kb == .integer ? .integer : .unknown)
        case .aggregate(let a, let e):
            switch a {
            case .count, .countIf: return .integer
            case .avg, .share: return .real
            case .sum, .min, .max: return e?.kind(in: columns) ?? .unknown
            }
        }
    }
}

/// How a join keeps rows.
public enum JoinKind: String, Sendable { case inner, left }

/// One step of a plan.
public indirect enum PlanStep: Sendable {
    case filter(PlanExpr)
    /// Adds or replaces columns, keeping the others.
    case derive([(name: String, value: PlanExpr)])
    /// Keeps exactly these columns, in this order.
    case select([(name: String, value: PlanExpr)])
    case sort([(value: PlanExpr, descending: Bool)])
    case take(Int)
    case distinct
    case aggregate(groups: [(name: String, value: PlanExpr)], values: [(name: String, value: PlanExpr)])
    /// Joins another plan on `left == right`; right columns whose names the left side
    /// already has are renamed (see `Plan.joinedName`).
    case join(Plan, left: String, right: String, kind: JoinKind)
}

/// A database table (or a fixed projection of one) that a plan starts from.
public struct PlanSource: Sendable {
    /// The table in the database.
    public let table: String
    /// The columns the source shows, each an expression over the table's own columns.
    public let columns: [(column: PlanColumn, value: PlanExpr)]

    public init(table: String, columns: [(column: PlanColumn, value: PlanExpr)]) {
        self.table = table
        self.columns = columns
    }
}

/// A source and the steps applied to it, in order.
public struct Plan: Sendable {
    /// The name a user knows the plan by (`people`, `wis`), used for joined column names.
    public let name: String
    public let source: PlanSource
    public private(set) var steps: [PlanStep] = []
    /// The columns the plan produces after its last step.
    public private(set) var columns: [PlanColumn]

    public init(name: String, source: PlanSource) {
        self.name = name
        self.source = source
        self.columns = source.columns.map(\.column)
    }

    /// The plan with one more step; the caller has checked the step's column names.
    public func adding(_ step: PlanStep) -> Plan {
        var next = self
        next.steps.append(step)
        next.columns = Plan.columns(after: step, from: columns, rightName: { $0.name })
        return next
    }

    public func hasColumn(_ name: String) -> Bool { columns.contains { $0.name == name } }

    /// True once the plan has summarized its rows (a later aggregate must say so).
    public var isAggregated: Bool {
        steps.contains { if case .aggregate = $0 { return true } else { return false } }
    }

    /// The name a right-hand column takes in a join when the left side has it already.
    public static func joinedName(_ column: String, of right: String, avoiding taken: [String]) -> String {
        guard taken.contains(column) else { return column }
        var candidate = "\(right)_\(column)", n = 2
        while taken.contains(candidate) { candidate = "\(right)_\(column)_\(n)"; n += 1 }
        return candidate
    }

    static func columns(after step: PlanStep, from input: [PlanColumn], rightName: (Plan) -> String) -> [PlanColumn] {
        switch step {
        case .filter, .sort, .take, .distinct: return input
        case .derive(let items):
            var out = input
            for item in items {
                let column = PlanColumn(item.name, item.value.kind(in: out))
                if let i = out.firstIndex(where: { $0.name == item.name }) { out[i] = column } else { out.append(column) }
            }
            return out
        case .select(let items):
            return items.map { PlanColumn($0.name, $0.value.kind(in: input)) }
        case .aggregate(let groups, let values):
            return (groups + values).map { PlanColumn($0.name, $0.value.kind(in: input)) }
        case .join(let right, _, _, _):
            var out = input
            for column in right.columns {
                out.append(PlanColumn(joinedName(column.name, of: rightName(right), avoiding: out.map(\.name)), column.kind))
            }
            return out
        }
    }
}
