// ReportText: a report as plain text for a printer or a terminal. Fixed width, Chinese
// counted as two cells (TextWidth), pages of a fixed length separated by form feeds,
// each ending in its page number. A table wider than the page is printed in panels that
// repeat its leading name columns; a table that runs over a page break continues on
// the next page under its repeated heading, so a row is never split and never orphaned
// from its column names.

import DataModel
import Foundation

public struct ReportTextLayout: Sendable {
    /// Cells per line (an A4 page at 10 characters per inch, portrait, holds about 80).
    public var width: Int
    /// Lines per page, the page number line included (A4 at 6 lines per inch: 66).
    public var pageLength: Int

    public init(width: Int = 96, pageLength: Int = 64) {
        self.width = max(40, width)
        self.pageLength = max(12, pageLength)
    }
}

public enum ReportText {
    /// The whole report, pages separated by form feeds.
    public static func render(_ doc: ReportDocument, layout: ReportTextLayout = ReportTextLayout()) -> String {
        var pager = Pager(layout: layout, doc: doc)
        pager.header()
        for block in doc.blocks { pager.add(block) }
        return pager.finish()
    }
}

/// Fills pages line by line.
struct Pager {
    let layout: ReportTextLayout
    let doc: ReportDocument
    private var pages: [[String]] = []
    private var page: [String] = []

    init(layout: ReportTextLayout, doc: ReportDocument) {
        self.layout = layout
        self.doc = doc
    }

    /// Lines left on the page before its page-number line.
    private var room: Int { layout.pageLength - 2 - page.count }

    mutating func header() {
        let lang = doc.language
        line(center(doc.title))
        line("")
        let colon = ReportLabels.word("colon", lang)
        line("\(ReportLabels.word("source", lang))\(colon)\(ReportLabels.word("database", lang)) \(doc.source?.database ?? "—")")
        if let feeds = doc.source?.feeds {
            if feeds.isEmpty { line("  " + ReportLabels.word("nothing", lang)) }
            for feed in feeds {
                line("  " + TextWidth.pad(ReportLabels.fileKind(feed.kind, lang), to: 16) + TextWidth.pad("\(ReportLabels.files(feed.files, lang))", to: 10, alignRight: true)
                     + TextWidth.pad("\(feed.loaded) \(ReportLabels.word("rows", lang))", to: 14, alignRight: true)
                     + "  \(ReportLabels.word("loaded", lang)) \(feed.lastImported)  \(feed.lastFile)")
            }
        }
        line("\(ReportLabels.word("printed", lang))\(colon)\(doc.printed)")
        line(String(repeating: "═", count: layout.width))
    }

    mutating func add(_ block: ReportBlock) {
        switch block {
        case .heading(let text, let level):
            // A heading never ends a page: it needs the first lines of what it heads.
            if room < 5 { breakPage() }
            if !page.isEmpty && page.last != "" { line("") }
            line(text)
            line(String(repeating: level == 1 ? "━" : level == 2 ? "─" : "·", count: min(layout.width, TextWidth.of(text))))
        case .paragraph(let text):
            for l in wrap(text, indent: "") { line(l) }
            line("")
        case .list(let items):
            for item in items { for (i, l) in wrap(item, indent: "  ").enumerated() { line(i == 0 ? "• " + l.dropFirst(2) : l) } }
            line("")
        case .preformatted(let text), .code(let text):
            let indent = { if case .code = block { return "    " } else { return "" } }()
            for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
                line(TextWidth.truncate(indent + String(l), to: layout.width))
            }
        case .error(let text):
            for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                line(TextWidth.truncate((i == 0 ? "!! " : "   ") + String(l), to: layout.width))
            }
        case .pageBreak:
            if page.count > 2 { breakPage() }
        case .form(let form):
            // A form starts on a page of its own, as the printed form does.
            if !page.isEmpty && page.count > 2 { breakPage() }
            line(center(form.title))
            for (label, value) in form.corner { line(right("\(label)：\(value)")) }
            line(form.heading.map { "\($0.label)：\($0.value)" }.joined(separator: "    "))
            add(.table(form.table))
            line(form.footer.map { "\($0.label)：\($0.value)" }.joined(separator: "    "))
            line("")
        case .table(let table):
            for (i, panel) in TextPanels.split(table, width: layout.width, doc.language).enumerated() {
                if i > 0 { line("") }
                addTable(panel)
            }
            if table.marksBelowTarget { line(ReportLabels.word("belowText", doc.language)) }
            if table.omitted > 0 {
                line(ReportLabels.word("omitted", doc.language).replacingOccurrences(of: "%d", with: String(table.omitted)))
            }
            line("")
        }
    }

    /// The column names and at least one row stay together; after a page break the
    /// names are printed again above the rows that follow.
    private mutating func addTable(_ panel: TextPanel) {
        if room < panel.header.count + 1 { breakPage() }
        for l in panel.header { line(l) }
        for row in panel.rows {
            if room < 1 {
                breakPage()
                for l in panel.header { line(l) }
            }
            line(row)
        }
    }

    /// Adds a line, cut to the page width: only header lines can be longer (tables are
    /// split into panels and text is wrapped before it gets here).
    private mutating func line(_ text: String) {
        if room < 0 { breakPage() }
        page.append(TextWidth.truncate(text, to: layout.width))
    }

    private mutating func breakPage() {
        pages.append(page)
        page = [doc.title + ReportLabels.word("continued", doc.language), ""]
    }

    mutating func finish() -> String {
        while page.last == "" { page.removeLast() }
        pages.append(page)
        return pages.enumerated().map { n, lines in
            var padded = lines
            padded += Array(repeating: "", count: max(0, layout.pageLength - 1 - padded.count))
            let number = ReportLabels.word("page", doc.language).replacingOccurrences(of: "%d", with: String(n + 1))
            padded.append(center("— \(number) / \(pages.count) —"))
            return padded.map { $0.trailingSpacesRemoved }.joined(separator: "\n")
        }.joined(separator: "\n\u{0C}\n") + "\n"
    }

    private func right(_ text: String) -> String {
        String(repeating: " ", count: max(0, layout.width - TextWidth.of(text))) + text
    }

    private func center(_ text: String) -> String {
        String(repeating: " ", count: max(0, (layout.width - TextWidth.of(text)) / 2)) + text
    }

    /// Breaks text into lines of at most `width` cells: at spaces in Latin text,
    /// anywhere between Chinese characters (which have no spaces to break at).
    private static let opening: Set<Character> = ["（", "《", "“", "「", "【", "("]
    private static let closing: Set<Character> = ["，", "。", "、", "；", "：", "）", "》", "”", "」", "】", "！", "？", ")", ",", "."]

    private func wrap(_ text: String, indent: String) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = indent, lastSpace: String.Index?
            for ch in paragraph {
                if TextWidth.of(current) + TextWidth.of(String(ch)) > layout.width {
                    if let space = lastSpace, ch != " " {
                        let rest = current[current.index(after: space)...]
                        lines.append(String(current[..<space]))
                        current = indent + rest
                    } else {
                        // Chinese line-breaking: an opening bracket does not end a line and
                        // closing punctuation does not start one; the character before the
                        // break moves down with it.
                        var carried = ""
                        if let last = current.last, current.count > indent.count + 1,
                           Self.opening.contains(last) || Self.closing.contains(ch) {
                            carried = String(current.removeLast())
                        }
                        lines.append(current)
                        current = indent + carried
                    }
                    lastSpace = nil
                    if ch == " " { continue }
                }
                if ch == " " { lastSpace = current.endIndex }
                current.append(ch)
            }
            lines.append(current)
        }
        return lines
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

