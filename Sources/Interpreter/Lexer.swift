// Lexer: turns program text into tokens with line and column. Newlines are tokens
// (they end statements); inside ( ) and [ ] they are skipped so a call or list can
// span lines. Literals: integers, floats, strings with escapes, dates (@2025-12-31).

import DataModel

public enum TokenKind: Equatable, Sendable {
    case identifier, keyword
    case int, float, string, date
    case op            // punctuation and operators; the text says which
    case newline, eof
}

public struct Token: Sendable {
    public var kind: TokenKind
    public var text: String
    public var int: Int64 = 0
    public var float: Double = 0
    public var date = CivilDate(days: 0)
    public var line: Int
    public var column: Int

    func `is`(_ op: String) -> Bool { (kind == .op || kind == .keyword) && text == op }
}

let keywords: Set<String> = [
    "let", "fn", "if", "then", "else", "for", "in", "while", "break", "continue",
    "return", "true", "false", "null", "and", "or", "not", "between", "source",
]

/// Operators, longest first so that `==` wins over `=`.
private let operators = ["==", "!=", "<=", ">=", "=>", "..", "+", "-", "*", "/", "%", "<", ">",
                         "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", ";"]

struct Lexer {
    let source: Source
    private let chars: [Character]
    private var pos = 0
    private var line = 1
    private var column = 1
    /// The brackets open at this point. Inside `(` or `[` a line break is only space, so
    /// an argument list may span lines; a `{` inside them opens a block (or record) whose
    /// line breaks separate statements again.
    private var openBrackets: [Character] = []

    init(_ source: Source) {
        self.source = source
        self.chars = Array(source.text)
    }

