// CopyText: rows in PostgreSQL's COPY text format. Written by hand because it is the hot
// loop of a PostgreSQL import (a million rows a second): fields apart by tabs, rows
// ended by newlines, NULL as \N, and the four characters that would end a field or a row
// early (backslash, tab, newline, carriage return) escaped with a backslash.

enum CopyText {
    static func append(_ row: [SQLValue], to buffer: inout [UInt8]) {
        for (i, value) in row.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            case .integer(let n): buffer.append(contentsOf: String(n).utf8)
            case .real(let d): buffer.append(contentsOf: realText(d).utf8)
            case .text(let s): appendEscaped(s, to: &buffer)
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// A real as the server reads it, the infinities and NaN spelt its way.
    static func realText(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        return "\(d)"
    }

    private static func appendEscaped(_ s: String, to buffer: inout [UInt8]) {
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.append(byte)
            }
        }
    }
}
