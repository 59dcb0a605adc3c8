// Statements: the statement nodes of the executable tree. Each returns how control
// leaves it (next, break, continue, return); loops poll the interrupt flag at every
// back-edge so Ctrl-C stops even `while true {}`.

import DataModel

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
        m.globals[slot] = try value.eval(f, m)
        return .next
    }
}

/// `xs[i] = v` and `r.name = v`: rebuilds the container (value semantics) and stores it
/// back through `store`, which for `xs[0][1] = v` is itself an element assignment.
final class SetElement: StmtNode {
    let container: Node, store: (Value, Frame, Machine) throws -> Void
    let key: Node?, field: String?, value: Node
    init(container: Node, key: Node?, field: String?, value: Node,
         store: @escaping (Value, Frame, Machine) throws -> Void, _ l: SourceLocation) {
        self.container = container; self.key = key; self.field = field; self.value = value; self.store = store
        super.init(l)
    }

    override func exec(_ f: Frame, _ m: Machine) throws -> Flow {
        try assign(try value.eval(f, m), f, m)
        return .next
    }

    /// Puts `v` at this element of the container and stores the container back.
    func assign(_ v: Value, _ f: Frame, _ m: Machine) throws {
        try v.checkNestable(at: location)
        var c = try container.eval(f, m)
        if let field {
            guard case .record(var r) = c else { throw PopshError(.type, "cannot set field '\(field)' of a \(c.typeName)", at: location) }
            c = .null    // drop the second reference so the record is copied at most once
            r[field] = v
            return try store(.record(r), f, m)
        }
        let k = try key!.eval(f, m)
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
