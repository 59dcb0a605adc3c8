// Functions: closures made by `fn`, builtins registered from a table, and the binding
// of positional and named arguments to parameters that both share.

import DataModel
import Synchronization

/// A callable value. `signature` is what `:help` and `<fn ...>` show.
public class Function: @unchecked Sendable {
    public let name: String
    public let parameters: [Param]
    /// Set for closures so calls can skip a dynamic cast on the hot path.
    let isClosure: Bool

    init(name: String, parameters: [Param], isClosure: Bool = false) {
        self.name = name
        self.parameters = parameters
        self.isClosure = isClosure
    }

    public var signature: String {
        "\(name)(" + parameters.map(\.description).joined(separator: ", ") + ")"
    }

    /// Puts positional and named arguments in parameter order; a missing optional
    /// argument is nil (its default is filled in by the caller's kind of function).
    func bind(_ positional: [Value], _ named: [(String, Value)], at location: SourceLocation) throws -> [Value?] {
        var slots = [Value?](repeating: nil, count: parameters.count)
        // A variadic parameter takes the remaining positional arguments; parameters
        // after it can only be named (`import_files(paths..., as = null)`).
        let variadic = parameters.firstIndex(where: \.variadic)
        let fixed = variadic ?? parameters.count
        if positional.count > fixed && variadic == nil {
            throw PopshError(.type, "\(name) takes at most \(fixed) argument\(fixed == 1 ? "" : "s"), got \(positional.count)",
                             at: location, hint: "usage: \(signature)")
        }
        for (i, v) in positional.prefix(fixed).enumerated() { slots[i] = v }
        if let variadic { slots[variadic] = .list(Array(positional.dropFirst(fixed))) }
        for (n, v) in named {
            guard let i = parameters.firstIndex(where: { $0.name == n }), i != variadic else {
                let near = nearestNames(to: n, in: parameters.map(\.name))
                throw PopshError(.type, "\(name) has no parameter '\(n)'", at: location,
                                 hint: near.isEmpty ? "usage: \(signature)" : "did you mean '\(near[0])'? usage: \(signature)")
            }
            guard slots[i] == nil else {
                throw PopshError(.type, "argument '\(n)' of \(name) is given twice", at: location, hint: "usage: \(signature)")
            }
            slots[i] = v
        }
        for (i, p) in parameters.enumerated() where slots[i] == nil && p.required {
            throw PopshError(.type, "\(name) needs the argument '\(p.name)'", at: location, hint: "usage: \(signature)")
        }
        return slots
    }
}

/// A parameter of a builtin or closure.
public struct Param: Sendable, CustomStringConvertible {
    public let name: String
    public let defaultText: String?   // shown in help; nil when the argument is required
    public let variadic: Bool

    public var required: Bool { defaultText == nil && !variadic }

    public init(_ name: String, default defaultText: String? = nil, variadic: Bool = false) {
        self.name = name
        self.defaultText = defaultText
        self.variadic = variadic
    }

    public var description: String {
        variadic ? name + "..." : (defaultText.map { "\(name) = \($0)" } ?? name)
    }
}

/// A function written in popsh.
final class Closure: Function, @unchecked Sendable {
    let code: FunctionCode
    let captured: Frame?

    init(code: FunctionCode, captured: Frame?) {
        self.code = code
        self.captured = captured
        super.init(name: code.name, parameters: code.parameters, isClosure: true)
    }

    // The captured frame may hold the closure made before this one (`h = make(h)` in a
    // loop), and that one the one before: freeing such a chain recursively overflows the
    // stack at a few hundred thousand links, so frames are freed one after another.
    deinit {
        if let captured { FrameReaper.free(captured) }
    }
}

/// Frees frames from a list instead of from inside each other's release. A dying
/// closure's frame is kept in the list past its deinit (which drops the closure's own
/// reference only after it returns) and freed by the next drain; a frame freed during a
/// drain joins the list, so the release never nests deeper than one frame whatever the
/// length of the chain. The interpreter runs on one thread at a time (see
/// Package.swift), so the list needs no lock.
enum FrameReaper {
    nonisolated(unsafe) private static var pending: [Frame] = []
    nonisolated(unsafe) private static var draining = false

    static func free(_ frame: Frame) {
        drain()
        pending.append(frame)
    }

    /// Frees every frame waiting; `Session.run` calls it when a program ends.
    static func drain() {
        guard !draining else { return }
        draining = true
        while let next = pending.popLast() { _ = next }
        draining = false
    }
}

/// What a builtin receives: its arguments in parameter order and the means to report
/// errors the same way everywhere (`bad argument #2 to 'round' (int expected, got string)`).
public struct Call {
    public var args: [Value]
    public let function: Builtin
    public let location: SourceLocation
    public let machine: Machine

    public subscript(i: Int) -> Value { args[i] }

