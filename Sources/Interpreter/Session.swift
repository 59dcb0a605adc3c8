// Session: the interpreter as the shell and the tests use it. Holds the globals across
// REPL entries, runs text (lex, parse, resolve, evaluate) on a thread with a large
// stack, tells the REPL whether an entry is incomplete, and offers completions.

#if canImport(Glibc)
import Glibc
#endif

public final class Session {
    public let machine: Machine

    public init(library: Library, write: @escaping (String) -> Void) {
        machine = Machine(library: library, write: write)
    }

    /// Runs program text. `path` is the script's file, for `source` paths relative to
    /// it; `show` prints the value of each top-level expression statement.
    public func run(_ text: String, name: String, path: String? = nil, show: Bool = true) throws {
        let source = Source(name: name, text: text)
        try onLargeStack {
            defer { FrameReaper.drain() }
            let stmts = try Parser.parse(source)
            let chunk = try Resolver.resolve(stmts, machine: machine, show: show, sourcePath: path)
            try machine.runChunk(chunk)
        }
    }

    /// True when the text stops in the middle of a statement (an open bracket or block,
    /// a trailing operator): the REPL reads another line instead of reporting an error.
    public func isIncomplete(_ text: String) -> Bool {
        do {
            _ = try Parser.parse(Source(name: "<input>", text: text))
            return false
        } catch let e as PopshError {
            return e.incompleteInput
        } catch {
            return false
        }
    }

    /// Defines or replaces a global variable (the shell sets `args` this way).
    public func define(_ name: String, _ value: Value) {
        let slot = machine.globals.slot(for: name)
        machine.globals[slot] = value
    }

    public func value(of name: String) -> Value? {
        machine.globals.index[name].flatMap { machine.globals[$0] }
    }

    /// Keywords, builtins and variables starting with `prefix`, sorted.
    public func completions(for prefix: String) -> [String] {
        let names = Set(keywords).union(machine.library.builtins.keys).union(machine.globals.defined.map(\.0))
            .union(verbNames)
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Runs `body` on a thread whose stack is big enough for the deepest nesting the
    /// parser accepts and the call depth the machine allows; errors come back here.
    private func onLargeStack(_ body: () throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let box = ThreadBox(body)
            var attr = pthread_attr_t()
            pthread_attr_init(&attr)
            defer { pthread_attr_destroy(&attr) }
            pthread_attr_setstacksize(&attr, 512 << 20)
            var thread = pthread_t()
            let arg = Unmanaged.passRetained(box).toOpaque()
            let rc = pthread_create(&thread, &attr, { raw in
                let box = Unmanaged<ThreadBox>.fromOpaque(raw!).takeRetainedValue()
                do { try box.body() } catch { box.error = error }
                return nil
            }, arg)
            if rc != 0 {
                Unmanaged<ThreadBox>.fromOpaque(arg).release()
                try body()
                return
            }
            pthread_join(thread, nil)
            if let e = box.error { throw e }
        }
    }
}

private final class ThreadBox: @unchecked Sendable {
    let body: () throws -> Void
    var error: Error?
    init(_ body: @escaping () throws -> Void) { self.body = body }
}
