// Terminal cell width of text. Chinese names and place names are everyday data, and a
// table or a caret under a diagnostic lines up only when CJK characters count as two
// cells and combining marks as none (Unicode East Asian Width, UAX #11).

public enum TextWidth {
    /// Cells that `text` takes in a monospaced terminal or printout.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var w = 0
        for scalar in text.unicodeScalars { w += cells(scalar) }
        return w
    }

    public static func cells(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
        if isZeroWidth(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// Pads `text` with spaces to `width` cells, on the right (left-aligned) or the left.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let gap = width - of(text)
        guard gap > 0 else { return text }
        let fill = String(repeating: " ", count: gap)
        return alignRight ? fill + text : text + fill
    }

    /// Cuts `text` to at most `width` cells, ending in "…" when something was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var out = "", used = 0
        for ch in text {
            let w = of(String(ch))
            if used + w > width - 1 { break }
            out.append(ch); used += w
        }
        return out + "…"
    }

    /// Breaks `text` into lines of at most `width` cells: at the last space that fits,
    /// else between characters (Chinese has no spaces to break at). Line breaks in the
    /// text are kept.
    public static func wrap(_ text: String, to width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = "", used = 0
            for ch in paragraph {
                let w = of(String(ch))
                if used + w > width, !current.isEmpty {
                    if ch != " ", let space = current.lastIndex(of: " "), current.startIndex < space {
                        let rest = String(current[current.index(after: space)...])
                        lines.append(String(current[..<space]))
                        current = rest
                        used = of(rest)
                    } else {
                        lines.append(current)
                        current = ""
                        used = 0
                    }
                    if ch == " " { continue }
                }
                current.append(ch)
                used += w
            }
            lines.append(current)
        }
        return lines
    }

    private static func isZeroWidth(_ v: UInt32) -> Bool {
        (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v)
            || (0xFE00...0xFE0F).contains(v) || (0x1AB0...0x1AFF).contains(v)
            || (0x20D0...0x20FF).contains(v) || v == 0xFEFF
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
