// ReportHTML: a report as one self-contained HTML file for printing: inline CSS for an
// A4 page, tables split into panels as wide as a portrait page holds (the name columns
// repeated in each), a targeted rate's target and baseline under its heading and a
// mark on every area below it, and the charts of ReportCharts. No scripts, no fonts or
// images fetched from anywhere: the file prints the same on a machine with no network.

import DataModel
import Foundation

public enum ReportHTML {
    /// What a portrait A4 panel holds, in cells of the 8.5-point table font (a Chinese
    /// character is two), with the padding and rule each column takes counted in.
    static let pageCells = 112
    /// A text column wider than this wraps inside its cell instead of widening the table.
    static let wrapCells = 36

    public static func render(_ doc: ReportDocument) -> String {
        let lang = doc.language
        var body = "<header>\n<h1>\(escape(doc.title))</h1>\n<dl class=\"source\">\n"
        if let source = doc.source {
            body += "<dt>\(ReportLabels.word("source", lang))</dt><dd>\(ReportLabels.word("database", lang)) "
                + "<code>\(escape(source.database))</code>"
            if source.feeds.isEmpty { body += "; " + ReportLabels.word("nothing", lang) }
            body += "<ul>" + source.feeds.map { feed in
                "<li>\(escape(ReportLabels.fileKind(feed.kind, lang))): \(ReportLabels.files(feed.files, lang)), \(feed.loaded) "
                    + "\(ReportLabels.word("rows", lang)), \(ReportLabels.word("loaded", lang)) \(escape(feed.lastImported)) (\(escape(feed.lastFile)))</li>"
            }.joined() + "</ul></dd>\n"
        }
        body += "<dt>\(ReportLabels.word("printed", lang))</dt><dd>\(doc.printed)</dd>\n</dl>\n</header>\n<main>\n"
        for block in doc.blocks { body += render(block, lang) }
        body += "</main>\n"
        return """
        <!DOCTYPE html>
        <html lang="\(lang == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <title>\(escape(doc.title))</title>
        <style>
        \(style)
        \(pageMarks(doc))
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static func render(_ block: ReportBlock, _ lang: ReportLanguage) -> String {
        switch block {
        // The title is the one h1; sections start at h2.
        case .heading(let text, let level): return "<h\(max(level, 2))>\(escape(text))</h\(max(level, 2))>\n"
        case .paragraph(let text): return "<p>\(escape(text))</p>\n"
        case .list(let items): return "<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
        case .preformatted(let text): return "<pre class=\"output\">\(escape(text))</pre>\n"
        case .code(let text): return "<pre class=\"code\"><code>\(escape(text))</code></pre>\n"
        case .error(let text):
            return "<div class=\"error\"><strong>\(ReportLabels.word("error", lang))</strong><pre>\(escape(text))</pre></div>\n"
        case .pageBreak: return "<div class=\"page-break\"></div>\n"
        case .form(let form):
            let field = { (f: (label: String, value: String)) in
                "<span><b>\(escape(f.label))：</b>\(escape(f.value))</span>"
            }
            return "<section class=\"form\">\n<div class=\"form-corner\">" + form.corner.map(field).joined(separator: "<br>")
                + "</div>\n<h2 class=\"form-title\">\(escape(form.title))</h2>\n<div class=\"form-line\">"
                + form.heading.map(field).joined() + "</div>\n" + render(.table(form.table), lang)
                + "<div class=\"form-line\">" + form.footer.map(field).joined() + "</div>\n</section>\n"
        case .table(let table):
            var out = panels(table, lang).map { html($0, of: table, lang) }.joined()
            if table.marksBelowTarget { out += "<p class=\"note\">\(ReportLabels.word("below", lang))</p>\n" }
            if table.omitted > 0 {
                out += "<p class=\"note\">" + ReportLabels.word("omitted", lang)
                    .replacingOccurrences(of: "%d", with: String(table.omitted)) + "</p>\n"
            }
            return out + ReportCharts.figures(table, lang)
        }
    }

    /// Column indexes of each panel: the leading name columns, then as many others as
    /// fit the page's width; every panel repeats the name columns.
    static func panels(_ table: ReportTable, _ lang: ReportLanguage) -> [[Int]] {
        let keys = Array(table.columns.indices.prefix { !table.columns[$0].isNumeric }.prefix(2))
        let widths = table.columns.indices.map { cells($0, of: table, lang) + 2 }
        let keyWidth = keys.reduce(0) { $0 + widths[$1] }
        var panels: [[Int]] = [], current: [Int] = [], used = keyWidth
        for i in table.columns.indices where !keys.contains(i) {
            if !current.isEmpty && used + widths[i] > pageCells {
                panels.append(keys + current)
                current = []
                used = keyWidth
            }
            current.append(i)
            used += widths[i]
        }
        if !current.isEmpty || panels.isEmpty { panels.append(keys + current) }
        return panels
    }

    /// The cells column `i` takes: its widest value (a long text wraps at `wrapCells`) and
    /// the widest piece of its heading, which breaks only at spaces and before brackets.
    static func cells(_ i: Int, of table: ReportTable, _ lang: ReportLanguage) -> Int {
        let column = table.columns[i]
        let mark = column.target == nil ? 0 : 2
        let values = table.rows.reduce(0) { max($0, TextWidth.of($1[i]) + mark) }
        var heading = column.label.replacingOccurrences(of: "(", with: " (").split(separator: " ").map { TextWidth.of($0) }
        if let target = column.target { heading += ReportLabels.targetLines(target, lang).map { TextWidth.of($0) } }
        // A wrapping column gives way to the others: it is counted at its narrowest comfortable width.
        let wanted = values > wrapCells ? wrapCells * 2 / 3 : values
        return max(wanted, heading.max() ?? 0)
    }

    /// True for a text column whose values are too long to keep on one line.
    static func wraps(_ i: Int, of table: ReportTable) -> Bool {
        !table.columns[i].isNumeric && table.rows.contains { TextWidth.of($0[i]) > wrapCells }
    }

    static func html(_ shown: [Int], of table: ReportTable, _ lang: ReportLanguage) -> String {
        let wrapping = Set(shown.filter { wraps($0, of: table) })
        func kind(_ i: Int) -> String {
            table.columns[i].isNumeric ? "n" : (wrapping.contains(i) ? "t" : "k")
        }
        var out = "<table>\n"
        out += "<thead><tr>" + shown.map { i in
            let column = table.columns[i]
            let target = column.target.map { target in
                "<span class=\"target\">" + ReportLabels.targetLines(target, lang).map(escape).joined(separator: "<br>") + "</span>"
            } ?? ""
            return "<th class=\"\(kind(i))\">\(escape(column.label))\(target.isEmpty ? "" : "<br>" + target)</th>"
        }.joined() + "</tr></thead>\n<tbody>\n"
        for (r, (row, total)) in zip(table.rows, table.isTotal).enumerated() {
            out += "<tr\(total ? " class=\"total\"" : "")>" + shown.map { i in
                table.isBelowTarget(row: r, column: i)
                    ? "<td class=\"n below\">\(escape(row[i]))<span class=\"mark\"> ▼</span></td>"
                    : "<td class=\"\(kind(i))\">\(escape(row[i]))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The page number at the foot of every printed page and the title at the head of
    /// every page after the first (CSS margin boxes, which Chromium prints).
    static func pageMarks(_ doc: ReportDocument) -> String {
        let title = doc.title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "<", with: "\\3C ")
        let number = doc.language == .zh ? "\"第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\""
            : "\"page \" counter(page) \" of \" counter(pages)"
        return """
        @page { @bottom-center { content: \(number); font-size: 8pt; color: #333; font-family: \(fonts); }
                @top-right { content: "\(title)"; font-size: 7.5pt; color: #666; font-family: \(fonts); } }
        @page :first { @top-right { content: none; } }
        """
    }

    /// The page's fonts; the margin boxes of a printed page do not inherit the body's.
    static let fonts = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", sans-serif"

    static let style = """
    @page { size: A4; margin: 15mm 12mm 18mm 12mm; }
    body { font-family: \(fonts);
           font-size: 10.5pt; color: #111; max-width: 186mm; margin: 0 auto; }
    h1 { font-size: 17pt; text-align: center; margin: 0 0 4mm; }
    h2 { font-size: 13pt; border-bottom: 1px solid #444; margin-top: 7mm; break-after: avoid; }
    h3 { font-size: 11.5pt; break-after: avoid; }
    dl.source { font-size: 9pt; color: #333; display: grid; grid-template-columns: max-content auto; gap: 1mm 4mm; }
    dl.source dd { margin: 0; } dl.source ul { margin: 0; padding-left: 5mm; }
    table { border-collapse: collapse; width: 100%; margin: 3mm 0; font-size: 8.5pt; }
    th, td { border: 0.5pt solid #888; padding: 0.6mm 1.2mm; }
    th { background: #e8e8e8; font-weight: bold; word-break: keep-all; vertical-align: bottom; }
    th span.target { font-weight: normal; font-size: 7.5pt; white-space: nowrap; }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
    td.k { white-space: nowrap; }
    td.t { word-break: normal; overflow-wrap: anywhere; }
    td.below { font-weight: bold; color: #a3261b; }
    tr.total td { font-weight: bold; background: #f4f4f4; }
    thead { display: table-header-group; }
    tr, figure { break-inside: avoid; }
    pre { font-size: 8.5pt; white-space: pre-wrap; }
    pre.code { background: #f2f2f2; border-left: 2pt solid #888; padding: 1.5mm 3mm; }
    div.error { border: 1pt solid #b00; color: #900; padding: 1mm 3mm; margin: 2mm 0; }
    p.note { font-size: 8.5pt; color: #555; margin: 0 0 2mm; }
    figure.chart { margin: 3mm 0; }
    figure.chart figcaption { font-size: 9pt; font-weight: bold; }
    figure.chart figcaption span.legend { display: block; font-weight: normal; font-size: 8pt; color: #444; }
    svg text { font-size: 8.5px; fill: #111; }
    svg text.tick { fill: #444; } svg text.missed { font-weight: bold; fill: #a3261b; }
    svg .grid { stroke: #ddd; stroke-width: 0.6; } svg .axis { stroke: #444; }
    svg .stem { stroke: #bbb; stroke-width: 0.8; }
    svg circle.met { fill: #1f3f6e; } svg circle.missed { fill: #fff; stroke: #a3261b; stroke-width: 1.6; }
    svg .target { stroke: #111; stroke-width: 1.2; } svg text.target-label { font-weight: bold; }
    svg .total { stroke: #555; stroke-width: 1; stroke-dasharray: 4 2; }
    div.page-break { break-after: page; }
    section.form, h2:has(+ section.form) { break-before: page; }
    h2 + section.form { break-before: auto; }
    section.form h2.form-title { text-align: center; border: none; font-size: 15pt; margin: 2mm 0 3mm; }
    div.form-corner { text-align: right; font-size: 8.5pt; line-height: 1.5; }
    div.form-line { display: flex; justify-content: space-between; font-size: 9pt; margin: 2mm 0; }
    @media print { body { max-width: none; } }
    """
}
