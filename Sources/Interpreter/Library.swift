// Library: the registry of builtins and the argument helpers they share. Every builtin
// is one table entry (signature, one-line doc, example, expected result); `:help NAME`
// prints the entry and a test runs every example. The standard library's entries
// live in the Library*.swift files beside this one; domain builtins in the Builtins module.

import DataModel

public final class Library: @unchecked Sendable {
    public private(set) var builtins: [String: Builtin] = [:]
    /// Groups in registration order, for `:help`.
    public private(set) var groups: [(title: String, names: [String])] = []
    /// Named values resolved like builtins (the database tables `people`, `wis`, ...).
    public private(set) var values: [String: (value: Value, doc: String)] = [:]
    /// How builtins run inside a table verb, by builtin name (see TableFunctions.swift).
    public private(set) var tableForms: [String: TableForm] = [:]
    /// Shows values the standard forms cannot (a table runs and draws itself); nil
    /// from it means "show the usual way".
    public var display: ((Value, Machine, SourceLocation) throws -> String?)?

    public init() {}

    /// Adds a group of builtins. A name registered twice is a programming error.
    public func register(_ title: String, _ entries: [Builtin]) {
        for b in entries {
            precondition(builtins[b.name] == nil, "builtin \(b.name) registered twice")
            builtins[b.name] = b
        }
        groups.append((title, entries.map(\.name)))
    }

    /// Adds a named value; a name may not be both a value and a builtin.
    public func define(_ name: String, _ value: Value, doc: String) {
        precondition(values[name] == nil && builtins[name] == nil, "\(name) defined twice")
        values[name] = (value, doc)
    }

    /// Replaces a builtin of the same name (a domain module widening a standard function
    /// to tables); the group listing is unchanged.
    public func replace(_ builtin: Builtin) {
        precondition(builtins[builtin.name] != nil, "\(builtin.name) is not registered")
        builtins[builtin.name] = builtin
    }

    /// Gives a builtin its SQL form inside table verbs.
    public func registerTableForm(_ name: String, _ form: @escaping TableForm) {
        tableForms[name] = form
    }

    /// The language's standard library: values, numbers, text, lists, dates.
    public static func standard() -> Library {
        let lib = Library()
        lib.register("values", valueBuiltins)
        lib.register("numbers", numberBuiltins)
        lib.register("text", textBuiltins)
        lib.register("lists and records", listBuiltins)
        lib.register("dates", dateBuiltins)
        for (name, form) in standardTableForms { lib.registerTableForm(name, form) }
        return lib
    }

    /// The `:help` overview: each group with its functions' signatures and docs.
    public var overview: String {
        var out = ""
        if !values.isEmpty {
            out += "tables:\n"
            for name in values.keys.sorted() {
                out += "  " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + values[name]!.doc + "\n"
            }
        }
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
