// Placeholders: DataModel's SQL is written once with SQLite's numbered placeholders
// (`?3`); PostgreSQL numbers them `$3`. This rewrites them and leaves alone whatever
// only looks like one: a `?` inside a string literal, a quoted identifier, a comment
// or a dollar-quoted function body. `$N` already written (a plan compiled through the
// PostgreSQL dialect) is kept and counted.

enum Placeholders {
    /// `sql` with `?N` as `$N` (a bare `?` takes the number after the highest so far),
    /// and the highest placeholder number: the count of values the statement takes.
    static func postgres(_ sql: String) -> (sql: String, count: Int) {
        let bytes = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var highest = 0
        var i = 0
        let n = bytes.count

        /// Copies through the closing `close` byte (a doubled one is the byte itself).
        func copyQuoted(_ close: UInt8) {
            out.append(bytes[i])
            i += 1
            while i < n {
                out.append(bytes[i])
                i += 1
                if bytes[i - 1] == close {
                    guard i < n, bytes[i] == close else { return }
                    out.append(bytes[i])
                    i += 1
                }
            }
        }

        func digits(from start: Int) -> (value: Int, end: Int) {
            var end = start, value = 0
            while end < n, bytes[end] >= 0x30, bytes[end] <= 0x39 {
                value = value &* 10 &+ Int(bytes[end] - 0x30)
                end += 1
            }
            return (value, end)
        }

        while i < n {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "'"): copyQuoted(c)
            case UInt8(ascii: "\""): copyQuoted(c)
            case UInt8(ascii: "-") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "-"):
                while i < n, bytes[i] != UInt8(ascii: "\n") { out.append(bytes[i]); i += 1 }
            case UInt8(ascii: "/") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "*"):
                let end = find([UInt8(ascii: "*"), UInt8(ascii: "/")], in: bytes, from: i + 2).map { $0 + 2 } ?? n
                out.append(contentsOf: bytes[i..<end])
                i = end
            case UInt8(ascii: "?"):
                let (value, end) = digits(from: i + 1)
                let number = end > i + 1 ? value : highest + 1
                highest = max(highest, number)
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(number).utf8)
                i = end
            case UInt8(ascii: "$") where !(i > 0 && isIdentifierByte(bytes[i - 1])):
                let (value, end) = digits(from: i + 1)
                if end > i + 1 {
                    highest = max(highest, value)
                    out.append(contentsOf: bytes[i..<end])
                    i = end
                } else if let tagEnd = dollarTagEnd(bytes, from: i) {
                    // $tag$ ... $tag$: a function body, copied whole.
                    let tag = Array(bytes[i...tagEnd])
                    let close = find(tag, in: bytes, from: tagEnd + 1).map { $0 + tag.count } ?? n
                    out.append(contentsOf: bytes[i..<close])
                    i = close
                } else {
                    out.append(c)
                    i += 1
                }
            default:
                out.append(c)
                i += 1
            }
        }
        return (String(decoding: out, as: UTF8.self), highest)
    }

    private static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }

    /// The index of the `$` closing a dollar-quote tag opened at `start`, if one is.
    private static func dollarTagEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var j = start + 1
        while j < bytes.count, bytes[j] != UInt8(ascii: "$") {
            guard isIdentifierByte(bytes[j]), !(j == start + 1 && bytes[j] >= 0x30 && bytes[j] <= 0x39) else { return nil }
            j += 1
        }
        return j < bytes.count ? j : nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
