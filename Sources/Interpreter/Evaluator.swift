// Evaluator: the executable tree the resolver builds, and the machine that runs it.
// Names are already slots (a local is a frame slot at a known depth, a global an index),
// so running is a walk over nodes with no lookups by name. Loops and calls poll the
// interrupt flag; call depth is bounded so runaway recursion is an error, not a crash.

import DataModel

/// Variables of the session: one slot per name, kept across REPL entries.
public final class Globals {
    var values: [Value?] = []
    var names: [String] = []
    var index: [String: Int] = [:]

    func slot(for name: String) -> Int {
        if let i = index[name] { return i }
        index[name] = values.count
        names.append(name)
        values.append(nil)
        return values.count - 1
    }

    /// Defined variables in definition order, for `:vars` and completion.
    public var defined: [(String, Value)] {
        names.indices.compactMap { i in values[i].map { (names[i], $0) } }
    }
}

/// The local variables of one running function (or one top-level chunk), stored in
/// the object itself: a call allocates once, and slot access has no copy-on-write checks.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    static func make(size: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: size) { _ in FrameHeader(parent: parent, count: size) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .null, count: size) }
        return frame
    }

    deinit {
        _ = withUnsafeMutablePointers { h, e in e.deinitialize(count: h.pointee.count) }
    }

    var parent: Frame? { header.parent }

    subscript(slot: Int) -> Value {
        @inline(__always) get { withUnsafeMutablePointerToElements { $0[slot] } }
        @inline(__always) set { withUnsafeMutablePointerToElements { $0[slot] = newValue } }
    }

    @inline(__always)
    func ancestor(_ hops: Int) -> Frame {
        var f = self
        for _ in 0..<hops { f = f.parent! }
        return f
    }
}

struct FrameHeader {
    let parent: Frame?
    let count: Int
}

enum Flow { case next, breakLoop, continueLoop, returned }

/// Runs resolved code: holds the globals, the output and the call depth.
public final class Machine {
    public let globals = Globals()
    public let library: Library
    /// Where `print` and shown values go.
    public var write: (String) -> Void
    /// How a value shown at top level is formatted; Builtins replaces it to draw tables.
    public var display: (Value) -> String = { $0.repr }
    var callDepth = 0
    var returnValue: Value = .null
    /// Opens the shared database on first use: the default demo database is generated
    /// then, so a session that never touches a table never pays for it.
    public var openDatabase: (() throws -> Database)?
    private var database: Database?
    /// Deep enough for real recursive scripts; the interpreter thread's stack is sized for it.
    static let maxCallDepth = 5_000

    init(library: Library, write: @escaping (String) -> Void) {
        self.library = library
        self.write = write
    }

    /// The session's database, opened on first use.
    public func database(at location: SourceLocation?) throws -> Database {
        if let database { return database }
        guard let openDatabase else {
            throw PopshError(.runtime, "no database is open", at: location,
                             hint: "start popsh with --db PATH or set POPSH_DB")
        }
        do {
            let db = try openDatabase()
            database = db
            return db
        } catch let e as PopshError {
            throw e
        } catch {
            throw PopshError(.runtime, "cannot open the database: \(error)", at: location)
        }
    }

    /// The text a shown value prints: the library's display (tables) or `display`.
    func show(_ v: Value, at location: SourceLocation) throws -> String {
        if let shown = try library.display?(v, self, location) { return shown }
        return display(v)
    }

    /// The database if it has been opened already (for interrupting it, closing it).
    public var openedDatabase: Database? { database }

    /// Calls any function value with positional and named arguments.
    public func call(_ f: Function, _ positional: [Value], _ named: [(String, Value)], at location: SourceLocation) throws -> Value {
        if f.isClosure {
            let closure = unsafeDowncast(f, to: Closure.self)
            let bound = try closure.bind(positional, named, at: location)
            return try invoke(closure, bound, at: location)
        }
        let builtin = f as! Builtin
        let bound = try builtin.bind(positional, named, at: location)
        var call = Call(args: bound.enumerated().map { $1 ?? builtin.defaults[$0] ?? .null },
                        function: builtin, location: location, machine: self)
        do {
            return try builtin.body(&call)
        } catch var e as PopshError where e.location == nil {
            e.location = location
            throw e
        }
    }

