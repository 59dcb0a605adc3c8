// ProgramGenerator: popsh programs written from the grammar of docs/language.md and the
// verbs of docs/tables.md, with every builtin of the library called with plausible and
// extreme arguments. Programs are usually well-formed, so they get past the parser and
// the resolver into the evaluator, the builtins and the SQL compiler, where the traps
// were; the mutator covers the ill-formed side.

import DataModel
import Interpreter

public struct ProgramGenerator {
    /// Builtins by name with their parameter names, sorted so that a seed means the
    /// same programs whatever the dictionary order.
    let builtins: [(name: String, parameters: [String])]
    /// Columns of each named table, to write verbs that reach the database.
    let columns: [String: [String]]
    var random: FuzzRandom
    private var depth = 0
    private var declared: [String] = []

    public init(library: Library, columns: [String: [String]], random: FuzzRandom = FuzzRandom(seed: 0)) {
        builtins = library.builtins.keys.sorted().map { name in
            (name, library.builtins[name].map { $0.parameters.map(\.name) } ?? [])
        }
        self.columns = columns
        self.random = random
    }

    /// program -> (stmt NEWLINE)*, drawn from `random` (the stream of one program).
    public mutating func program(_ random: FuzzRandom) -> String {
        self.random = random
        declared = FuzzValues.names
        depth = 0
        // Every variable is declared first: the resolver refuses a program that uses an
        // undeclared name before anything runs, and the point is to run.
        let prelude = FuzzValues.names.map { name in
            "let \(name) = " + (name == "f" ? "fn(v) => v" : name == "xs" ? "[\(literal()), \(literal())]" : literal())
        }
        return (prelude + ["fn wrap(p) => fn() => p"] + (0..<(1 + self.random.below(3))).map { _ in statement() })
            .joined(separator: "\n") + "\n"
    }

    // stmt -> "let" NAME "=" expr | fndecl | if | for | while | expr ("=" expr)?
    mutating func statement() -> String {
        depth += 1
        defer { depth -= 1 }
        let name = random.pick(FuzzValues.names)
        switch random.below(depth > 2 ? 3 : 10) {
        case 0, 1:
            // A fresh name: `let x = x + 1` in a block is "x used before it is defined".
            let fresh = "v\(random.below(1000))"
            let value = expression()
            declared.append(fresh)
            return "let \(fresh) = \(value)"
        case 2: return expression()
        case 3: return "\(random.pick(declared.isEmpty ? FuzzValues.names : declared)) = \(expression())"
        case 4:
            let fresh = "g\(random.below(1000))"
            let function = random.chance(0.5) ? "fn \(fresh)(a, b = \(literal())) => \(expression())"
                : "fn \(fresh)(a) {\n\(block())\nreturn \(expression())\n}"
            declared.append(fresh)
            return function
        case 5: return "if \(expression()) {\n\(block())\n} else {\n\(block())\n}"
        case 6: return "for \(name) in \(expression()) {\n\(block())\n}"
        case 7:
            guard random.chance(0.7) else {
                // Growth in a loop: values nested, closures chained, text doubled.
                let grow = random.pick(["[\(name)]", "{a: \(name)}", "wrap(\(name))", "\(name) + \(name)", "[\(name), \(name)]"])
                return "for i in range(\(random.pick(["3", "1000", "100000"]))) { \(name) = \(grow) }"
            }
            return "while \(expression()) {\n\(block())\nbreak\n}"
        case 8:
            guard random.chance(0.5) else { return "print(\(expression()))" }
            let path = random.pick(FuzzValues.paths)
            return "export((\(pipelineSource()) | \(verb()) | take 20), \(path))\n"
                + random.pick(["read_csv(\(path)) | take 3", "import_files(\(path))", "len(read_csv(\(path)))"])
        default: return "\(pipelineSource()) | \(verb())"
        }
    }

    mutating func block() -> String {
        (0..<(1 + random.below(2))).map { _ in statement() }.joined(separator: "\n")
    }

