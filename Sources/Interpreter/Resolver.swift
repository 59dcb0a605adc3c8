// Resolver: turns the syntax tree into the executable tree of Evaluator.swift. Every
// name becomes a frame slot (local), an index (global) or a builtin, so evaluation
// never looks a name up; unknown names, misplaced break/return and bad assignment
// targets are reported here, before anything runs, with the nearest known names.

import Foundation

/// The variables of one function (or top-level chunk) and its nested blocks.
private final class Scope {
    var blocks: [[String: Int]] = [[:]]
    var slotCount = 0
    var loopDepth = 0
    let parent: Scope?
    let isTopLevel: Bool

    init(parent: Scope?, isTopLevel: Bool) {
        self.parent = parent
        self.isTopLevel = isTopLevel
    }

    /// Top-level `let` and `fn` make globals; inside any block they make locals.
    var declaresGlobals: Bool { isTopLevel && blocks.count == 1 }

    func declare(_ name: String) -> Int {
        let slot = slotCount
        slotCount += 1
        blocks[blocks.count - 1][name] = slot
        return slot
    }
}

struct Resolver {
    private let machine: Machine
    private var scope: Scope
    private var columnMode = false
    private var showValues: Bool
    private var sourcing: [String] = []
    private var sourced: [String: [Stmt]] = [:]

    init(machine: Machine, showValues: Bool) {
        self.machine = machine
        self.scope = Scope(parent: nil, isTopLevel: true)
        self.showValues = showValues
    }

    /// Resolves a whole program. Globals are declared first so that functions may call
    /// each other and refer to variables defined further down.
    static func resolve(_ stmts: [Stmt], machine: Machine, show: Bool, sourcePath: String?) throws -> Chunk {
        var r = Resolver(machine: machine, showValues: show)
        if let sourcePath { r.sourcing.append(sourcePath) }
        try r.predeclare(stmts, from: sourcePath)
        let body = try stmts.map { try r.statement($0) }
        return Chunk(body: body, slotCount: r.scope.slotCount)
    }