    func invoke(_ closure: Closure, _ args: [Value?], at location: SourceLocation) throws -> Value {
        let code = closure.code
        let frame = Frame.make(size: code.slotCount, parent: closure.captured)
        for i in 0..<args.count {
            if let v = args[i] {
                frame[i] = v
            } else if let def = code.defaults[i] {
                frame[i] = try def.eval(frame, self)
            }
        }
        return try enter(code, frame, at: location)
    }

    /// Runs a function body in its prepared frame.
    @inline(__always)
    func enter(_ code: FunctionCode, _ frame: Frame, at location: SourceLocation) throws -> Value {
        try checkInterrupt(location)
        callDepth += 1
        defer { callDepth -= 1 }
        guard callDepth <= Machine.maxCallDepth else {
            throw PopshError(.runtime, "too many nested calls (more than \(Machine.maxCallDepth)): runaway recursion in \(code.name)?",
                             at: location, hint: "check that the recursion reaches its base case")
        }
        if let result = code.result { return try result.eval(frame, self) }
        for stmt in code.body {
            if try stmt.exec(frame, self) == .returned {
                let v = returnValue
                returnValue = .null
                return v
            }
        }
        return .null
    }

    func runChunk(_ chunk: Chunk) throws {
        let frame = Frame.make(size: chunk.slotCount, parent: nil)
        for stmt in chunk.body {
            _ = try stmt.exec(frame, self)
        }
    }
}

/// A resolved top-level program: a script, a `-c` argument, one REPL entry or a sourced file.
final class Chunk {
    let body: [StmtNode]
    let slotCount: Int
    init(body: [StmtNode], slotCount: Int) {
        self.body = body
        self.slotCount = slotCount
    }
}

/// The resolved form of a `fn`: parameters take slots 0..<n of each call's frame.
final class FunctionCode {
    let name: String
    let parameters: [Param]
    var defaults: [Node?] = []
    var body: [StmtNode] = [] {
        didSet { result = body.count == 1 ? (body[0] as? ReturnStmt)?.value : nil }
    }
    /// The expression of an `=> expr` body, evaluated without the statement machinery.
    private(set) var result: Node?
    var slotCount = 0

    init(name: String, parameters: [Param]) {
        self.name = name
        self.parameters = parameters
    }
}

// MARK: - expression nodes

class Node {
    let location: SourceLocation
    init(_ location: SourceLocation) { self.location = location }
    func eval(_ f: Frame, _ m: Machine) throws -> Value { fatalError("abstract node") }

    func runtimeError(_ message: String, hint: String? = nil) -> PopshError {
        PopshError(.runtime, message, at: location, hint: hint)
    }
    func typeError(_ message: String, hint: String? = nil) -> PopshError {
        PopshError(.type, message, at: location, hint: hint)
    }
}

final class Constant: Node {
    let value: Value
    init(_ value: Value, _ l: SourceLocation) { self.value = value; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value { value }
}

final class LocalGet: Node {
    let slot: Int, hops: Int, name: String
    init(_ name: String, slot: Int, hops: Int, _ l: SourceLocation) {
        self.name = name; self.slot = slot; self.hops = hops; super.init(l)
    }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        hops == 0 ? f[slot] : f.ancestor(hops)[slot]
    }
}

final class GlobalGet: Node {
    let slot: Int, name: String
    init(_ name: String, slot: Int, _ l: SourceLocation) { self.name = name; self.slot = slot; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        guard let v = m.globals.values[slot] else {
            throw PopshError(.name, "'\(name)' is used before it is defined", at: location,
                             hint: "run its 'let' or 'fn' first")
        }
        return v
    }
}

