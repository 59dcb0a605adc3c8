// Standard library, text: contains, starts_with, ends_with, split, join, replace,
// substr, upper, lower, trim, format. Positions count characters, so a Chinese place
// name is as long as it reads, and start at 0 like list indexes.

import DataModel
import Foundation

let textBuiltins: [Builtin] = [
    Builtin("contains(x, item)", doc: "Whether a list holds the item, a string the substring, or a record the field.",
            example: "contains(\"城南街道\", \"街道\")", result: "true") { c in
        switch c[0] {
        case .list(let xs): return .bool(xs.contains { $0.equals(c[1]) })
        case .string(let s): return .bool(s.contains(try c.string(1)))
        case .record(let r): return .bool(r.names.contains(try c.string(1)))
        default: throw c.badArgument(0, expected: "list, string or record")
        }
    },
    Builtin("starts_with(s, prefix)", doc: "Whether the string begins with the prefix.",
            example: "starts_with(\"360502001\", \"360502\")", result: "true") { c in
        .bool(try c.string(0).hasPrefix(try c.string(1)))
    },
    Builtin("ends_with(s, suffix)", doc: "Whether the string ends with the suffix.",
            example: "ends_with(\"城南街道\", \"街道\")", result: "true") { c in
        .bool(try c.string(0).hasSuffix(try c.string(1)))
    },
    Builtin("split(s, separator = null)", doc: "The parts between separators; without one, the words between spaces.",
            example: "split(\"仙来小区 3栋 2单元\")", result: "[\"仙来小区\", \"3栋\", \"2单元\"]") { c in
        let s = try c.string(0)
        if c[1].isNull {
            return .list(s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }).map { .string(String($0)) })
        }
        let sep = try c.string(1)
        guard !sep.isEmpty else { return .list(s.map { .string(String($0)) }) }
        return .list(s.components(separatedBy: sep).map { .string($0) })
    },
    Builtin("join(xs, separator = \"\")", doc: "The items' text forms joined with the separator.",
            example: "join([\"渝水区\", \"城南街道\"], \"/\")", result: "\"渝水区/城南街道\"") { c in
        let parts = try c.list(0).map(\.text), separator = try c.string(1)
        let bytes = parts.reduce(0) { $0 + $1.utf8.count } + max(0, parts.count - 1) * separator.utf8.count
        guard bytes <= Limits.textBytes else { throw c.error("the joined text would be more than \(Limits.textBytes >> 20) MB") }
        return .string(parts.joined(separator: separator))
    },
    Builtin("replace(s, old, new)", doc: "The string with every occurrence of old replaced by new.",
            example: "replace(\"2025/12/31\", \"/\", \"-\")", result: "\"2025-12-31\"") { c in
        let old = try c.string(1), new = try c.string(2)
        guard !old.isEmpty else { throw c.error("replace needs a non-empty string to look for") }
        let s = try c.string(0)
        let parts = s.components(separatedBy: old)
        // Measured before joining: replacing each letter of a long text with a long
        // text would otherwise ask for their product.
        guard s.utf8.count + (parts.count - 1) * (new.utf8.count - old.utf8.count) <= Limits.textBytes else {
            throw c.error("the replaced text would be more than \(Limits.textBytes >> 20) MB")
        }
        return .string(parts.joined(separator: new))
    },
    Builtin("substr(s, start, length = null)",
            doc: "Characters from start (0 is the first) for length characters, or to the end.",
            example: "substr(\"360502001001\", 0, 6)", result: "\"360502\"") { c in
        let chars = Array(try c.string(0))
        let start = Int(try c.int(1))
        guard start >= 0 else { throw c.error("substr start must be 0 or more, got \(start)") }
        let length = c[2].isNull ? chars.count : Int(try c.int(2))
        guard length >= 0 else { throw c.error("substr length must be 0 or more, got \(length)") }
        // Compared, not added: start + length may not fit in an Int.
        let lo = min(start, chars.count), hi = lo + min(length, chars.count - lo)
        return .string(String(chars[lo..<hi]))
    },
    Builtin("upper(s)", doc: "The string in upper case (identity numbers end in X, not x).",
            example: "upper(\"11010519491231002x\")", result: "\"11010519491231002X\"") { c in
        .string(try c.string(0).uppercased())
    },
    Builtin("lower(s)", doc: "The string in lower case.", example: "lower(\"IUD\")", result: "\"iud\"") { c in
        .string(try c.string(0).lowercased())
    },
    Builtin("trim(s)", doc: "The string without leading and trailing spaces (full-width ones too).",
            example: "trim(\"  王芳 \")", result: "\"王芳\"") { c in
        let s = try c.string(0)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\n" || $0 == "\r\n" }
        return .string(String(s.drop(while: isSpace).reversed().drop(while: isSpace).reversed()))
    },
    Builtin("format(template, values...)",
            doc: "Fills each {} in the template with the next value; {:.1f} fixes decimals, {:8} / {:>8} pad to cells, {:,} groups thousands.",
            example: "format(\"{}: {:.1f}%\", \"渝水区\", 95.25)", result: "\"渝水区: 95.3%\"") { c in
        .string(try Formatter.format(try c.string(0), try c.list(1), c))
    },
]

