// TableDisplay: how a table shows at the prompt and in a script's output: a box drawn
// with Chinese characters counted as two cells (TextWidth), numbers right-aligned, at
// most `rowLimit` rows and then how many more there are, and the row count. A script's
// output is the plain box, the same in a log as on screen; the prompt sets a `style`
// (TableStyle.swift) that fits the terminal, wraps long texts and names area codes.
// `export` writes CSV, TSV, JSON or Markdown for machines.

import DataModel
import Interpreter
import Synchronization

public enum TableDisplay {
    /// Rows shown before "… N more rows" (the shell's `:rows N` sets it).
    public static let rowLimit = Atomic<Int>(20)
    /// How tables show; scripts keep the plain style, the shell's `:set` changes it.
    public static let style = Mutex<TableStyle>(.plain)
    /// Cells wider than this are cut with "…" (or wrapped, in the columns that wrap):
    /// an address should not push the counts off screen.
    static let maxCellWidth = 40

    /// The box for the first `limit` rows of `table` and the count of all its rows
    /// (`Table.head`: the rows not shown are counted, never fetched).
    public static func render(_ table: Table, _ machine: Machine, at location: SourceLocation, limit: Int,
                              style: TableStyle = TableDisplay.style.withLock { $0 }) throws -> String {
        let columns = table.columns
        let head = try table.head(limit, machine, at: location)
        var header = columns.map(\.name)
        var wraps = columns.map { style.wrap && TableStyle.wrappedColumns.contains($0.name) }
        var numeric = columns.map { [.integer, .real].contains($0.kind) }
        var rows = head.rows.map { row in row.indices.map { cell(row[$0], columns[$0].kind, wrap: wraps[$0]) } }
        let coded = style.areaNames ? AreaNames.unnamedCodes(in: header) : []
        if !coded.isEmpty {
            // Named after fetching: only the rows shown are looked up, the count is the table's own.
            let names = try AreaNames.byCode(machine, at: location)
            for i in coded.reversed() {
                header.insert(header[i] + "_name", at: i + 1)
                wraps.insert(false, at: i + 1)
                numeric.insert(false, at: i + 1)
                rows = rows.map { row in
                    var named = row
                    named.insert(names[row[i]] ?? "", at: i + 1)
                    return named
                }
            }
        }
        rows = wrapped(header: header, rows: rows, wraps: wraps, width: style.width)
        let total = head.total
        var out = panels(header: header, rows: rows, rightAligned: numeric, style: style)
        let hidden = total - rows.count
        if hidden > 0 { out += "… \(hidden) more row\(hidden == 1 ? "" : "s")\n" }
        out += total == 1 ? "1 row" : "\(total) rows"
        return out
    }

    /// The text of one cell: nothing for null, reals to two decimals (rates and shares);
    /// long text cut, or whole when its column wraps.
    static func cell(_ value: Value, _ kind: ValueKind, wrap: Bool = false) -> String {
        switch value {
        case .null: return ""
        case .float(let f) where f.isFinite: return fixed(f, digits: 2)
        default: return wrap ? value.text : TextWidth.truncate(value.text, to: maxCellWidth)
        }
    }

    /// Narrowest a wrapped column gets to fit the width: a reason in shorter lines than
    /// this reads worse than a reason in a panel of its own.
    static let narrowestWrap = 16

    /// The cells of wrapping columns broken into lines: at most `maxCellWidth` cells
    /// wide, and narrower when that lets the row fit `width` beside the other columns.
    static func wrapped(header: [String], rows: [[String]], wraps: [Bool], width: Int?) -> [[String]] {
        let wrapping = wraps.indices.filter { wraps[$0] }
        guard !wrapping.isEmpty else { return rows }
        var target = maxCellWidth
        if let width {
            let others = header.indices.filter { !wraps[$0] }.reduce(0) { sum, i in
                sum + 3 + rows.reduce(TextWidth.of(header[i])) { max($0, lineWidth($1[i])) }
            }
            let free = width - 1 - others - 3 * wrapping.count
            target = max(narrowestWrap, min(maxCellWidth, free / wrapping.count))
        }
        return rows.map { row in
            row.indices.map { i in
                wraps[i] ? TextWidth.wrap(row[i], to: max(target, TextWidth.of(header[i]))).joined(separator: "\n") : row[i]
            }
        }
    }