/// A bare name inside a table verb: the column of that name, or else the variable.
final class ColumnRef: Node {
    let name: String
    let variable: Node?
    init(_ name: String, variable: Node?, _ l: SourceLocation) { self.name = name; self.variable = variable; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        guard let variable else {
            throw PopshError(.name, "'\(name)' is a column name, but there is no table here", at: location,
                             hint: "column names work inside where, select, derive, sort, summarize and count")
        }
        return try variable.eval(f, m)
    }
}

final class ListNode: Node {
    let items: [Node]
    init(_ items: [Node], _ l: SourceLocation) { self.items = items; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for i in items { out.append(try i.eval(f, m)) }
        return .list(out)
    }
}

final class RecordNode: Node {
    let names: [String], values: [Node]
    init(_ names: [String], _ values: [Node], _ l: SourceLocation) { self.names = names; self.values = values; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        .record(Record(names: names, values: try values.map { try $0.eval(f, m) }))
    }
}

final class ClosureNode: Node {
    let code: FunctionCode
    init(_ code: FunctionCode, _ l: SourceLocation) { self.code = code; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        .function(Closure(code: code, captured: f))
    }
}

final class NegateNode: Node {
    let operand: Node
    init(_ operand: Node, _ l: SourceLocation) { self.operand = operand; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        switch try operand.eval(f, m) {
        case .int(let i):
            guard i != Int64.min else { throw runtimeError("integer overflow in negation") }
            return .int(-i)
        case .float(let d): return .float(-d)
        case .null: return .null
        case let v: throw typeError("cannot negate a \(v.typeName)", hint: "'-' applies to numbers")
        }
    }
}

final class NotNode: Node {
    let operand: Node
    init(_ operand: Node, _ l: SourceLocation) { self.operand = operand; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        .bool(!(try truth(operand.eval(f, m), at: self, role: "'not'")))
    }
}

/// Conditions must be booleans: an int or a string in an `if` is a mistake worth reporting.
func truth(_ v: Value, at node: Node, role: String) throws -> Bool {
    if case .bool(let b) = v { return b }
    throw node.typeError("\(role) needs true or false, got \(v.typeName) \(v.repr)",
                         hint: "compare explicitly, e.g. x != null or n > 0")
}

final class AndNode: Node {
    let left: Node, right: Node
    init(_ a: Node, _ b: Node, _ l: SourceLocation) { left = a; right = b; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        guard try truth(left.eval(f, m), at: left, role: "'and'") else { return .bool(false) }
        return .bool(try truth(right.eval(f, m), at: right, role: "'and'"))
    }
}

final class OrNode: Node {
    let left: Node, right: Node
    init(_ a: Node, _ b: Node, _ l: SourceLocation) { left = a; right = b; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        if try truth(left.eval(f, m), at: left, role: "'or'") { return .bool(true) }
        return .bool(try truth(right.eval(f, m), at: right, role: "'or'"))
    }
}

final class BinaryNode: Node {
    let op: BinaryOp, left: Node, right: Node
    init(_ op: BinaryOp, _ a: Node, _ b: Node, _ l: SourceLocation) { self.op = op; left = a; right = b; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let a = try left.eval(f, m)
        let b = try right.eval(f, m)
        if case .int(let x) = a, case .int(let y) = b {
            switch op {
            case .add: let (r, o) = x.addingReportingOverflow(y); if !o { return .int(r) }
            case .sub: let (r, o) = x.subtractingReportingOverflow(y); if !o { return .int(r) }
            case .lt: return .bool(x < y)
            case .le: return .bool(x <= y)
            case .gt: return .bool(x > y)
            case .ge: return .bool(x >= y)
            case .eq: return .bool(x == y)
            case .ne: return .bool(x != y)
            default: break
            }
        }
        return try Operators.binary(op, a, b, at: self)
    }
}