    static func tokenize(_ source: Source) throws -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .eof { return tokens }
        }
    }

    private func error(_ message: String, hint: String? = nil, line: Int? = nil, column: Int? = nil) -> PopshError {
        PopshError(.lexical, message,
                   at: SourceLocation(source: source, line: line ?? self.line, column: column ?? self.column),
                   hint: hint)
    }

    private func peek(_ ahead: Int = 0) -> Character? {
        pos + ahead < chars.count ? chars[pos + ahead] : nil
    }

    private mutating func advance() -> Character {
        let c = chars[pos]
        pos += 1
        if c == "\n" || c == "\r\n" { line += 1; column = 1 } else { column += 1 }
        return c
    }

    mutating func next() throws -> Token {
        skipSpaceAndComments()
        let startLine = line, startColumn = column
        func token(_ kind: TokenKind, _ text: String) -> Token {
            Token(kind: kind, text: text, line: startLine, column: startColumn)
        }
        guard let c = peek() else { return token(.eof, "") }
        if c == "\n" || c == "\r\n" {
            _ = advance()
            return token(.newline, "\n")
        }
        if c.isNumber && c.isASCII { return try number(line: startLine, column: startColumn) }
        if c == "\"" { return try string(line: startLine, column: startColumn) }
        if c == "@" { return try date(line: startLine, column: startColumn) }
        if isIdentifierStart(c) {
            var text = ""
            while let d = peek(), isIdentifierStart(d) || (d.isNumber && d.isASCII) { text.append(advance()) }
            return token(keywords.contains(text) ? .keyword : .identifier, text)
        }
        for op in operators where matches(op) {
            for _ in op { _ = advance() }
            if op == "(" || op == "[" || op == "{" { openBrackets.append(Character(op)) }
            if (op == ")" || op == "]" || op == "}") && !openBrackets.isEmpty { openBrackets.removeLast() }
            return token(.op, op)
        }
        if c == "!" {
            throw error("unexpected '!'", hint: "use 'not' for negation and '!=' for inequality")
        }
        throw error("unexpected character '\(c)'", hint: "popsh operators are + - * / % == != < <= > >= | and keywords and/or/not")
    }

    private func matches(_ op: String) -> Bool {
        var i = 0
        for ch in op {
            guard peek(i) == ch else { return false }
            i += 1
        }
        return true
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" || c == "\u{3000}" {
                _ = advance()
            } else if c == "#" {
                while let d = peek(), d != "\n", d != "\r\n" { _ = advance() }
            } else if (c == "\n" || c == "\r\n") && (openBrackets.last.map { $0 != "{" } ?? false) {
                _ = advance()
            } else {
                return
            }
        }
    }

    private func isIdentifierStart(_ c: Character) -> Bool {
        c == "_" || (c.isLetter && c != "\u{3000}")
    }

    private mutating func number(line: Int, column: Int) throws -> Token {
        var text = ""
        while let d = peek(), (d.isNumber && d.isASCII) || d == "_" { let ch = advance(); if ch != "_" { text.append(ch) } }
        var isFloat = false
        if peek() == ".", let after = peek(1), after.isNumber && after.isASCII {
            isFloat = true
            text.append(advance())
            while let d = peek(), d.isNumber && d.isASCII { text.append(advance()) }
        }
        if let e = peek(), e == "e" || e == "E",
           let after = peek(1), (after.isNumber && after.isASCII) || ((after == "-" || after == "+") && (peek(2)?.isNumber ?? false)) {
            isFloat = true
            text.append(advance())
            if peek() == "-" || peek() == "+" { text.append(advance()) }
            while let d = peek(), d.isNumber && d.isASCII { text.append(advance()) }
        }
        if let d = peek(), isIdentifierStart(d) {
            throw error("a number cannot run into a name ('\(text)\(d)')", hint: "put an operator or a space between them")
        }
        var tok = Token(kind: isFloat ? .float : .int, text: text, line: line, column: column)
        if isFloat {
            guard let v = Double(text) else { throw error("bad number '\(text)'", line: line, column: column) }
            tok.float = v
        } else {
            guard let v = Int64(text) else {
                throw error("integer \(text) is too large", hint: "integers are 64-bit (at most 9223372036854775807); write a float such as \(text).0",
                            line: line, column: column)
            }
            tok.int = v
        }
        return tok
    }

    private mutating func string(line: Int, column: Int) throws -> Token {
        _ = advance()
        var text = ""
        while true {
            guard let c = peek(), c != "\n", c != "\r\n" else {
                throw error("unterminated string", hint: "close it with \" on the same line; write \\n for a line break",
                            line: line, column: column)
            }
            _ = advance()
            if c == "\"" { break }
            if c == "\\" {
                let escLine = self.line, escColumn = self.column - 1
                guard let e = peek() else { continue }
                _ = advance()
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "\\": text.append("\\")
                case "\"": text.append("\"")
                case "0": text.append("\0")
                case "u":
                    guard peek() == "{" else { throw error("expected '{' after \\u", hint: "write \\u{4E2D}", line: escLine, column: escColumn) }
                    _ = advance()
                    var hex = ""
                    while let h = peek(), h.isHexDigit { hex.append(advance()) }
                    guard peek() == "}", let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                        throw error("bad \\u{...} escape", hint: "write 1 to 6 hex digits, e.g. \\u{4E2D}", line: escLine, column: escColumn)
                    }
                    _ = advance()
                    text.unicodeScalars.append(scalar)
                default:
                    throw error("unknown escape '\\\(e)'", hint: "known escapes: \\n \\t \\r \\\\ \\\" \\0 \\u{HEX}", line: escLine, column: escColumn)
                }
            } else {
                text.append(c)
            }
        }
        return Token(kind: .string, text: text, line: line, column: column)
    }

    private mutating func date(line: Int, column: Int) throws -> Token {
        _ = advance()
        var text = ""
        while let d = peek(), (d.isNumber && d.isASCII) || d == "-" { text.append(advance()) }
        guard text.count == 10, let day = CivilDate.parse(text) else {
            throw error("'@\(text)' is not a date", hint: "write dates as @YYYY-MM-DD, e.g. @2025-12-31", line: line, column: column)
        }
        var tok = Token(kind: .date, text: text, line: line, column: column)
        tok.date = day
        return tok
    }
}
