// Completions: what Tab offers for the text before the cursor, from what the interpreter
// knows. After `|` the verbs; inside a verb the columns of the table flowing into it
// (worked out by resolving and evaluating the pipeline so far, derived columns
// included, when that cannot change anything); inside a string literal the files;
// elsewhere keywords, builtins, verbs and variables.

import Foundation

/// Where the cursor is, as far as completion cares.
public enum CompletionPlace: Equatable {
    case path(String)              // inside a string literal: its text so far
    case stage                     // right after `|`: a verb (or a function) comes next
    case verb(input: String)       // inside a verb; `input` is the pipeline flowing into it
    case anywhere
}

extension Session {
    /// The word being completed and what it may become.
    public func complete(before text: String) -> (word: String, candidates: [String]) {
        let place = Self.place(before: text)
        if case .path(let typed) = place { return (typed, Self.paths(startingWith: typed)) }
        let word = String(Self.word(endingAt: text))
        guard !word.isEmpty else { return ("", []) }
        switch place {
        case .stage:
            let verbs = verbNames.filter { $0.hasPrefix(word) }.sorted()
            if !verbs.isEmpty { return (word, verbs) }
        case .verb(let input):
            let columns = columns(flowingInto: input).filter { $0.hasPrefix(word) }
            if !columns.isEmpty { return (word, Array(Set(columns)).sorted()) }
        default:
            break
        }
        return (word, completions(for: word))
    }

    /// The name being typed: the letters, digits and underscores just before the cursor.
    public static func word(endingAt text: String) -> Substring {
        var start = text.endIndex
        while start > text.startIndex {
            let previous = text.index(before: start)
            let c = text[previous]
            guard c == "_" || c.isLetter || c.isNumber else { break }
            start = previous
        }
        return text[start...]
    }

    /// Scans the text as the lexer would (strings, comments, brackets) without needing it
    /// to be whole: the innermost open bracket's contents are what the cursor is in.
    static func place(before text: String) -> CompletionPlace {
        let chars = Array(text)
        var segmentStart = 0, lastPipe: Int? = nil
        var outer: [(Int, Int?)] = []
        var i = 0, stringStart: Int? = nil
        while i < chars.count {
            let c = chars[i]
            if stringStart != nil {
                if c == "\\" { i += 1 } else if c == "\"" { stringStart = nil }
            } else {
                switch c {
                case "\"": stringStart = i
                case "#": return .anywhere
                case "(", "[", "{":
                    outer.append((segmentStart, lastPipe))
                    (segmentStart, lastPipe) = (i + 1, nil)
                case ")", "]", "}":
                    if let (s, p) = outer.popLast() { (segmentStart, lastPipe) = (s, p) }
                case ";", "\n":
                    (segmentStart, lastPipe) = (i + 1, nil)
                case "|":
                    lastPipe = i
                case "=":
                    // `let t = people | ...`: the pipeline starts after the assignment;
                    // after a pipe, `=` names a derived column and changes nothing.
                    let before = i > 0 ? chars[i - 1] : " ", after = i + 1 < chars.count ? chars[i + 1] : " "
                    if lastPipe == nil, !"=<>!".contains(before), after != "=", after != ">" { segmentStart = i + 1 }
                default: break
                }
            }
            i += 1
        }
        if let start = stringStart { return .path(String(chars[(start + 1)...])) }
        let wordStart = chars.count - word(endingAt: text).count
        var j = wordStart - 1
        while j >= 0, chars[j] == " " || chars[j] == "\t" { j -= 1 }
        if j >= 0, chars[j] == "|" { return .stage }
        guard let pipe = lastPipe else { return .anywhere }
        let stage = String(chars[(pipe + 1)...]).drop { $0 == " " || $0 == "\t" }
        guard let verb = stage.split(whereSeparator: { !($0 == "_" || $0.isLetter) }).first,
              verbNames.contains(String(verb)), stage.count > verb.count else { return .anywhere }
        return .verb(input: String(chars[segmentStart..<pipe]))
    }

    /// The columns of the table `input` gives, or none when it is not a table or working
    /// it out could change something: only names, literals, pipes, verbs and calls of
    /// builtins that describe tables or compute values are evaluated; a user's function,
    /// an import or an export is not.
    public func columns(flowingInto input: String) -> [String] {
        guard let stmts = try? Parser.parse(Source(name: "<completion>", text: input)), stmts.count == 1,
              case .expression(let e) = stmts[0], isQuiet(e),
              let chunk = try? Resolver.resolve(stmts, machine: machine, show: false, sourcePath: nil),
              let statement = chunk.body.first as? ExprStmt,
              case .table(let table)? = try? statement.expr.eval(Frame.make(size: chunk.slotCount, parent: nil), machine)
        else { return [] }
        return table.columns.map(\.name)
    }

    private func isQuiet(_ e: Expr) -> Bool {
        switch e {
        case .literal, .name: return true
        case .list(let items, _): return items.allSatisfy(isQuiet)
        case .record(let fields, _): return fields.allSatisfy { isQuiet($0.1) }
        case .negate(let x, _), .not(let x, _), .field(let x, _, _): return isQuiet(x)
        case .binary(_, let a, let b, _), .and(let a, let b, _), .or(let a, let b, _), .index(let a, let b, _):
            return isQuiet(a) && isQuiet(b)
        case .between(let a, let b, let c, _, _): return isQuiet(a) && isQuiet(b) && isQuiet(c)
        case .member(let a, let b, _, _): return isQuiet(a) && isQuiet(b)
        case .call(.name(let f, _), let args, _):
            return machine.globals.index[f] == nil && machine.library.quietBuiltins.contains(f)
                && args.allSatisfy { isQuiet($0.value) }
        case .pipe(let input, let stage, _): return isQuiet(input) && isQuiet(stage)
        case .verb(let input, let v):
            // Verb items become SQL; only their constant parts are evaluated.
            return isQuiet(input) && v.other.map(isQuiet) ?? true
                && (v.items + v.by).allSatisfy { isQuiet($0.value) || isSQLForm($0.value) }
        case .call, .function, .conditional: return false
        }
    }

    private func isSQLForm(_ e: Expr) -> Bool {
        guard case .call(.name(let f, _), let args, _) = e else { return false }
        return machine.library.tableForms[f] != nil && args.allSatisfy { isQuiet($0.value) || isSQLForm($0.value) }
    }

    /// Files and folders (with their slash) whose path starts with `typed`, relative to
    /// the working directory; `~/` is the home folder.
    static func paths(startingWith typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let stem = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let expanded = folder.hasPrefix("~/") ? NSHomeDirectory() + folder.dropFirst() : folder
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: expanded.isEmpty ? "." : expanded) else { return [] }
        return entries.filter { $0.hasPrefix(stem) && (!$0.hasPrefix(".") || stem.hasPrefix(".")) }.sorted().map { name in
            var isFolder: ObjCBool = false
            _ = fm.fileExists(atPath: expanded + name, isDirectory: &isFolder)
            return folder + name + (isFolder.boolValue ? "/" : "")
        }
    }
}