final class BetweenNode: Node {
    let value: Node, low: Node, high: Node, negated: Bool
    init(_ v: Node, _ lo: Node, _ hi: Node, negated: Bool, _ l: SourceLocation) {
        value = v; low = lo; high = hi; self.negated = negated; super.init(l)
    }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let v = try value.eval(f, m), lo = try low.eval(f, m), hi = try high.eval(f, m)
        if v.isNull || lo.isNull || hi.isNull { return .null }
        guard let a = v.compare(lo), let b = v.compare(hi) else {
            throw typeError("cannot compare \(v.typeName) with \(lo.typeName) and \(hi.typeName) in 'between'")
        }
        return .bool((a >= 0 && b <= 0) != negated)
    }
}

final class MemberNode: Node {
    let value: Node, collection: Node, negated: Bool
    init(_ v: Node, _ c: Node, negated: Bool, _ l: SourceLocation) { value = v; collection = c; self.negated = negated; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let v = try value.eval(f, m)
        let found: Bool
        switch try collection.eval(f, m) {
        case .list(let xs): found = xs.contains { $0.equals(v) }
        case .string(let s):
            guard case .string(let sub) = v else { throw typeError("'in' a string needs a string on the left, got \(v.typeName)") }
            found = s.contains(sub)
        case .record(let r):
            guard case .string(let key) = v else { throw typeError("'in' a record needs a field name on the left, got \(v.typeName)") }
            found = r.names.contains(key)
        case let c: throw typeError("'in' needs a list, string or record on the right, got \(c.typeName)")
        }
        return .bool(found != negated)
    }
}

final class IndexNode: Node {
    let target: Node, index: Node
    init(_ t: Node, _ i: Node, _ l: SourceLocation) { target = t; index = i; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        try Operators.index(try target.eval(f, m), try index.eval(f, m), at: self)
    }
}

final class FieldNode: Node {
    let target: Node, name: String
    init(_ t: Node, _ name: String, _ l: SourceLocation) { target = t; self.name = name; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        try Operators.field(try target.eval(f, m), name, at: self)
    }
}

final class ConditionalNode: Node {
    let condition: Node, then: [StmtNode], otherwise: [StmtNode]
    init(_ c: Node, _ t: [StmtNode], _ e: [StmtNode], _ l: SourceLocation) { condition = c; then = t; otherwise = e; super.init(l) }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let branch = try truth(condition.eval(f, m), at: condition, role: "'if'") ? then : otherwise
        var last: Value = .null
        for s in branch {
            if let e = s as? ExprStmt { last = try e.expr.eval(f, m); continue }
            last = .null
            if try s.exec(f, m) != .next { break }
        }
        return last
    }
}

final class CallNode: Node {
    let callee: Node
    let positional: [Node]
    let named: [(String, Node)]
    init(_ callee: Node, _ positional: [Node], _ named: [(String, Node)], _ l: SourceLocation) {
        self.callee = callee; self.positional = positional; self.named = named; super.init(l)
    }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        let fv = try callee.eval(f, m)
        if case .table(let table) = fv {
            return try table.call(try positional.map { try $0.eval(f, m) }, try named.map { ($0.0, try $0.1.eval(f, m)) },
                                  m, at: location)
        }
        guard case .function(let fn) = fv else {
            throw typeError("\(describeCallee()) is a \(fv.typeName), not a function")
        }
        if named.isEmpty, fn.isClosure {
            let closure = unsafeDowncast(fn, to: Closure.self)
            let code = closure.code
            if positional.count == code.parameters.count {
                let frame = Frame.make(size: code.slotCount, parent: closure.captured)
                for i in 0..<positional.count { frame[i] = try positional[i].eval(f, m) }
                return try m.enter(code, frame, at: location)
            }
        }
        var args: [Value] = []
        args.reserveCapacity(positional.count)
        for p in positional { args.append(try p.eval(f, m)) }
        let namedValues = try named.map { ($0.0, try $0.1.eval(f, m)) }
        return try m.call(fn, args, namedValues, at: location)
    }

    private func describeCallee() -> String {
        if let g = callee as? GlobalGet { return "'\(g.name)'" }
        if let l = callee as? LocalGet { return "'\(l.name)'" }
        return "this value"
    }
}

