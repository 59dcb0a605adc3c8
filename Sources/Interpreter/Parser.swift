// Parser: recursive descent from tokens to the syntax tree. Each function starts with
// its production; the precedence table lives in docs/language.md. Errors at the end
// of input are marked incomplete so the REPL can ask for another line.

/// Table verbs recognised after a pipe. `sort` is also a list function: `xs | sort`
/// (nothing after it) or `xs | sort(f)` calls the function.
let verbNames: Set<String> = ["where", "select", "derive", "sort", "take", "distinct", "summarize", "count", "join"]

/// How deep expressions and blocks may nest before the parser refuses: deep enough
/// for any real script, shallow enough that parsing and evaluating never exhaust the stack.
let maxNesting = 200

struct Parser {
    private let source: Source
    private let tokens: [Token]
    private var pos = 0
    private var depth = 0
    /// Call argument lists open around the current token: inside one, `, name:` after a
    /// verb is the call's next argument, not an option of the verb.
    private var argumentDepth = 0

    init(source: Source) throws {
        self.source = source
        self.tokens = try Lexer.tokenize(source)
    }

    static func parse(_ source: Source) throws -> [Stmt] {
        var p = try Parser(source: source)
        return try p.program()
    }

    // MARK: - helpers

    private var current: Token { tokens[pos] }
    private func peek(_ n: Int = 1) -> Token { tokens[min(pos + n, tokens.count - 1)] }
    private func location(_ t: Token) -> SourceLocation { SourceLocation(source: source, line: t.line, column: t.column) }
    private var here: SourceLocation { location(current) }

    @discardableResult
    private mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    private mutating func accept(_ op: String) -> Bool {
        if current.is(op) { advance(); return true }
        return false
    }