    private mutating func predeclare(_ stmts: [Stmt], from path: String?) throws {
        for s in stmts {
            switch s {
            case .declare(let name, _, _): _ = machine.globals.slot(for: name)
            case .function(let decl): _ = machine.globals.slot(for: decl.name!)
            case .source(let file, let loc):
                let full = resolvePath(file, relativeTo: path)
                guard !sourcing.contains(full) else {
                    throw PopshError(.runtime, "'\(file)' sources itself (through \(sourcing.map { ($0 as NSString).lastPathComponent }.joined(separator: " → ")))",
                                     at: loc, hint: "remove the circular source")
                }
                guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                    throw PopshError(.runtime, "cannot read '\(file)' (looked for \(full))", at: loc,
                                     hint: "paths are relative to the script that sources them")
                }
                let stmts = try Parser.parse(Source(name: full, text: text))
                sourced[full] = stmts
                sourcing.append(full)
                try predeclare(stmts, from: full)
                sourcing.removeLast()
            default: break
            }
        }
    }

    private func resolvePath(_ file: String, relativeTo path: String?) -> String {
        if file.hasPrefix("/") { return file }
        let base = path.map { ($0 as NSString).deletingLastPathComponent } ?? FileManager.default.currentDirectoryPath
        return ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(file)
    }

    // MARK: - names

    private enum Binding { case local(Int, Int), global(Int), builtin(Builtin), named(Value) }

    private func lookup(_ name: String) -> Binding? {
        var hops = 0
        var s: Scope? = scope
        while let sc = s {
            for block in sc.blocks.reversed() {
                if let slot = block[name] { return .local(slot, hops) }
            }
            hops += 1
            s = sc.parent
        }
        if let g = machine.globals.index[name] { return .global(g) }
        if let b = machine.library.builtins[name] { return .builtin(b) }
        if let v = machine.library.values[name] { return .named(v.value) }
        return nil
    }

    private func knownNames() -> [String] {
        var names: [String] = []
        var s: Scope? = scope
        while let sc = s { for b in sc.blocks { names += b.keys }; s = sc.parent }
        return names + machine.globals.names + Array(machine.library.builtins.keys) + Array(machine.library.values.keys)
    }

    private func unknown(_ name: String, at loc: SourceLocation, calling: Bool) -> PopshError {
        let near = nearestNames(to: name, in: knownNames())
        let what = calling ? "no function named '\(name)'" : "'\(name)' is not defined"
        let hint = near.isEmpty ? (calling ? "type :help to list the functions" : "define it with let \(name) = ...")
            : "did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?"
        return PopshError(.name, what, at: loc, hint: hint)
    }

    private func reference(_ name: String, at loc: SourceLocation, calling: Bool = false) throws -> Node {
        switch lookup(name) {
        case .local(let slot, let hops)?: return LocalGet(name, slot: slot, hops: hops, loc)
        case .global(let slot)?: return GlobalGet(name, slot: slot, loc)
        case .builtin(let b)?: return Constant(.function(b), loc)
        case .named(let v)?: return Constant(v, loc)
        case nil: throw unknown(name, at: loc, calling: calling)
        }
    }

    // MARK: - statements

    private mutating func block(_ stmts: [Stmt], declaring loopVar: String? = nil) throws -> ([StmtNode], Int?) {
        scope.blocks.append([:])
        defer { scope.blocks.removeLast() }
        let slot = loopVar.map { scope.declare($0) }
        return (try stmts.map { try statement($0) }, slot)
    }

    private mutating func statement(_ s: Stmt) throws -> StmtNode {
        switch s {
        case .expression(let e):
            return ExprStmt(try expression(e), show: showValues && scope.declaresGlobals)
        case .declare(let name, let e, let loc):
            let value = try expression(e)
            if scope.declaresGlobals { return SetGlobal(slot: machine.globals.slot(for: name), value, loc) }
            return SetLocal(slot: scope.declare(name), hops: 0, value, loc)
        case .assign(let target, let e, let loc):
            return try assignment(target, try expression(e), at: loc)
        case .function(let decl):
            if scope.declaresGlobals {
                let slot = machine.globals.slot(for: decl.name!)
                return SetGlobal(slot: slot, try closure(decl), decl.location)
            }
            let slot = scope.declare(decl.name!)
            return SetLocal(slot: slot, hops: 0, try closure(decl), decl.location)
        case .ifElse(let c, let a, let b, let loc):
            let cond = try expression(c)
            let then = try block(a).0
            let otherwise = try b.map { try block($0).0 } ?? []
            return IfStmt(cond, then, otherwise, loc)
        case .whileLoop(let c, let body, let loc):
            let cond = try expression(c)
            scope.loopDepth += 1
            defer { scope.loopDepth -= 1 }
            return WhileStmt(cond, try block(body).0, loc)
        case .forIn(let name, let seq, let body, let loc):
            return try forLoop(name, seq, body, at: loc)
        case .breakLoop(let loc):
            guard scope.loopDepth > 0 else { throw PopshError(.parse, "'break' outside a loop", at: loc) }
            return BreakStmt(loc)
        case .continueLoop(let loc):
            guard scope.loopDepth > 0 else { throw PopshError(.parse, "'continue' outside a loop", at: loc) }
            return ContinueStmt(loc)
        case .returnValue(let e, let loc):
            guard scope.parent != nil else {
                throw PopshError(.parse, "'return' outside a function", at: loc, hint: "a script ends at its last line")
            }
            return ReturnStmt(try e.map { try expression($0) }, loc)
        case .source(let file, let loc):
            guard scope.declaresGlobals else {
                throw PopshError(.parse, "'source' must be at the top level of a script", at: loc)
            }
            let full = resolvePath(file, relativeTo: sourcing.last)
            var inner = Resolver(machine: machine, showValues: false)
            inner.sourced = sourced
            inner.sourcing = sourcing + [full]
            let body = try sourced[full]!.map { try inner.statement($0) }
            return SourceStmt(Chunk(body: body, slotCount: inner.scope.slotCount), loc)
        }
    }

    private mutating func forLoop(_ name: String, _ seq: Expr, _ body: [Stmt], at loc: SourceLocation) throws -> StmtNode {
        scope.loopDepth += 1
        defer { scope.loopDepth -= 1 }
        if case .call(.name("range", _), let args, _) = seq, case .builtin? = lookup("range"),
           (1...3).contains(args.count), args.allSatisfy({ $0.name == nil }) {
            let bounds = try args.map { try expression($0.value) }
            let (nodes, slot) = try block(body, declaring: name)
            return ForRangeStmt(slot: slot!, start: bounds.count > 1 ? bounds[0] : nil,
                                stop: bounds.count > 1 ? bounds[1] : bounds[0],
                                step: bounds.count > 2 ? bounds[2] : nil, nodes, loc)
        }
        let sequence = try expression(seq)
        let (nodes, slot) = try block(body, declaring: name)
        return ForStmt(slot: slot!, sequence, nodes, loc)
    }

    private mutating func assignment(_ target: Expr, _ value: Node, at loc: SourceLocation) throws -> StmtNode {
        switch target {
        case .name(let name, let nloc):
            switch lookup(name) {
            case .local(let slot, let hops)?: return SetLocal(slot: slot, hops: hops, value, loc)
            case .global(let slot)?: return SetGlobal(slot: slot, value, loc)
            case .named?:
                throw PopshError(.name, "'\(name)' is a database table and cannot be assigned", at: nloc,
                                 hint: "choose another name, or shadow it with let \(name) = ...")
            case .builtin?:
                throw PopshError(.name, "'\(name)' is a builtin function and cannot be assigned", at: nloc,
                                 hint: "choose another name, or shadow it with let \(name) = ...")
            case nil:
                throw PopshError(.name, "'\(name)' is not declared", at: nloc, hint: "declare it first: let \(name) = ...")
            }
        case .index(let c, let k, _):
            return SetElement(container: try expression(c), key: try expression(k), field: nil, value: value,
                              store: try store(c), loc)
        case .field(let c, let name, _):
            return SetElement(container: try expression(c), key: nil, field: name, value: value,
                              store: try store(c), loc)
        default:
            throw PopshError(.parse, "cannot assign to this expression", at: loc)
        }
    }

    /// How to write a rebuilt container back where it came from (`xs[0][1] = v`).
    private mutating func store(_ target: Expr) throws -> (Value, Frame, Machine) throws -> Void {
        let setter = try assignment(target, Constant(.null, target.location), at: target.location)
        switch setter {
        case let s as SetLocal:
            let slot = s.slot, hops = s.hops
            return { v, f, _ in if hops == 0 { f[slot] = v } else { f.ancestor(hops)[slot] = v } }
        case let s as SetGlobal:
            let slot = s.slot
            return { v, _, m in m.globals[slot] = v }
        case let s as SetElement:
            return { v, f, m in try s.assign(v, f, m) }
        default:
            throw PopshError(.parse, "cannot assign to this expression", at: target.location)
        }
    }

    // MARK: - expressions

    private mutating func closure(_ decl: FunctionDecl) throws -> ClosureNode {
        let code = FunctionCode(name: decl.name ?? "fn", parameters: decl.parameters.map {
            Param($0.name, default: $0.defaultValue.map { _ in "…" })
        })
        let outer = scope
        let savedColumnMode = columnMode
        scope = Scope(parent: outer, isTopLevel: false)
        columnMode = false
        defer { scope = outer; columnMode = savedColumnMode }
        for p in decl.parameters { _ = scope.declare(p.name) }
        code.defaults = try decl.parameters.map { try $0.defaultValue.map { try expression($0) } }
        code.body = try decl.body.map { try statement($0) }
        code.slotCount = scope.slotCount
        return ClosureNode(code, decl.location)
    }

    private mutating func expression(_ e: Expr) throws -> Node {
        switch e {
        case .literal(let v, let l): return Constant(v, l)
        case .name(let n, let l):
            if columnMode { return ColumnRef(n, variable: try? reference(n, at: l), l) }
            return try reference(n, at: l)
        case .list(let items, let l): return ListNode(try items.map { try expression($0) }, l)
        case .record(let fields, let l):
            return RecordNode(fields.map(\.0), try fields.map { try expression($0.1) }, l)
        case .negate(let x, let l): return NegateNode(try expression(x), l)
        case .not(let x, let l): return NotNode(try expression(x), l)
        case .binary(let op, let a, let b, let l): return BinaryNode(op, try expression(a), try expression(b), l)
        case .and(let a, let b, let l): return AndNode(try expression(a), try expression(b), l)
        case .or(let a, let b, let l): return OrNode(try expression(a), try expression(b), l)
        case .between(let v, let lo, let hi, let neg, let l):
            return BetweenNode(try expression(v), try expression(lo), try expression(hi), negated: neg, l)
        case .member(let v, let c, let neg, let l):
            return MemberNode(try expression(v), try expression(c), negated: neg, l)
        case .call(let callee, let args, let l):
            return try call(callee, prepending: nil, args, at: l)
        case .index(let c, let i, let l): return IndexNode(try expression(c), try expression(i), l)
        case .field(let c, let n, let l): return FieldNode(try expression(c), n, l)
        case .function(let decl): return try closure(decl)
        case .conditional(let c, let a, let b, let l):
            let cond = try expression(c)
            return ConditionalNode(cond, try block(a).0, try block(b).0, l)
        case .pipe(let input, let stage, _):
            let x = try expression(input)
            if case .call(let callee, let args, let cl) = stage {
                return try call(callee, prepending: x, args, at: cl)
            }
            return CallNode(try callee(stage), [x], [], stage.location)
        case .verb(let input, let v):
            return try verb(try expression(input), v)
        }
    }

    private mutating func callee(_ e: Expr) throws -> Node {
        if case .name(let n, let l) = e { return try reference(n, at: l, calling: true) }
        let saved = columnMode
        columnMode = false
        defer { columnMode = saved }
        return try expression(e)
    }

    private mutating func call(_ calleeExpr: Expr, prepending first: Node?, _ args: [Argument], at l: SourceLocation) throws -> Node {
        let fn = try callee(calleeExpr)
        var positional: [Node] = first.map { [$0] } ?? []
        var named: [(String, Node)] = []
        for a in args {
            let v = try expression(a.value)
            if let n = a.name { named.append((n, v)) } else { positional.append(v) }
        }
        return CallNode(fn, positional, named, l)
    }

    private mutating func verb(_ input: Node, _ v: Verb) throws -> Node {
        let other = try v.other.map { try expression($0) }
        let options = try v.options.map { ($0.name!, try expression($0.value)) }
        let saved = columnMode
        columnMode = true
        defer { columnMode = saved }
        let items = try v.items.map { ($0.name, try expression($0.value), $0.descending) }
        let by = try v.by.map { ($0.name, try expression($0.value), $0.descending) }
        return VerbNode(input: input, name: v.name, items: items, by: by, other: other, options: options, v.location)
    }
}