    static func fixed(_ f: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(f) * scale).rounded(.toNearestOrAwayFromZero)
        // Past 2^53 a double has no exact fraction left and past Int64 no integer part
        // (a derived 1e300, a rounded identity number): such a real shows as Swift prints it.
        guard scaled < 9_007_199_254_740_992, let whole = Checked.integer(scaled / scale),
              let all = Checked.integer(scaled), let cents = Checked.multiply(whole, Int64(scale)),
              case let fraction = all - cents, fraction >= 0, fraction < Int64(scale) else {
            return "\(f)"
        }
        let digitsText = String(fraction)
        let padded = String(repeating: "0", count: digits - digitsText.count) + digitsText
        return (f < 0 && scaled > 0 ? "-" : "") + "\(whole).\(padded)"
    }

    /// The table as one box, or, wider than the style's width, as panels that repeat the
    /// leading name columns (the printed report's split, `TextPanels.groups`), or as the
    /// columns that fit and a line naming those left out.
    static func panels(header: [String], rows: [[String]], rightAligned: [Bool], style: TableStyle) -> String {
        guard let width = style.width else { return box(header: header, rows: rows, rightAligned: rightAligned) }
        let widths = header.indices.map { i in
            rows.reduce(TextWidth.of(header[i])) { max($0, lineWidth($1[i])) }
        }
        // A box spends 3 cells around each column ("│ " before, " " after) and 1 to close.
        let room = width - 1
        var keys = Array(header.indices.prefix { !rightAligned[$0] }.prefix(2))
        while keys.count > 0, keys.reduce(0, { $0 + widths[$1] + 3 }) > room / 2 { keys.removeLast() }
        let groups = TextPanels.groups(widths: widths, keys: keys, width: room - 3, gap: 3)
        func part(_ columns: [Int]) -> String {
            let shown = keys + columns
            return box(header: shown.map { header[$0] }, rows: rows.map { row in shown.map { row[$0] } },
                       rightAligned: shown.map { rightAligned[$0] })
        }
        guard groups.count > 1 else { return part(groups[0]) }
        if style.panels { return groups.map(part).joined(separator: "\n") }
        let left = groups.dropFirst().flatMap { $0 }.map { header[$0] }
        let head = "… \(left.count) more column\(left.count == 1 ? "" : "s") (", tail = "): select them, or :set panels on"
        let names = TextWidth.truncate(left.joined(separator: ", "), to: max(10, width - TextWidth.of(head + tail)))
        return part(groups[0]) + head + names + tail + "\n"
    }

    private static func lineWidth(_ cell: String) -> Int {
        cell.split(separator: "\n").map { TextWidth.of($0) }.max() ?? 0
    }

    /// A box of `header` over `rows`; every row has one text per column, and a text with
    /// line breaks takes as many lines of its row.
    static func box(header: [String], rows: [[String]], rightAligned: [Bool]) -> String {
        var widths = header.map { TextWidth.of($0) }
        for row in rows { for (i, text) in row.enumerated() { widths[i] = max(widths[i], lineWidth(text)) } }
        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func line(_ cells: [String], align: [Bool]) -> String {
            let split = cells.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            let height = split.map(\.count).max() ?? 1
            return (0..<height).map { n in
                "│" + split.enumerated().map { i, lines in
                    " " + TextWidth.pad(n < lines.count ? lines[n] : "", to: widths[i], alignRight: align[i]) + " "
                }.joined(separator: "│") + "│\n"
            }.joined()
        }
        var out = rule("┌", "┬", "┐") + line(header, align: header.map { _ in false }) + rule("├", "┼", "┤")
        for row in rows { out += line(row, align: rightAligned) }
        return out + rule("└", "┴", "┘")
    }
}
