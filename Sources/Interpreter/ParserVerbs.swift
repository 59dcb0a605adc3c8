// ParserVerbs: the table verbs after a pipe (`where`, `select`, `derive`, `sort`,
// `take`, `distinct`, `summarize`, `count`, `join`), and how a verb is told apart
// from a function of the same name (`sort(xs)`, `join(xs, ",")`).

extension Parser {
    /// `where`, `select`, `derive` and `summarize` are always verbs; the others are
    /// also functions (`sort(xs)`, `join(xs, ",")`), called when `(` follows, except
    /// that `join (t | where x) on ...` is the verb: its parenthesis is followed by `on`.
    func isVerbHere() -> Bool {
        let next = peek()
        if ["where", "select", "derive", "summarize"].contains(current.text) { return true }
        if next.is("(") { return current.text == "join" && tokenAfterParenthesis(at: pos + 1).text == "on" }
        guard current.text == "sort" else { return true }
        return !(next.kind == .newline || next.kind == .eof || next.is("|") || next.is(")")
                 || next.is("]") || next.is("}") || next.is(",") || next.is(";"))
    }

    /// The token after the parenthesis that opens at `index` and its matching close.
    func tokenAfterParenthesis(at index: Int) -> Token {
        var depth = 0
        var i = index
        while i < tokens.count - 1 {
            if tokens[i].is("(") { depth += 1 }
            if tokens[i].is(")") {
                depth -= 1
                if depth == 0 { return tokens[i + 1] }
            }
            i += 1
        }
        return tokens[tokens.count - 1]
    }

    // verb -> VERB items ("by" items)? ("on" expr)? ("," NAME ":" expr)*
    mutating func verb() throws -> Verb {
        let t = advance()
        var v = Verb(name: t.text, items: [], by: [], other: nil, options: [], location: location(t))
        switch t.text {
        case "join":
            v.other = try postfix()
            guard current.kind == .identifier, current.text == "on" else {
                throw error("expected 'on' after the table to join", hint: "write join wis on person_id == woman_id")
            }
            advance()
            v.items = [VerbItem(name: nil, value: try orExpr(), descending: false, location: here)]
        case "count", "distinct":
            if !atStageEnd(), !isBy() { v.items = try verbItems() }
        default:
            guard !atStageEnd() else {
                throw error("'\(t.text)' needs something after it", at: t, hint: verbHint(t.text))
            }
            // In an argument list a comma after where's condition or take's count starts
            // the call's next argument: apply(f | where x > 1, "new_card").
            v.items = argumentDepth > 0 && ["where", "take"].contains(t.text) ? [try verbItem()] : try verbItems()
        }
        if isBy() {
            advance()
            v.by = try verbItems()
        }
        // Inside a call, `, name:` after a verb other than `join` belongs to the call,
        // as in show(t | sort x, rows: 5).
        while v.name == "join" || argumentDepth == 0, current.is(","), peek().kind == .identifier || peek().kind == .keyword, peek(2).is(":") {
            advance()
            let name = advance()
            advance()
            v.options.append(Argument(name: name.text, value: try orExpr(), location: location(name)))
        }
        return v
    }

    func verbHint(_ name: String) -> String {
        switch name {
        case "where": return "write where age between 15 and 49"
        case "select": return "write select name, sex, age"
        case "derive": return "write derive born = year(birth_date)"
        case "sort": return "write sort township, -age"
        case "take": return "write take 10"
        case "summarize": return "write summarize n = count() by township"
        default: return "see :help"
        }
    }

    func isBy() -> Bool { current.kind == .identifier && current.text == "by" }

    func atStageEnd() -> Bool {
        current.kind == .newline || current.kind == .eof || current.is("|") || current.is(")")
            || current.is("}") || current.is(";") || current.is("]")
    }

    // items -> item ("," item)* ; item -> NAME "=" expr | "-"? expr
    mutating func verbItems() throws -> [VerbItem] {
        var items: [VerbItem] = []
        repeat {
            items.append(try verbItem())
        } while current.is(",") && !(peek(2).is(":") && (peek().kind == .identifier || peek().kind == .keyword)) && accept(",")
        return items
    }

    mutating func verbItem() throws -> VerbItem {
        skipNewlines()
        let start = current
        var e = try orExpr()
        var name: String?
        var desc = false
        if current.is("="), case .name(let n, _) = e {
            advance()
            name = n
            e = try orExpr()
        } else if case .negate(let inner, _) = e {
            desc = true
            e = inner
        }
        return VerbItem(name: name, value: e, descending: desc, location: location(start))
    }
}
