// Machine: what runs resolved code. Globals (a slot per name, kept across REPL
// entries), frames (the locals of one call, allocated once per call), the call
// protocol shared by closures and builtins, and the bound on call depth that turns
// runaway recursion into an error instead of a crash.

import DataModel

/// Variables of the session: one slot per name, kept across REPL entries. The slots
/// live in a buffer of their own, not an array, so reading a global in a hot loop
/// costs a load, without the array's retain and uniqueness checks.
public final class Globals {
    private var storage: UnsafeMutablePointer<Value?>
    private var capacity = 64
    private(set) var names: [String] = []
    private(set) var index: [String: Int] = [:]

    init() {
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deinitialize(count: names.count)
        storage.deallocate()
    }

    @inline(__always)
    subscript(slot: Int) -> Value? {
        get { storage[slot] }
        set { storage[slot] = newValue }
    }

    func slot(for name: String) -> Int {
        if let i = index[name] { return i }
        if names.count == capacity {
            let grown = UnsafeMutablePointer<Value?>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: storage, count: names.count)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        (storage + names.count).initialize(to: nil)
        index[name] = names.count
        names.append(name)
        return names.count - 1
    }

    /// Defined variables in definition order, for `:vars` and completion.
    public var defined: [(String, Value)] {
        names.indices.compactMap { i in storage[i].map { (names[i], $0) } }
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

    /// Empties the slots and forgets the parent, so the frame can serve another call.
    func reset() {
        withUnsafeMutablePointers { h, e in
            for i in 0..<h.pointee.count { e[i] = .null }
            h.pointee.parent = nil
        }
    }

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
    var parent: Frame?
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
    /// Frames of returned calls that nothing captured, by size: a call takes one instead
    /// of allocating, which halves the cost of calling a small function.
    private var framePools = [[Frame]](repeating: [], count: Machine.pooledFrameSizes)
    private static let pooledFrameSizes = 8
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
        var frame = self.frame(size: code.slotCount, parent: closure.captured)
        defer { recycle(&frame) }
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

    @inline(__always)
    func frame(size: Int, parent: Frame?) -> Frame {
        if size < Machine.pooledFrameSizes, let f = framePools[size].popLast() {
            f.header.parent = parent
            return f
        }
        return Frame.make(size: size, parent: parent)
    }

    /// Returns a frame to its pool unless a closure kept it.
    @inline(__always)
    func recycle(_ frame: inout Frame) {
        let size = frame.header.count
        guard size < Machine.pooledFrameSizes, isKnownUniquelyReferenced(&frame) else { return }
        frame.reset()
        framePools[size].append(frame)
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

    /// Number of parameters, read on every call.
    let arity: Int

    init(name: String, parameters: [Param]) {
        self.name = name
        self.parameters = parameters
        arity = parameters.count
    }
}