/// A table verb after a pipe. Its items were resolved with bare names as columns.
final class VerbNode: Node {
    let input: Node
    let name: String
    let items: [(name: String?, value: Node, descending: Bool)]
    let by: [(name: String?, value: Node, descending: Bool)]
    let other: Node?
    let options: [(String, Node)]
    init(input: Node, name: String, items: [(String?, Node, Bool)], by: [(String?, Node, Bool)],
         other: Node?, options: [(String, Node)], _ l: SourceLocation) {
        self.input = input; self.name = name
        self.items = items.map { (name: $0.0, value: $0.1, descending: $0.2) }
        self.by = by.map { (name: $0.0, value: $0.1, descending: $0.2) }
        self.other = other; self.options = options
        super.init(l)
    }
    override func eval(_ f: Frame, _ m: Machine) throws -> Value {
        try evalTable(f, m)
    }
}

// MARK: - statement nodes

class StmtNode {
    let location: SourceLocation
    init(_ location: SourceLocation) { self.location = location }
    func exec(_ f: Frame, _ m: Machine) throws -> Flow { fatalError("abstract statement") }
}

final class ExprStmt: StmtNode {
    let expr: Node
    let show: Bool          // top-level expression statements show their value
    init(_ e: Node, show: Bool) { expr = e; self.show = show; super.init(e.location) }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        let v = try expr.eval(f, m)
        if show, !v.isNull { m.write(try m.show(v, at: location) + "\n") }
        return .next
    }
}

final class SetLocal: StmtNode {
    let slot: Int, hops: Int, value: Node
    init(slot: Int, hops: Int, _ v: Node, _ l: SourceLocation) { self.slot = slot; self.hops = hops; value = v; super.init(l) }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        let v = try value.eval(f, m)
        if hops == 0 { f[slot] = v } else { f.ancestor(hops)[slot] = v }
        return .next
    }
}

final class SetGlobal: StmtNode {
    let slot: Int, value: Node
    init(slot: Int, _ v: Node, _ l: SourceLocation) { self.slot = slot; value = v; super.init(l) }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        m.globals.values[slot] = try value.eval(f, m)
        return .next
    }
}

/// `xs[i] = v` and `r.name = v`: rebuilds the container (value semantics) and stores it back.
final class SetElement: StmtNode {
    let container: Node, store: (Value, Frame, Machine) throws -> Void
    let key: Node?, field: String?, value: Node
    init(container: Node, key: Node?, field: String?, value: Node,
         store: @escaping (Value, Frame, Machine) throws -> Void, _ l: SourceLocation) {
        self.container = container; self.key = key; self.field = field; self.value = value; self.store = store
        super.init(l)
    }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        var c = try container.eval(f, m)
        let v = try value.eval(f, m)
        if let field {
            guard case .record(var r) = c else { throw PopshError(.type, "cannot set field '\(field)' of a \(c.typeName)", at: location) }
            c = .null
            r[field] = v
            try store(.record(r), f, m)
        } else if let key {
            let k = try key.eval(f, m)
            switch (c, k) {
            case (.list(var xs), .int(let i)):
                c = .null
                let idx = i < 0 ? Int(i) + xs.count : Int(i)
                guard idx >= 0, idx < xs.count else {
                    throw PopshError(.runtime, "index \(i) is out of range for a list of \(xs.count)", at: location)
                }
                xs[idx] = v
                try store(.list(xs), f, m)
            case (.record(var r), .string(let name)):
                c = .null
                r[name] = v
                try store(.record(r), f, m)
            default:
                throw PopshError(.type, "cannot set an element of a \(c.typeName) with a \(k.typeName) index", at: location)
            }
        }
        return .next
    }
}

