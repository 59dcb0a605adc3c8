// TableFunctions: how builtins run inside a table verb. A builtin with a table form
// becomes a plan expression the database evaluates; one without is an error at its
// place in the script, never SQL that fails later. The standard library's forms are
// here; domain modules add theirs with `Library.registerTableForm`.

import DataModel

/// Translates one call of a builtin inside a verb into a plan expression.
public typealias TableForm = @Sendable (TableCall) throws -> PlanExpr

/// A builtin call inside a verb, with its arguments in parameter order.
public struct TableCall {
    public let name: String
    public let location: SourceLocation
    let arguments: [Node?]
    let translator: PlanTranslator

    public var machine: Machine { translator.machine }

    /// True when argument `i` was written.
    public func isGiven(_ i: Int) -> Bool { i < arguments.count && arguments[i] != nil }

    /// Argument `i` as a plan expression (a column, or a value bound as a parameter).
    public func expression(_ i: Int) throws -> PlanExpr {
        guard let node = arguments[i] else {
            throw PopshError(.type, "\(name) needs argument #\(i + 1) here", at: location)
        }
        return try translator.translate(node)
    }

    /// Argument `i` evaluated once in popsh: it may not name a column.
    public func constant(_ i: Int) throws -> Value {
        guard let node = arguments[i] else { return .null }
        guard !translator.mentionsColumn(node) else {
            throw PopshError(.type, "argument #\(i + 1) of \(name) must be a value, not a column", at: node.location,
                             hint: "write the value itself, e.g. \(name)(residence_area, \"渝水区\")")
        }
        return try translator.evaluate(node)
    }

    /// The kind of value an expression yields over the verb's input.
    public func kind(of e: PlanExpr) -> ValueKind { e.kind(in: translator.columns) }

    /// A scalar function, when the database's dialect has a form for it.
    public func scalar(_ f: ScalarFunction, _ args: [PlanExpr]) throws -> PlanExpr {
        let dialect = try machine.database(at: location).dialect
        guard dialect.function(f, args.map { _ in "x" }) != nil else {
            throw PopshError(.type, "\(name) cannot run inside the \(dialect.name) database", at: location,
                             hint: "fetch the rows first (rows(t)) and apply \(name) to each")
        }
        return .function(f, args)
    }

    /// A type error about argument `i`.
    public func badArgument(_ i: Int, _ message: String) -> PopshError {
        PopshError(.type, "bad argument #\(i + 1) to '\(name)' (\(message))",
                   at: arguments[i]?.location ?? location)
    }
}

private func unary(_ f: ScalarFunction) -> TableForm {
    { call in try call.scalar(f, [call.expression(0)]) }
}

/// Forms of the standard library's builtins.
let standardTableForms: [(String, TableForm)] = [
    ("year", unary(.year)), ("month", unary(.month)), ("day", unary(.day)),
    ("upper", unary(.upper)), ("lower", unary(.lower)), ("trim", unary(.trim)), ("len", unary(.length)),
    ("abs", unary(.abs)),
    ("substr", { call in
        let args = call.isGiven(2) ? [try call.expression(0), try call.expression(1), try call.expression(2)]
            : [try call.expression(0), try call.expression(1)]
        return try call.scalar(.substr, args)
    }),
    ("replace", { call in try call.scalar(.replace, [call.expression(0), call.expression(1), call.expression(2)]) }),
    ("starts_with", { call in try call.scalar(.startsWith, [call.expression(0), call.expression(1)]) }),
    ("ends_with", { call in try call.scalar(.endsWith, [call.expression(0), call.expression(1)]) }),
    ("contains", { call in
        let text = try call.expression(0)
        guard [.text, .unknown].contains(call.kind(of: text)) else {
            throw call.badArgument(0, "a text column expected inside a verb")
        }
        return try call.scalar(.contains, [text, call.expression(1)])
    }),
    ("round", { call in
        let digits = call.isGiven(1) ? try call.constant(1) : .int(0)
        guard case .int(let n) = digits else { throw call.badArgument(1, "int expected") }
        return try call.scalar(.round, n == 0 ? [call.expression(0)] : [call.expression(0), .value(.integer(n), .integer)])
    }),
    ("age", { call in
        let on = call.isGiven(1) ? try call.expression(1) : .value(.text(currentDate().description), .date)
        return .age(birth: try call.expression(0), on: on)
    }),
]
