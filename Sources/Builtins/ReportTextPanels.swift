// ReportTextPanels: a table laid out in fixed-width text. Columns are as wide as their
// widest cell; when they do not fit the page, the table is cut into panels of whole
// columns, each repeating the leading name columns (area code, name) so every printed
// line says which area it is about.

import DataModel

/// One panel: its heading lines and one line per row.
struct TextPanel {
    let header: [String]
    let rows: [String]
}

enum TextPanels {
    static let gap = "  "

    static func split(_ table: ReportTable, width: Int) -> [TextPanel] {
        let widths = table.columns.indices.map { i in
            table.rows.reduce(TextWidth.of(table.columns[i].label)) { max($0, TextWidth.of($1[i])) }
        }
        let keys = Array(table.columns.indices.prefix { !table.columns[$0].isNumeric }.prefix(2))
        let keyWidth = keys.reduce(0) { $0 + widths[$1] + gap.count }
        var panels: [[Int]] = []
        var current: [Int] = [], used = keyWidth
        for i in table.columns.indices where !keys.contains(i) {
            if !current.isEmpty && used + widths[i] > width {
                panels.append(current)
                current = []
                used = keyWidth
            }
            current.append(i)
            used += widths[i] + gap.count
        }
        if !current.isEmpty || panels.isEmpty { panels.append(current) }
        return panels.map { columns in
            let shown = keys + columns
            func line(_ cells: [String]) -> String {
                zip(shown, cells).map { i, cell in
                    TextWidth.pad(TextWidth.truncate(cell, to: width), to: widths[i], alignRight: table.columns[i].isNumeric)
                }.joined(separator: gap).trailingSpacesRemoved
            }
            let labels = line(shown.map { table.columns[$0].label })
            let rule = shown.map { String(repeating: "─", count: widths[$0]) }.joined(separator: gap)
            return TextPanel(header: [labels, rule], rows: table.rows.map { row in line(shown.map { row[$0] }) })
        }
    }
}