final class IfStmt: StmtNode {
    let condition: Node, then: [StmtNode], otherwise: [StmtNode]
    init(_ c: Node, _ t: [StmtNode], _ e: [StmtNode], _ l: SourceLocation) { condition = c; then = t; otherwise = e; super.init(l) }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        let branch = try truth(condition.eval(f, m), at: condition, role: "'if'") ? then : otherwise
        for s in branch {
            let flow = try s.exec(f, m)
            if flow != .next { return flow }
        }
        return .next
    }
}

final class WhileStmt: StmtNode {
    let condition: Node, body: [StmtNode]
    init(_ c: Node, _ b: [StmtNode], _ l: SourceLocation) { condition = c; body = b; super.init(l) }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        while try truth(condition.eval(f, m), at: condition, role: "'while'") {
            try checkInterrupt(location)
            switch try runBody(body, f, m) {
            case .breakLoop: return .next
            case .returned: return .returned
            default: continue
            }
        }
        return .next
    }
}

@inline(__always)
func runBody(_ body: [StmtNode], _ f: Frame, _ m: Machine) throws -> Flow {
    for s in body {
        let flow = try s.exec(f, m)
        if flow != .next { return flow }
    }
    return .next
}

final class ForStmt: StmtNode {
    let slot: Int, sequence: Node, body: [StmtNode]
    init(slot: Int, _ seq: Node, _ b: [StmtNode], _ l: SourceLocation) { self.slot = slot; sequence = seq; body = b; super.init(l) }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        let items: [Value]
        switch try sequence.eval(f, m) {
        case .list(let xs): items = xs
        case .string(let s): items = s.map { .string(String($0)) }
        case .record(let r): items = r.names.map { .string($0) }
        case .table(let t): return try loop(over: t, f, m)
        case let v: throw PopshError(.type, "cannot loop over a \(v.typeName)", at: sequence.location,
                                     hint: "loop over a list, a string, a record's field names, a table or range(n)")
        }
        for item in items {
            try checkInterrupt(location)
            f[slot] = item
            switch try runBody(body, f, m) {
            case .breakLoop: return .next
            case .returned: return .returned
            default: continue
            }
        }
        return .next
    }
}

/// `for i in range(...)`: counts without building the list.
final class ForRangeStmt: StmtNode {
    let slot: Int, start: Node?, stop: Node, step: Node?, body: [StmtNode]
    init(slot: Int, start: Node?, stop: Node, step: Node?, _ b: [StmtNode], _ l: SourceLocation) {
        self.slot = slot; self.start = start; self.stop = stop; self.step = step; body = b; super.init(l)
    }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        func int(_ n: Node?, _ def: Int64) throws -> Int64 {
            guard let n else { return def }
            guard case .int(let v) = try n.eval(f, m) else {
                throw PopshError(.type, "range needs integer bounds", at: n.location)
            }
            return v
        }
        let lo = try int(start, 0), hi = try int(stop, 0), st = try int(step, 1)
        guard st != 0 else { throw PopshError(.runtime, "range step cannot be 0", at: location) }
        var i = lo
        while st > 0 ? i < hi : i > hi {
            try checkInterrupt(location)
            f[slot] = .int(i)
            switch try runBody(body, f, m) {
            case .breakLoop: return .next
            case .returned: return .returned
            default: break
            }
            let (n, o) = i.addingReportingOverflow(st)
            if o { break }
            i = n
        }
        return .next
    }
}

final class BreakStmt: StmtNode {
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow { .breakLoop }
}

final class ContinueStmt: StmtNode {
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow { .continueLoop }
}

final class ReturnStmt: StmtNode {
    let value: Node?
    init(_ v: Node?, _ l: SourceLocation) { value = v; super.init(l) }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        m.returnValue = try value?.eval(f, m) ?? .null
        return .returned
    }
}

final class SourceStmt: StmtNode {
    let chunk: Chunk
    init(_ chunk: Chunk, _ l: SourceLocation) { self.chunk = chunk; super.init(l) }
    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        try m.runChunk(chunk)
        return .next
    }
}
