// TableDisplay: how a table shows at the prompt and in a script's output: a box drawn
// with Chinese characters counted as two cells (TextWidth), numbers right-aligned, at
// most `rowLimit` rows and then how many more there are, and the row count. The same
// box is drawn whether or not the output is a terminal, so a script's output is the
// same in a log as on screen; `export` writes CSV, TSV, JSON or Markdown for machines.

import DataModel
import Interpreter
import Synchronization

public enum TableDisplay {
    /// Rows shown before "… N more rows" (the shell's `:rows N` sets it).
    public static let rowLimit = Atomic<Int>(20)
    /// Cells wider than this are cut with "…": an address should not push the counts off screen.
    static let maxCellWidth = 40

    /// The box for the first `limit` rows of `table` and the count of all its rows
    /// (`Table.head`: the rows not shown are counted, never fetched).
    public static func render(_ table: Table, _ machine: Machine, at location: SourceLocation, limit: Int) throws -> String {
        let columns = table.columns
        let head = try table.head(limit, machine, at: location)
        let rows = head.rows.map { zip($0, columns).map { cell($0, $1.kind) } }
        let total = head.total
        var out = box(header: columns.map(\.name), rows: rows,
                      rightAligned: columns.map { [.integer, .real].contains($0.kind) })
        let hidden = total - rows.count
        if hidden > 0 { out += "… \(hidden) more row\(hidden == 1 ? "" : "s")\n" }
        out += total == 1 ? "1 row" : "\(total) rows"
        return out
    }

    /// The text of one cell: nothing for null, reals to two decimals (rates and shares).
    static func cell(_ value: Value, _ kind: ValueKind) -> String {
        switch value {
        case .null: return ""
        case .float(let f) where f.isFinite: return fixed(f, digits: 2)
        default: return TextWidth.truncate(value.text, to: maxCellWidth)
        }
    }

    static func fixed(_ f: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(f) * scale).rounded(.toNearestOrAwayFromZero)
        let whole = Int64(scaled / scale), fraction = Int64(scaled) - whole * Int64(scale)
        let digitsText = String(fraction)
        let padded = String(repeating: "0", count: digits - digitsText.count) + digitsText
        return (f < 0 && scaled > 0 ? "-" : "") + "\(whole).\(padded)"
    }

    /// A box of `header` over `rows`; every row has one text per column.
    static func box(header: [String], rows: [[String]], rightAligned: [Bool]) -> String {
        var widths = header.map { TextWidth.of($0) }
        for row in rows { for (i, text) in row.enumerated() { widths[i] = max(widths[i], TextWidth.of(text)) } }
        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func line(_ cells: [String], align: [Bool]) -> String {
            "│" + cells.enumerated().map { i, text in
                " " + TextWidth.pad(text, to: widths[i], alignRight: align[i]) + " "
            }.joined(separator: "│") + "│\n"
        }
        var out = rule("┌", "┬", "┐") + line(header, align: header.map { _ in false }) + rule("├", "┼", "┤")
        for row in rows { out += line(row, align: rightAligned) }
        return out + rule("└", "┴", "┘")
    }
}