/// The small format language of `format`: `{}` or `{N}`, optionally `:` align, width,
/// `,` and `.Nf` / `.N%`. Widths count terminal cells so Chinese columns line up.
enum Formatter {
    static func format(_ template: String, _ values: [Value], _ c: Call) throws -> String {
        var out = "", next = 0
        var chars = template.makeIterator()
        while let ch = chars.next() {
            if ch == "}" {
                guard chars.next() == "}" else { throw c.error("single '}' in the format", hint: "write }} for a literal }") }
                out.append("}")
                continue
            }
            guard ch == "{" else { out.append(ch); continue }
            var spec = ""
            var closed = false
            while let d = chars.next() {
                if d == "}" { closed = true; break }
                if d == "{" && spec.isEmpty { out.append("{"); closed = true; spec = "{"; break }
                spec.append(d)
            }
            if spec == "{" { continue }
            guard closed else { throw c.error("unclosed '{' in the format", hint: "write {{ for a literal {") }
            let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let index: Int
            if let first = parts.first, !first.isEmpty {
                guard let i = Int(first), i >= 0 else { throw c.error("bad placeholder {\(spec)}", hint: "write {}, {0} or {:.1f}") }
                index = i
            } else {
                index = next
                next += 1
            }
            guard index < values.count else {
                throw c.error("the format has more placeholders than values (\(values.count) given)")
            }
            out += try apply(parts.count > 1 ? String(parts[1]) : "", to: values[index], c)
        }
        return out
    }

    private static func apply(_ spec: String, to v: Value, _ c: Call) throws -> String {
        var s = Substring(spec)
        var align: Character?
        if let f = s.first, "<>^".contains(f) { align = f; s = s.dropFirst() }
        var widthText = ""
        while let d = s.first, d.isASCII, d.isNumber { widthText.append(d); s = s.dropFirst() }
        let width = try size(widthText, limit: Limits.formatWidth, "width", spec, c)
        var grouping = false
        if s.first == "," { grouping = true; s = s.dropFirst() }
        var text: String
        var numeric = false
        if s.first == "." {
            s = s.dropFirst()
            var digits = ""
            while let d = s.first, d.isASCII, d.isNumber { digits.append(d); s = s.dropFirst() }
            guard let n = try size(digits, limit: Limits.decimals, "number of decimals", spec, c),
                  let kind = s.first, kind == "f" || kind == "%" else {
                throw c.error("bad format spec '\(spec)'", hint: "write .1f for one decimal or .1% for a percentage")
            }
            s = s.dropFirst()
            guard case let x? = number(v) else {
                if v.isNull { return pad("", width, align, numeric: true) }
                throw c.error("format '.\(n)\(kind)' needs a number, got \(v.typeName)")
            }
            text = fixed(kind == "%" ? x * 100 : x, n, grouping: grouping) + (kind == "%" ? "%" : "")
            numeric = true
        } else {
            if grouping, case .int(let i) = v { text = group(String(i)) } else { text = v.text }
            if case .int = v { numeric = true }
            if case .float = v { numeric = true }
        }
        guard s.isEmpty else { throw c.error("bad format spec '\(spec)'") }
        return pad(text, width, align, numeric: numeric)
    }

    /// A width or a count of decimals written in a spec: nil when absent, an error past
    /// `limit` (the machine would be asked for a string of that many cells or digits).
    private static func size(_ digits: String, limit: Int, _ what: String, _ spec: String, _ c: Call) throws -> Int? {
        guard !digits.isEmpty else { return nil }
        guard let n = Int(digits), n <= limit else {
            throw c.error("the \(what) \(digits) in the format spec '\(spec)' is more than \(limit)",
                          hint: "use a \(what) of at most \(limit)")
        }
        return n
    }

    private static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .float(let f): return f
        default: return nil
        }
    }

    static func fixed(_ x: Double, _ digits: Int, grouping: Bool = false) -> String {
        let r = roundDecimal(x, digits)
        var s = String(format: "%.\(digits)f", r)
        if s.hasPrefix("-"), Double(s) == 0 { s.removeFirst() }
        if grouping {
            let parts = s.split(separator: ".", maxSplits: 1)
            s = group(String(parts[0])) + (parts.count > 1 ? "." + parts[1] : "")
        }
        return s
    }

    static func group(_ digits: String) -> String {
        let negative = digits.hasPrefix("-")
        let body = Array(negative ? String(digits.dropFirst()) : digits)
        var out = ""
        for (i, ch) in body.enumerated() {
            if i > 0 && (body.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (negative ? "-" : "") + out
    }

    private static func pad(_ text: String, _ width: Int?, _ align: Character?, numeric: Bool) -> String {
        guard let width else { return text }
        switch align ?? (numeric ? ">" : "<") {
        case ">": return TextWidth.pad(text, to: width, alignRight: true)
        case "^":
            let gap = max(0, width - TextWidth.of(text))
            return String(repeating: " ", count: gap / 2) + text + String(repeating: " ", count: gap - gap / 2)
        default: return TextWidth.pad(text, to: width)
        }
    }
}
