// Library: the registry of builtins and the argument helpers they share. Every builtin
// is one table entry (signature, one-line doc, example, expected result); `:help NAME`
// prints the entry and a test runs every example. The standard library's entries
// live in the Library*.swift files beside this one; domain builtins in the Builtins module.

public final class Library: @unchecked Sendable {
    public private(set) var builtins: [String: Builtin] = [:]
    /// Groups in registration order, for `:help`.
    public private(set) var groups: [(title: String, names: [String])] = []

    public init() {}

    /// Adds a group of builtins. A name registered twice is a programming error.
    public func register(_ title: String, _ entries: [Builtin]) {
        for b in entries {
            precondition(builtins[b.name] == nil, "builtin \(b.name) registered twice")
            builtins[b.name] = b
        }
        groups.append((title, entries.map(\.name)))
    }

    /// The language's standard library: values, numbers, text, lists, dates.
    public static func standard() -> Library {
        let lib = Library()
        lib.register("values", valueBuiltins)
        lib.register("numbers", numberBuiltins)
        lib.register("text", textBuiltins)
        lib.register("lists and records", listBuiltins)
        lib.register("dates", dateBuiltins)
        return lib
    }

    /// The `:help` overview: each group with its functions' signatures and docs.
    public var overview: String {
        var out = ""
        for g in groups {
            out += "\(g.title):\n"
            for n in g.names {
                let b = builtins[n]!
                out += "  " + b.signature.padding(toLength: max(34, b.signature.count + 2), withPad: " ", startingAt: 0) + b.doc + "\n"
            }
        }
        return out
    }
}

extension Call {
    /// A sequence argument as a list of values (lists; strings give their characters).
    public func sequence(_ i: Int) throws -> [Value] {
        switch args[i] {
        case .list(let xs): return xs
        case .string(let s): return s.map { .string(String($0)) }
        default: throw badArgument(i, expected: "list")
        }
    }

    public var isOmitted: (Int) -> Bool { { self.args[$0].isNull } }
}
