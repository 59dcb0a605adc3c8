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
    let source: Source
    let tokens: [Token]
    var pos = 0
    var depth = 0
    /// Call argument lists open around the current token: inside one, `, name:` after a
    /// verb is the call's next argument, not an option of the verb.
    var argumentDepth = 0

    init(source: Source) throws {
        self.source = source
        self.tokens = try Lexer.tokenize(source)
    }

    static func parse(_ source: Source) throws -> [Stmt] {
        var p = try Parser(source: source)
        return try p.program()
    }

    // MARK: - helpers

    var current: Token { tokens[pos] }
    func peek(_ n: Int = 1) -> Token { tokens[min(pos + n, tokens.count - 1)] }
    func location(_ t: Token) -> SourceLocation { SourceLocation(source: source, line: t.line, column: t.column) }
    var here: SourceLocation { location(current) }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    mutating func accept(_ op: String) -> Bool {
        if current.is(op) { advance(); return true }
        return false
    }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .newline: return "end of line"
        case .string: return "string \"\(t.text)\""
        case .int, .float: return "number \(t.text)"
        case .date: return "date @\(t.text)"
        default: return "'\(t.text)'"
        }
    }

    func error(_ message: String, at t: Token? = nil, hint: String? = nil) -> PopshError {
        let t = t ?? current
        var e = PopshError(.parse, message, at: location(t), hint: hint)
        e.incompleteInput = t.kind == .eof
        return e
    }

    mutating func expect(_ op: String, _ what: String, hint: String? = nil) throws -> Token {
        guard current.is(op) else { throw error("expected \(what), found \(describe(current))", hint: hint) }
        return advance()
    }

    mutating func identifier(_ what: String) throws -> Token {
        guard current.kind == .identifier else {
            let hint = current.kind == .keyword ? "'\(current.text)' is a keyword and cannot be used as a name" : nil
            throw error("expected \(what), found \(describe(current))", hint: hint)
        }
        return advance()
    }

    /// A name after `.`, before `:` in a record or a named argument: keywords allowed (`in:`).
    mutating func label(_ what: String) throws -> Token {
        guard current.kind == .identifier || current.kind == .keyword else {
            throw error("expected \(what), found \(describe(current))")
        }
        return advance()
    }

    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
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

    mutating func endOfStatement() throws {
        if current.kind == .newline || current.kind == .eof || current.is(";") || current.is("}") { return }
        throw error("expected end of statement, found \(describe(current))",
                    hint: "put each statement on its own line or separate them with ';'")
    }

    // block -> "{" (stmt (NEWLINE | ";")*)* "}"
    mutating func block() throws -> [Stmt] {
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
    mutating func statement() throws -> Stmt {
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
    mutating func ifStatement() throws -> Stmt {
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

    func peekPastNewlines() -> Token {
        var i = pos
        while tokens[i].kind == .newline && i < tokens.count - 1 { i += 1 }
        return tokens[i]
    }

    // fndecl -> "fn" NAME "(" params ")" ("=>" expr | block)
    mutating func functionDecl() throws -> FunctionDecl {
        let fnTok = advance()
        let name = try identifier("a function name")
        return try functionRest(name: name.text, at: fnTok)
    }

    mutating func functionRest(name: String?, at t: Token) throws -> FunctionDecl {
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
}