    public func error(_ message: String, hint: String? = nil) -> PopshError {
        PopshError(.runtime, message, at: location, hint: hint)
    }

    public func badArgument(_ i: Int, expected: String) -> PopshError {
        PopshError(.type, "bad argument #\(i + 1) to '\(function.name)' (\(expected) expected, got \(args[i].typeName))",
                   at: location, hint: "usage: \(function.signature)")
    }

    public func int(_ i: Int) throws -> Int64 {
        switch args[i] {
        case .int(let v): return v
        case .float(let f) where f.rounded() == f && abs(f) < 9.2e18: return Int64(f)
        default: throw badArgument(i, expected: "int")
        }
    }

    public func number(_ i: Int) throws -> Double {
        switch args[i] {
        case .int(let v): return Double(v)
        case .float(let f): return f
        default: throw badArgument(i, expected: "number")
        }
    }

    public func string(_ i: Int) throws -> String {
        guard case .string(let s) = args[i] else { throw badArgument(i, expected: "string") }
        return s
    }

    public func bool(_ i: Int) throws -> Bool {
        guard case .bool(let b) = args[i] else { throw badArgument(i, expected: "bool") }
        return b
    }

    public func list(_ i: Int) throws -> [Value] {
        guard case .list(let xs) = args[i] else { throw badArgument(i, expected: "list") }
        return xs
    }

    public func record(_ i: Int) throws -> Record {
        guard case .record(let r) = args[i] else { throw badArgument(i, expected: "record") }
        return r
    }

    public func date(_ i: Int) throws -> CivilDate {
        guard case .date(let d) = args[i] else { throw badArgument(i, expected: "date") }
        return d
    }

    public func function(_ i: Int) throws -> Function {
        guard case .function(let f) = args[i] else { throw badArgument(i, expected: "function") }
        return f
    }

    /// Calls a popsh function (for map, filter, sort keys and the like).
    public func call(_ f: Function, _ arguments: [Value]) throws -> Value {
        try machine.call(f, arguments, [], at: location)
    }
}


/// A function implemented in Swift, registered with its documentation.
public final class Builtin: Function, @unchecked Sendable {
    public let doc: String
    public let example: String
    /// What the example shows when run, checked by the test that runs every example.
    public let result: String?
    public let defaults: [Value?]
    let body: (inout Call) throws -> Value

    /// `signature` is written as in the docs, e.g. `round(x, digits = 0)` or
    /// `print(values...)`; defaults are popsh literals.
    public init(_ signature: String, doc: String, example: String, result: String? = nil,
                _ body: @escaping (inout Call) throws -> Value) {
        let (name, params, defaults) = parseSignature(signature)
        self.doc = doc
        self.example = example
        self.result = result
        self.defaults = defaults
        self.body = body
        super.init(name: name, parameters: params)
    }

    /// The `:help NAME` text.
    public var help: String { entry.text() }
}

private func parseSignature(_ sig: String) -> (String, [Param], [Value?]) {
    guard let open = sig.firstIndex(of: "("), sig.hasSuffix(")") else { return (sig, [], []) }
    let name = String(sig[..<open])
    let inner = sig[sig.index(after: open)..<sig.index(before: sig.endIndex)]
    var params: [Param] = [], defaults: [Value?] = []
    for part in inner.split(separator: ",").map({ $0.trimmingCharacters() }) where !part.isEmpty {
        if part.hasSuffix("...") {
            params.append(Param(String(part.dropLast(3)), variadic: true)); defaults.append(nil)
        } else if let eq = part.firstIndex(of: "=") {
            let pname = String(part[..<eq]).trimmingCharacters()
            let text = String(part[part.index(after: eq)...]).trimmingCharacters()
            params.append(Param(pname, default: text))
            defaults.append(literalValue(text))
        } else {
            params.append(Param(part)); defaults.append(nil)
        }
    }
    return (name, params, defaults)
}

/// Defaults in builtin signatures are plain literals.
private func literalValue(_ text: String) -> Value {
    if text == "null" { return .null }
    if text == "true" { return .bool(true) }
    if text == "false" { return .bool(false) }
    if let i = Int64(text) { return .int(i) }
    if let f = Double(text) { return .float(f) }
    if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { return .string(String(text.dropFirst().dropLast())) }
    return .null
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

// MARK: - interruption

/// Set by the shell's Ctrl-C handler (an async-signal-safe atomic store); the
/// evaluator polls it at loop back-edges and calls and stops with an `interrupted` error.
public let interruptRequested = Atomic<Bool>(false)

@inline(__always)
func checkInterrupt(_ location: SourceLocation) throws {
    if interruptRequested.load(ordering: .relaxed) {
        interruptRequested.store(false, ordering: .relaxed)
        throw PopshError(.interrupted, "interrupted", at: location)
    }
}