    private mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .newline: return "end of line"
        case .string: return "string \"\(t.text)\""
        case .int, .float: return "number \(t.text)"
        case .date: return "date @\(t.text)"
        default: return "'\(t.text)'"
        }
    }

    private func error(_ message: String, at t: Token? = nil, hint: String? = nil) -> PopshError {
        let t = t ?? current
        var e = PopshError(.parse, message, at: location(t), hint: hint)
        e.incompleteInput = t.kind == .eof
        return e
    }

    private mutating func expect(_ op: String, _ what: String, hint: String? = nil) throws -> Token {
        guard current.is(op) else { throw error("expected \(what), found \(describe(current))", hint: hint) }
        return advance()
    }

    private mutating func identifier(_ what: String) throws -> Token {
        guard current.kind == .identifier else {
            let hint = current.kind == .keyword ? "'\(current.text)' is a keyword and cannot be used as a name" : nil
            throw error("expected \(what), found \(describe(current))", hint: hint)
        }
        return advance()
    }

    /// A name after `.`, before `:` in a record or a named argument: keywords allowed (`in:`).
    private mutating func label(_ what: String) throws -> Token {
        guard current.kind == .identifier || current.kind == .keyword else {
            throw error("expected \(what), found \(describe(current))")
        }
        return advance()
    }

    private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= maxNesting else {
            throw error("nesting is too deep (more than \(maxNesting) levels)", hint: "split the expression with let")
        }
        return try body(&self)
    }

    // MARK: - statements

    // program -> (stmt (NEWLINE | ";")*)* EOF
    mutating func program() throws -> [Stmt] {
        var stmts: [Stmt] = []
        while true {
            while current.kind == .newline || current.is(";") { advance() }
            if current.kind == .eof { return stmts }
            stmts.append(try statement())
            try endOfStatement()
        }
    }

    private mutating func endOfStatement() throws {
        if current.kind == .newline || current.kind == .eof || current.is(";") || current.is("}") { return }
        throw error("expected end of statement, found \(describe(current))",
                    hint: "put each statement on its own line or separate them with ';'")
    }

    // block -> "{" (stmt (NEWLINE | ";")*)* "}"
    private mutating func block() throws -> [Stmt] {
        _ = try expect("{", "'{' to open a block")
        return try nested { p in
            var stmts: [Stmt] = []
            while true {
                while p.current.kind == .newline || p.current.is(";") { p.advance() }
                if p.accept("}") { return stmts }
                if p.current.kind == .eof { throw p.error("expected '}' to close the block, found end of input") }
                stmts.append(try p.statement())
                try p.endOfStatement()
            }
        }
    }

    // stmt -> let | fndecl | if | for | while | break | continue | return | source | expr ("=" expr)?
    private mutating func statement() throws -> Stmt {
        let t = current
        if t.kind == .keyword {
            switch t.text {
            case "let":
                advance()
                let name = try identifier("a variable name after 'let'")
                _ = try expect("=", "'=' after the variable name", hint: "write let \(name.text) = value")
                return .declare(name.text, try expression(), location(name))
            case "fn" where peek().kind == .identifier:
                return .function(try functionDecl())
            case "if":
                return try ifStatement()
            case "for":
                advance()
                let name = try identifier("a loop variable after 'for'")
                _ = try expect("in", "'in' after the loop variable", hint: "write for x in xs { ... }")
                let seq = try expression()
                return .forIn(name.text, seq, try block(), location(t))
            case "while":
                advance()
                let cond = try expression()
                return .whileLoop(cond, try block(), location(t))
            case "break":
                advance(); return .breakLoop(location(t))
            case "continue":
                advance(); return .continueLoop(location(t))
            case "return":
                advance()
                if current.kind == .newline || current.kind == .eof || current.is("}") || current.is(";") {
                    return .returnValue(nil, location(t))
                }
                return .returnValue(try expression(), location(t))
            case "source":
                advance()
                guard current.kind == .string else {
                    throw error("expected a file name in quotes after 'source'", hint: "write source \"other.pop\"")
                }
                return .source(advance().text, location(t))
            default:
                break
            }
        }
        let expr = try expression()
        if current.is("=") {
            let eq = advance()
            switch expr {
            case .name, .index, .field: break
            default:
                throw error("cannot assign to this expression", at: eq, hint: "assign to a variable, an element xs[i] or a field r.name")
            }
            return .assign(expr, try expression(), location(eq))
        }
        return .expression(expr)
    }

    // if -> "if" expr block ("else" (if | block))?
    private mutating func ifStatement() throws -> Stmt {
        let t = advance()
        let cond = try expression()
        if current.is("then") {
            // `if c then a else b` at statement level is an expression statement.
            return .expression(try ifExpressionRest(cond, at: t))
        }
        let then = try block()
        guard current.is("else") || (current.kind == .newline && peekPastNewlines().is("else")) else {
            return .ifElse(cond, then, nil, location(t))
        }
        skipNewlines()
        advance()
        if current.is("if") { return .ifElse(cond, then, [try ifStatement()], location(t)) }
        return .ifElse(cond, then, try block(), location(t))
    }

    private func peekPastNewlines() -> Token {
        var i = pos
        while tokens[i].kind == .newline && i < tokens.count - 1 { i += 1 }
        return tokens[i]
    }

    // fndecl -> "fn" NAME "(" params ")" ("=>" expr | block)
    private mutating func functionDecl() throws -> FunctionDecl {
        let fnTok = advance()
        let name = try identifier("a function name")
        return try functionRest(name: name.text, at: fnTok)
    }

    private mutating func functionRest(name: String?, at t: Token) throws -> FunctionDecl {
        _ = try expect("(", "'(' to open the parameter list")
        var params: [Parameter] = []
        var seenDefault = false
        while !current.is(")") {
            let p = try identifier("a parameter name")
            guard !params.contains(where: { $0.name == p.text }) else {
                throw error("parameter '\(p.text)' appears twice", at: p)
            }
            var def: Expr?
            if accept("=") { def = try expression(); seenDefault = true } else if seenDefault {
                throw error("parameter '\(p.text)' needs a default value", at: p,
                            hint: "parameters with defaults come after those without")
            }
            params.append(Parameter(name: p.text, defaultValue: def, location: location(p)))
            if !accept(",") { break }
        }
        _ = try expect(")", "')' to close the parameter list")
        let body: [Stmt]
        if current.is("=>") {
            let arrow = advance()
            body = [.returnValue(try expression(), location(arrow))]
        } else if current.is("{") {
            body = try block()
        } else {
            throw error("expected '=>' or '{' after the parameters, found \(describe(current))")
        }
        return FunctionDecl(name: name, parameters: params, body: body, location: location(t))
    }

    // MARK: - expressions

    // expr -> pipeline
    mutating func expression() throws -> Expr {
        try nested { p in try p.pipeline() }
    }

    // pipeline -> or (NEWLINE* "|" stage)*
    private mutating func pipeline() throws -> Expr {
        var left = try orExpr()
        while current.is("|") || (current.kind == .newline && peekPastNewlines().is("|")) {
            skipNewlines()
            let bar = advance()
            skipNewlines()
            if current.kind == .identifier, verbNames.contains(current.text), isVerbHere() {
                left = .verb(left, try verb())
            } else {
                left = .pipe(left, try orExpr(), location(bar))
            }
        }
        return left
    }

    /// `where`, `select`, `derive` and `summarize` are always verbs; the others are
    /// also functions (`sort(xs)`, `join(xs, ",")`), called when `(` follows, except
    /// that `join (t | where x) on ...` is the verb: its parenthesis is followed by `on`.
    private func isVerbHere() -> Bool {
        let next = peek()
        if ["where", "select", "derive", "summarize"].contains(current.text) { return true }
        if next.is("(") { return current.text == "join" && tokenAfterParenthesis(at: pos + 1).text == "on" }
        guard current.text == "sort" else { return true }
        return !(next.kind == .newline || next.kind == .eof || next.is("|") || next.is(")")
                 || next.is("]") || next.is("}") || next.is(",") || next.is(";"))
    }

    /// The token after the parenthesis that opens at `index` and its matching close.
    private func tokenAfterParenthesis(at index: Int) -> Token {
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
    private mutating func verb() throws -> Verb {
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
            v.items = try verbItems()
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

    private func verbHint(_ name: String) -> String {
        switch name {
        case "where": return "write where age between 15 and 49"
        case "select": return "write select name, sex, age"
        case "derive": return "write derive decade = div(age, 10) * 10"
        case "sort": return "write sort township, -age"
        case "take": return "write take 10"
        case "summarize": return "write summarize n = count() by township"
        default: return "see :help"
        }
    }

    private func isBy() -> Bool { current.kind == .identifier && current.text == "by" }

    private func atStageEnd() -> Bool {
        current.kind == .newline || current.kind == .eof || current.is("|") || current.is(")")
            || current.is("}") || current.is(";") || current.is("]")
    }

    // items -> item ("," item)* ; item -> NAME "=" expr | "-"? expr
    private mutating func verbItems() throws -> [VerbItem] {
        var items: [VerbItem] = []
        repeat {
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
            items.append(VerbItem(name: name, value: e, descending: desc, location: location(start)))
        } while current.is(",") && !(peek(2).is(":") && (peek().kind == .identifier || peek().kind == .keyword)) && accept(",")
        return items
    }

    // or -> and ("or" and)*
    private mutating func orExpr() throws -> Expr {
        var left = try andExpr()
        while current.is("or") {
            let t = advance(); skipNewlines()
            left = .or(left, try andExpr(), location(t))
        }
        return left
    }

    // and -> not ("and" not)*
    private mutating func andExpr() throws -> Expr {
        var left = try notExpr()
        while current.is("and") {
            let t = advance(); skipNewlines()
            left = .and(left, try notExpr(), location(t))
        }
        return left
    }

    // not -> "not" not | comparison
    private mutating func notExpr() throws -> Expr {
        if current.is("not") {
            let t = advance()
            return .not(try nested { p in try p.notExpr() }, location(t))
        }
        return try comparison()
    }

    // comparison -> range (("==" | "!=" | "<" | "<=" | ">" | ">=") range
    //              | "not"? "in" range | "not"? "between" range "and" range)?
    private mutating func comparison() throws -> Expr {
        let left = try rangeExpr()
        let t = current
        if t.kind == .op, let op = BinaryOp(rawValue: t.text), [.eq, .ne, .lt, .le, .gt, .ge].contains(op) {
            advance(); skipNewlines()
            let right = try rangeExpr()
            if current.kind == .op, let again = BinaryOp(rawValue: current.text), [.eq, .ne, .lt, .le, .gt, .ge].contains(again) {
                throw error("comparisons cannot be chained", hint: "write a < b and b < c, or b between a and c")
            }
            return .binary(op, left, right, location(t))
        }
        var negated = false
        if t.is("not"), peek().is("in") || peek().is("between") { advance(); negated = true }
        if current.is("in") {
            let inTok = advance(); skipNewlines()
            return .member(left, try rangeExpr(), negated: negated, location(inTok))
        }
        if current.is("between") {
            let bt = advance(); skipNewlines()
            let low = try rangeExpr()
            _ = try expect("and", "'and' in 'between low and high'")
            skipNewlines()
            return .between(left, low, try rangeExpr(), negated: negated, location(bt))
        }
        if negated { throw error("expected 'in' or 'between' after 'not'") }
        return left
    }

    // range -> additive (".." additive)?
    private mutating func rangeExpr() throws -> Expr {
        let left = try additive()
        if current.is("..") {
            let t = advance()
            return .binary(.range, left, try additive(), location(t))
        }
        return left
    }

    // additive -> multiplicative (("+" | "-") multiplicative)*
    private mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while current.is("+") || current.is("-") {
            let t = advance(); skipNewlines()
            left = .binary(BinaryOp(rawValue: t.text)!, left, try multiplicative(), location(t))
        }
        return left
    }

    // multiplicative -> unary (("*" | "/" | "%") unary)*
    private mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while current.is("*") || current.is("/") || current.is("%") {
            let t = advance(); skipNewlines()
            left = .binary(BinaryOp(rawValue: t.text)!, left, try unary(), location(t))
        }
        return left
    }

    // unary -> "-" unary | postfix
    private mutating func unary() throws -> Expr {
        if current.is("-") {
            let t = advance()
            return .negate(try nested { p in try p.unary() }, location(t))
        }
        return try postfix()
    }

    // postfix -> primary ("(" args ")" | "[" expr "]" | "." NAME)*
    private mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            if current.is("(") {
                advance()
                e = .call(e, try arguments(), e.location)
            } else if current.is("[") {
                let t = advance()
                let i = try expression()
                _ = try expect("]", "']' to close the index")
                e = .index(e, i, location(t))
            } else if current.is(".") {
                advance()
                let name = try label("a field name after '.'")
                e = .field(e, name.text, location(name))
            } else {
                return e
            }
        }
    }

    // args -> (arg ("," arg)*)? ")" ; arg -> (NAME ":")? expr
    private mutating func arguments() throws -> [Argument] {
        argumentDepth += 1
        defer { argumentDepth -= 1 }
        var args: [Argument] = []
        while !current.is(")") {
            let start = current
            var name: String?
            if (current.kind == .identifier || current.kind == .keyword), peek().is(":") {
                name = advance().text
                advance()
            } else if let last = args.last, last.name != nil {
                throw error("positional argument after a named one", hint: "put positional arguments first")
            }
            if let name, args.contains(where: { $0.name == name }) {
                throw error("argument '\(name)' is given twice", at: start)
            }
            args.append(Argument(name: name, value: try expression(), location: location(start)))
            if !accept(",") { break }
        }
        _ = try expect(")", "')' or ',' in the argument list")
        return args
    }

    // primary -> literal | NAME | "(" expr ")" | "[" list "]" | "{" record "}" | lambda | if-expr
    private mutating func primary() throws -> Expr {
        let t = current
        let loc = location(t)
        switch t.kind {
        case .int: advance(); return .literal(.int(t.int), loc)
        case .float: advance(); return .literal(.float(t.float), loc)
        case .string: advance(); return .literal(.string(t.text), loc)
        case .date: advance(); return .literal(.date(t.date), loc)
        case .identifier: advance(); return .name(t.text, loc)
        case .keyword:
            switch t.text {
            case "true": advance(); return .literal(.bool(true), loc)
            case "false": advance(); return .literal(.bool(false), loc)
            case "null": advance(); return .literal(.null, loc)
            case "fn":
                advance()
                return .function(try nested { p in try p.functionRest(name: nil, at: t) })
            case "if":
                advance()
                let cond = try expression()
                return try ifExpressionRest(cond, at: t)
            default:
                throw error("expected an expression, found keyword '\(t.text)'")
            }
        case .op:
            if t.is("(") {
                advance()
                let e = try expression()
                _ = try expect(")", "')' to close the parenthesis")
                return e
            }
            if t.is("[") {
                advance()
                var items: [Expr] = []
                while !current.is("]") {
                    items.append(try expression())
                    if !accept(",") { break }
                }
                _ = try expect("]", "']' or ',' in the list")
                return .list(items, loc)
            }
            if t.is("{") { return try record() }
            if t.is("|") {
                throw error("a pipe needs a value on its left", hint: "write xs | sort")
            }
            throw error("expected an expression, found \(describe(t))")
        case .newline, .eof:
            throw error("expected an expression, found \(describe(t))")
        }
    }

    // record -> "{" (LABEL ":" expr ("," LABEL ":" expr)*)? "}"
    private mutating func record() throws -> Expr {
        let open = advance()
        var fields: [(String, Expr)] = []
        skipNewlines()
        while !current.is("}") {
            let key: Token
            if current.kind == .string { key = advance() } else { key = try label("a field name") }
            guard !fields.contains(where: { $0.0 == key.text }) else {
                throw error("field '\(key.text)' appears twice in the record", at: key)
            }
            _ = try expect(":", "':' after the field name", hint: "write {name: \"a\", n: 1}")
            fields.append((key.text, try expression()))
            skipNewlines()
            if !accept(",") { break }
            skipNewlines()
        }
        skipNewlines()
        _ = try expect("}", "'}' or ',' in the record")
        return .record(fields, location(open))
    }

    // if-expr -> "if" expr ("then" expr "else" expr | block "else" (block | if-expr))
    private mutating func ifExpressionRest(_ cond: Expr, at t: Token) throws -> Expr {
        if accept("then") {
            skipNewlines()
            let a = try expression()
            skipNewlines()
            _ = try expect("else", "'else': an if-expression needs both branches",
                           hint: "write if c then a else b")
            skipNewlines()
            let b = try expression()
            return .conditional(cond, [.expression(a)], [.expression(b)], location(t))
        }
        let a = try block()
        skipNewlines()
        _ = try expect("else", "'else': an if-expression needs both branches")
        if current.is("if") {
            let inner = advance()
            let c2 = try expression()
            return .conditional(cond, a, [.expression(try ifExpressionRest(c2, at: inner))], location(t))
        }
        return .conditional(cond, a, try block(), location(t))
    }
}
