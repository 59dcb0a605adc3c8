// Diagnostics: the one error type of the language. Every lexical, parse, type and
// runtime error carries the source, line and column; `render` prints the line with a
// caret under the spot and a hint, the way analysts need to see it at the prompt and
// in a batch log.

import DataModel

/// A piece of program text: a script file, a `-c` argument or one REPL entry.
public final class Source: @unchecked Sendable {
    public let name: String
    public let text: String
    private let lineStarts: [String.Index]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        var starts = [text.startIndex]
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\n" || text[i] == "\r\n" { starts.append(text.index(after: i)) }
            i = text.index(after: i)
        }
        lineStarts = starts
    }

    /// The text of 1-based line `n`, without its line break.
    public func line(_ n: Int) -> String {
        guard n >= 1, n <= lineStarts.count else { return "" }
        let start = lineStarts[n - 1]
        var end = n < lineStarts.count ? lineStarts[n] : text.endIndex
        while end > start, let prev = Optional(text.index(before: end)),
              text[prev] == "\n" || text[prev] == "\r\n" || text[prev] == "\r" { end = prev }
        return String(text[start..<end])
    }
}

/// A place in a source: 1-based line, 1-based column counted in characters.
public struct SourceLocation: Sendable, CustomStringConvertible {
    public let source: Source
    public let line: Int
    public let column: Int

    public init(source: Source, line: Int, column: Int) {
        self.source = source
        self.line = line
        self.column = column
    }

    public var description: String { "\(source.name):\(line):\(column)" }
}

public enum ErrorKind: String, Sendable {
    case lexical = "syntax error"
    case parse = "parse error"
    case name = "name error"
    case type = "type error"
    case runtime = "error"
    case interrupted = "interrupted"
}

/// An error in a popsh program, with where it happened and what to do about it.
public struct PopshError: Error, CustomStringConvertible, @unchecked Sendable {
    public let kind: ErrorKind
    public let message: String
    public var location: SourceLocation?
    public var hint: String?
    /// True when the parser stopped only because the input ended: the REPL then reads
    /// another line instead of reporting an error.
    public var incompleteInput: Bool = false

    public init(_ kind: ErrorKind, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String { render() }

    /// `file:line:col: kind: message`, the source line, a caret under the column
    /// (CJK characters before it count as two cells), then the hint.
    public func render() -> String {
        guard let loc = location else {
            return "\(kind.rawValue): \(message)" + (hint.map { "\n  hint: \($0)" } ?? "")
        }
        var out = "\(loc): \(kind.rawValue): \(message)\n"
        let text = loc.source.line(loc.line)
        if !text.isEmpty {
            let gutter = String(loc.line)
            let before = String(text.prefix(max(0, loc.column - 1)))
            out += " \(gutter) | \(text)\n"
            out += " " + String(repeating: " ", count: gutter.count) + " | "
                + String(repeating: " ", count: TextWidth.of(before.replacingTabs())) + "^\n"
        }
        if let hint { out += "  hint: \(hint)\n" }
        return String(out.dropLast())
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}

/// Closest candidates to a misspelt name, for "did you mean" hints.
public func nearestNames(to name: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
    let target = Array(name.lowercased())
    let maxDistance = max(1, target.count / 3)
    var scored: [(Int, String)] = []
    for c in candidates {
        let d = editDistance(target, Array(c.lowercased()))
        if d <= maxDistance { scored.append((d, c)) }
    }
    return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.1)
}

/// Edits between two names, a swap of neighbouring letters counting as one edit
/// (`:hlep` is one slip from `:help`, not two).
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
        }
        (before, prev, cur) = (prev, cur, before)
    }
    return prev[b.count]
}