    // expr -> pipeline; the levels below are chosen at random, bracketed so precedence
    // never decides what is tested.
    mutating func expression() -> String {
        depth += 1
        defer { depth -= 1 }
        if depth > 3 { return random.chance(0.7) ? literal() : variable() }
        switch random.below(16) {
        case 0, 1, 2: return literal()
        case 3: return variable()
        case 4: return "(\(expression()) \(random.pick(FuzzValues.binaryOperators)) \(expression()))"
        case 5: return "(-\(expression()))"
        case 6: return "(not \(expression()))"
        case 7: return "(\(expression()) \(random.chance(0.2) ? "not " : "")between \(expression()) and \(expression()))"
        case 8: return "(\(expression()) \(random.chance(0.2) ? "not " : "")in \(expression()))"
        case 9: return "(\(expression()) .. \(expression()))"
        case 10, 11, 12: return call()
        case 13: return "\(expression())[\(expression())]"
        case 14: return random.chance(0.5) ? "[\(list())]" : "{a: \(expression()), b: \(expression())}"
        default:
            return random.chance(0.5) ? "(fn(x) => \(expression()))" : "(if \(expression()) then \(expression()) else \(expression()))"
        }
    }

    mutating func list() -> String {
        (0..<random.below(4)).map { _ in expression() }.joined(separator: ", ")
    }

    /// A builtin called with the right number of arguments or one off, some by name.
    mutating func call() -> String {
        let (name, parameters) = random.pick(builtins)
        var count = parameters.count
        if random.chance(0.2) { count = max(0, count + random.below(3) - 1) }
        var args: [String] = []
        var naming = false
        for i in 0..<count {
            // An extra argument after named ones would only be a parse error.
            if naming && i >= parameters.count { break }
            let value = i < parameters.count && random.chance(0.7) ? typed(kind(of: parameters[i])) : argument(for: name, i)
            // Once one argument is named, the rest are too: named ones come last.
            naming = naming || (i > 0 && random.chance(0.3))
            args.append(naming && i < parameters.count ? "\(parameters[i]): \(value)" : value)
        }
        return "\(name)(\(args.joined(separator: ", ")))"
    }

    mutating func argument(for builtin: String, _ i: Int) -> String {
        if builtin == "format" && i == 0 { return random.pick(FuzzValues.formats) }
        if random.chance(0.15) { return "(\(pipelineSource()) | \(verb()))" }
        return expression()
    }

    enum Kind { case int, number, string, date, list, function, table, feed, level, month, path, paths, compare, anything }

    /// What a parameter of this name usually takes, so most calls get past the type
    /// checks into the builtin's body.
    func kind(of parameter: String) -> Kind {
        switch parameter {
        case "n", "digits", "start", "length", "a", "b", "step", "year", "day", "rows", "i", "k", "batch": return .int
        case "threshold", "margin": return .number
        case "s", "template", "prefix", "suffix", "old", "new", "separator", "name", "by", "code",
             "area", "kind", "as", "language", "title", "format", "action", "encoding": return .string
        case "feed": return .feed
        case "level": return .level
        case "month": return .month
        case "path": return .path
        case "paths": return .paths
        case "compare": return .compare
        case "d", "birth", "on", "start_date", "end_date": return .date
        case "xs", "values", "sections": return .list
        case "f", "key": return .function
        case "t", "left", "right", "findings", "run": return .table
        default: return .anything
        }
    }

