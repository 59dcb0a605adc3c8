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
    /// Entries of documented names that are not builtins (the table verbs, the shell's
    /// commands), by group title; `groups` lists them in their place.
    public private(set) var documented: [String: [HelpEntry]] = [:]
    /// Builtins (and callable tables) that only compute a value or describe a table:
    /// completion may call them to learn a pipeline's columns. Printing, writing and
    /// calling back into a user's function are not in it.
    public private(set) var quietBuiltins: Set<String> = []
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

    /// Adds (or replaces) the entries of a family of names that are not builtins, for
    /// `:help` and completion.
    public func document(_ title: String, _ entries: [HelpEntry]) {
        if documented[title] == nil { groups.append((title, [])) }
        documented[title] = entries
        groups = groups.map { $0.title == title ? (title, entries.map(\.name)) : $0 }
    }

    /// Every entry for `name`: a builtin, a verb, a command (`sort` is a builtin and a verb).
    public func entries(named name: String) -> [HelpEntry] {
        var found = builtins[name].map { [$0.entry] } ?? []
        for g in groups { found += documented[g.title]?.filter { $0.name == name } ?? [] }
        return found
    }

    /// Every name `:help` documents: tables, builtins, verbs, commands.
    public var documentedNames: [String] {
        Array(Set(values.keys).union(builtins.keys).union(documented.values.flatMap { $0.map(\.name) })).sorted()
    }

    /// Marks builtins as quiet (see `quietBuiltins`).
    public func markQuiet(_ names: [String]) {
        quietBuiltins.formUnion(names)
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
        lib.document("table verbs (after |)", verbHelp)
        lib.register("values", valueBuiltins)
        lib.register("numbers", numberBuiltins)
        lib.register("text", textBuiltins)
        lib.register("lists and records", listBuiltins)
        lib.register("dates", dateBuiltins)
        for (name, form) in standardTableForms { lib.registerTableForm(name, form) }
        lib.markQuiet(lib.builtins.keys.filter { !["print", "assert", "map", "filter", "reduce", "sort"].contains($0) })
        return lib
    }

    /// The `:help` overview: the tables, then each family with its names' signatures
    /// and docs, a doc cut to what fits `width` cells (`:help NAME` has it whole).
    public func overview(width: Int? = nil) -> String {
        func line(_ name: String, _ doc: String) -> String {
            let head = "  " + name.padding(toLength: max(34, name.count + 2), withPad: " ", startingAt: 0)
            guard let width else { return head + doc + "\n" }
            guard TextWidth.of(head) + 20 > width else { return head + TextWidth.truncate(doc, to: width - TextWidth.of(head)) + "\n" }
            // A long signature takes its own line and the doc goes under the others' docs.
            return "  " + TextWidth.truncate(name, to: width - 2) + "\n" + String(repeating: " ", count: 36)
                + TextWidth.truncate(doc, to: max(20, width - 36)) + "\n"
        }
        var out = ""
        if !values.isEmpty {
            out += "database tables (people | where ...):\n"
            for name in values.keys.sorted() { out += line(name, values[name]!.doc) }
        }
        for g in groups {
            out += "\(g.title):\n"
            if let entries = documented[g.title] {
                for e in entries { out += line(e.signature, e.doc) }
            } else {
                for n in g.names { out += line(builtins[n]!.signature, builtins[n]!.doc) }
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
