// ParserExpressions: the expression half of the recursive-descent parser, from the
// pipe (loosest) down to primaries, and the table verbs that may follow a pipe. Each
// function starts with its production; docs/language.md has the precedence table.

extension Parser {
    // expr -> pipeline
    mutating func expression() throws -> Expr {
        try nested { p in try p.pipeline() }
    }

    // pipeline -> or (NEWLINE* "|" stage)*
    mutating func pipeline() throws -> Expr {
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

    // or -> and ("or" and)*
    mutating func orExpr() throws -> Expr {
        var left = try andExpr()
        while current.is("or") {
            let t = advance(); skipNewlines()
            left = .or(left, try andExpr(), location(t))
        }
        return left
    }

    // and -> not ("and" not)*
    mutating func andExpr() throws -> Expr {
        var left = try notExpr()
        while current.is("and") {
            let t = advance(); skipNewlines()
            left = .and(left, try notExpr(), location(t))
        }
        return left
    }

    // not -> "not" not | comparison
    mutating func notExpr() throws -> Expr {
        if current.is("not") {
            let t = advance()
            return .not(try nested { p in try p.notExpr() }, location(t))
        }
        return try comparison()
    }

    // comparison -> range (("==" | "!=" | "<" | "<=" | ">" | ">=") range
    //              | "not"? "in" range | "not"? "between" range "and" range)?
    mutating func comparison() throws -> Expr {
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
    mutating func rangeExpr() throws -> Expr {
        let left = try additive()
        if current.is("..") {
            let t = advance()
            return .binary(.range, left, try additive(), location(t))
        }
        return left
    }

    // additive -> multiplicative (("+" | "-") multiplicative)*
    mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while current.is("+") || current.is("-") {
            let t = advance(); skipNewlines()
            left = .binary(BinaryOp(rawValue: t.text)!, left, try multiplicative(), location(t))
        }
        return left
    }

    // multiplicative -> unary (("*" | "/" | "%") unary)*
    mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while current.is("*") || current.is("/") || current.is("%") {
            let t = advance(); skipNewlines()
            left = .binary(BinaryOp(rawValue: t.text)!, left, try unary(), location(t))
        }
        return left
    }

    // unary -> "-" unary | postfix
    mutating func unary() throws -> Expr {
        if current.is("-") {
            let t = advance()
            return .negate(try nested { p in try p.unary() }, location(t))
        }
        return try postfix()
    }

    // postfix -> primary ("(" args ")" | "[" expr "]" | "." NAME)*
    mutating func postfix() throws -> Expr {
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
    mutating func arguments() throws -> [Argument] {
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
    mutating func primary() throws -> Expr {
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
    mutating func record() throws -> Expr {
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
    mutating func ifExpressionRest(_ cond: Expr, at t: Token) throws -> Expr {
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