    mutating func typed(_ kind: Kind) -> String {
        switch kind {
        case .int: return random.chance(0.5) ? random.pick(FuzzValues.plausibleInts) : random.pick(FuzzValues.extremeInts)
        case .number: return random.pick(random.chance(0.5) ? FuzzValues.floats : FuzzValues.plausibleInts + FuzzValues.extremeInts)
        case .feed: return random.pick(FuzzValues.feeds)
        case .level: return random.pick(FuzzValues.levels)
        case .month: return random.pick(FuzzValues.months)
        case .path: return random.pick(FuzzValues.paths)
        case .paths: return "[\(random.pick(FuzzValues.paths)), \(random.pick(FuzzValues.paths))]"
        case .compare:
            let tolerance = random.chance(0.5) ? ", tolerance: \(typed(.number))" : ""
            return "{\(column()): {kind: \(random.pick(FuzzValues.comparisonKinds))\(tolerance)}, birth_date: \"date\"}"
        case .string: return random.pick(random.chance(0.8) ? FuzzValues.strings : FuzzValues.formats)
        case .date: return random.chance(0.8) ? random.pick(FuzzValues.dates) : "(\(random.pick(FuzzValues.dates)) + \(typed(.int)))"
        case .list: return random.chance(0.3) ? "(\(typed(.int)) .. \(typed(.int)))" : "[\(list())]"
        case .function: return "fn(v) => \(random.chance(0.5) ? "v" : expression())"
        case .table: return "(\(pipelineSource()) | \(verb()))"
        case .anything: return literal()
        }
    }

    mutating func literal() -> String {
        switch random.below(12) {
        case 0, 1: return random.pick(FuzzValues.plausibleInts)
        case 2, 3: return random.pick(FuzzValues.extremeInts)
        case 4: return random.pick(FuzzValues.floats)
        case 5, 6: return random.pick(FuzzValues.strings)
        case 7: return random.pick(FuzzValues.formats)
        case 8, 9: return random.pick(FuzzValues.dates)
        case 10: return random.pick(FuzzValues.keywords)
        default: return random.pick(FuzzValues.tableNames)
        }
    }

    mutating func variable() -> String {
        random.pick(declared.isEmpty || random.chance(0.3) ? FuzzValues.names : declared)
    }

    // A table to pipe into verbs: a named table, a cohort or a table builtin's result.
    mutating func pipelineSource() -> String {
        switch random.below(6) {
        case 0: return "mwcba(on: \(random.pick(FuzzValues.dates)))"
        case 1: return "women(ages: \(random.chance(0.5) ? literal() : "\(literal())..\(literal())"))"
        case 2: return "people(on: \(random.pick(FuzzValues.dates)))"
        default: return random.pick(FuzzValues.tableNames)
        }
    }

    // verb -> VERB items ("by" items)? ; the columns are mostly those of people.
    mutating func verb() -> String {
        switch random.below(9) {
        case 0: return "where \(condition())"
        case 1: return "select \(column()), \(column())"
        case 2: return "derive c = \(columnExpression())"
        case 3: return "sort \(random.chance(0.5) ? "-" : "")\(column())"
        case 4: return "take \(random.chance(0.5) ? random.pick(FuzzValues.plausibleInts) : random.pick(FuzzValues.extremeInts))"
        case 5: return "distinct \(column())"
        case 6:
            let aggregate = random.pick(FuzzValues.aggregates)
                .replacingOccurrences(of: "C", with: condition()).replacingOccurrences(of: "X", with: column())
            return "summarize n = \(aggregate) by \(column())"
        case 7: return "count by \(column())"
        default: return "join wis on person_id == woman_id"
        }
    }

    mutating func column() -> String {
        let all = columns["people"] ?? []
        return all.isEmpty || random.chance(0.05) ? random.pick(FuzzValues.names) : random.pick(all)
    }

    mutating func condition() -> String {
        switch random.below(5) {
        case 0: return "age between \(literal()) and \(literal())"
        case 1: return "age \(random.pick(["<", "<=", ">", ">=", "==", "!="])) \(literal())"
        case 2: return "inside(residence_area, \(random.pick(FuzzValues.strings)))"
        case 3: return "\(column()) == \(literal())"
        default: return "\(columnExpression()) \(random.pick(["<", ">", "=="])) \(literal())"
        }
    }

    mutating func columnExpression() -> String {
        switch random.below(6) {
        case 0: return "\(column()) + \(literal())"
        case 1: return "substr(\(column()), \(literal()), \(literal()))"
        case 2: return "round(\(column()), \(literal()))"
        case 3: return "(if age < \(literal()) then \(literal()) else \(literal()))"
        case 4: return "\(literal()) * \(literal())"
        default: return "age(birth_date, on: \(random.pick(FuzzValues.dates)))"
        }
    }
}