// MARK: - panels: whole columns per page width, the name columns repeated in each

struct TextPanel {
    let header: [String]
    let rows: [String]
}

enum TextPanels {
    static let gap = "  "

    static func split(_ table: ReportTable, width: Int, _ language: ReportLanguage) -> [TextPanel] {
        // A targeted rate has its target and baseline under its name, and a mark after
        // each value below the target (a space after the others, so the figures line up).
        let headings = table.columns.map { column in
            [column.label] + (column.target.map { ReportLabels.targetLines($0, language) } ?? [])
        }
        let depth = headings.map(\.count).max() ?? 1
        let cells = table.rows.indices.map { r in
            table.columns.indices.map { c in
                table.columns[c].target == nil ? table.rows[r][c]
                    : table.rows[r][c] + (table.isBelowTarget(row: r, column: c) ? "*" : " ")
            }
        }
        let widths = table.columns.indices.map { i in
            cells.reduce(headings[i].map { TextWidth.of($0) }.max()!) { max($0, TextWidth.of($1[i])) }
        }
        let keys = Array(table.columns.indices.prefix { !table.columns[$0].isNumeric }.prefix(2))
        return groups(widths: widths, keys: keys, width: width, gap: gap.count).map { columns in
            let shown = keys + columns
            func line(_ cells: [String]) -> String {
                zip(shown, cells).map { i, cell in
                    TextWidth.pad(TextWidth.truncate(cell, to: width), to: widths[i], alignRight: table.columns[i].isNumeric)
                }.joined(separator: gap).trailingSpacesRemoved
            }
            let names = (0..<depth).map { n in line(shown.map { n < headings[$0].count ? headings[$0][n] : "" }) }
                .filter { !$0.isEmpty }
            let rule = shown.map { String(repeating: "─", count: widths[$0]) }.joined(separator: gap)
            return TextPanel(header: names + [rule], rows: cells.map { row in line(shown.map { row[$0] }) })
        }
    }

    /// The columns after `keys`, in panels that fit `width` cells with the keys repeated
    /// in front; `gap` cells follow each column. The prompt's tables (TableDisplay) use
    /// the same split.
    static func groups(widths: [Int], keys: [Int], width: Int, gap: Int) -> [[Int]] {
        let keyWidth = keys.reduce(0) { $0 + widths[$1] + gap }
        var panels: [[Int]] = []
        var current: [Int] = [], used = keyWidth
        for i in widths.indices where !keys.contains(i) {
            if !current.isEmpty && used + widths[i] > width {
                panels.append(current)
                current = []
                used = keyWidth
            }
            current.append(i)
            used += widths[i] + gap
        }
        if !current.isEmpty || panels.isEmpty { panels.append(current) }
        return panels
    }
}
