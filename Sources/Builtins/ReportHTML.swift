// ReportHTML: a report as one self-contained HTML file for printing: inline CSS for an
// A4 page, tables split into panels narrow enough for a portrait page, and for each
// rate of a statistics table an inline SVG bar chart by area. No scripts, no fonts or
// images fetched from anywhere: the file prints the same on a machine with no network.

import DataModel
import Foundation

public enum ReportHTML {
    /// Columns per printed table panel besides the repeated name columns.
    static let panelColumns = 10

    public static func render(_ doc: ReportDocument) -> String {
        let lang = doc.language
        var body = "<header>\n<h1>\(escape(doc.title))</h1>\n<dl class=\"source\">\n"
        if let source = doc.source {
            body += "<dt>\(ReportLabels.word("source", lang))</dt><dd>\(ReportLabels.word("database", lang)) "
                + "<code>\(escape(source.database))</code>"
            if source.feeds.isEmpty { body += "; " + ReportLabels.word("nothing", lang) }
            body += "<ul>" + source.feeds.map { feed in
                "<li>\(escape(feed.kind)): \(feed.files) \(ReportLabels.word("files", lang)), \(feed.loaded) "
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
        case .table(let table):
            var out = panels(table).map { html($0, of: table) }.joined()
            if table.omitted > 0 {
                out += "<p class=\"note\">" + ReportLabels.word("omitted", lang)
                    .replacingOccurrences(of: "%d", with: String(table.omitted)) + "</p>\n"
            }
            return out + ReportCharts.figures(table, lang)
        }
    }

    /// Column indexes of each panel: the leading name columns, then up to `panelColumns` others.
    static func panels(_ table: ReportTable) -> [[Int]] {
        let keys = Array(table.columns.indices.prefix { !table.columns[$0].isNumeric }.prefix(2))
        let rest = table.columns.indices.filter { !keys.contains($0) }
        guard !rest.isEmpty else { return [keys] }
        return stride(from: 0, to: rest.count, by: panelColumns).map { start in
            keys + rest[start..<min(rest.count, start + panelColumns)]
        }
    }

    static func html(_ shown: [Int], of table: ReportTable) -> String {
        var out = "<table>\n"
        out += "<thead><tr>" + shown.map { i in
            "<th\(cellClass(table.columns[i]))>\(escape(table.columns[i].label))</th>"
        }.joined() + "</tr></thead>\n<tbody>\n"
        for (row, total) in zip(table.rows, table.isTotal) {
            out += "<tr\(total ? " class=\"total\"" : "")>" + shown.map { i in
                "<td\(cellClass(table.columns[i]))>\(escape(row[i]))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// Numbers right-aligned; names and codes kept on one line.
    static func cellClass(_ column: ReportColumn) -> String {
        column.isNumeric ? " class=\"n\"" : " class=\"k\""
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

    static let style = """
    @page { size: A4; margin: 15mm 12mm 18mm 12mm; }
    body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif;
           font-size: 10.5pt; color: #111; max-width: 186mm; margin: 0 auto; }
    h1 { font-size: 17pt; text-align: center; margin: 0 0 4mm; }
    h2 { font-size: 13pt; border-bottom: 1px solid #444; margin-top: 7mm; break-after: avoid; }
    h3 { font-size: 11.5pt; break-after: avoid; }
    dl.source { font-size: 9pt; color: #333; display: grid; grid-template-columns: max-content auto; gap: 1mm 4mm; }
    dl.source dd { margin: 0; } dl.source ul { margin: 0; padding-left: 5mm; }
    table { border-collapse: collapse; width: 100%; margin: 3mm 0; font-size: 8.5pt; }
    th, td { border: 0.5pt solid #888; padding: 0.6mm 1.4mm; }
    th { background: #e8e8e8; font-weight: bold; }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
    td.k { white-space: nowrap; }
    tr.total td { font-weight: bold; background: #f4f4f4; }
    thead { display: table-header-group; }
    tr, figure { break-inside: avoid; }
    pre { font-size: 8.5pt; white-space: pre-wrap; }
    pre.code { background: #f2f2f2; border-left: 2pt solid #888; padding: 1.5mm 3mm; }
    div.error { border: 1pt solid #b00; color: #900; padding: 1mm 3mm; margin: 2mm 0; }
    p.note { font-size: 8.5pt; color: #555; }
    figure.chart { margin: 3mm 0; }
    figure.chart figcaption { font-size: 9pt; font-weight: bold; }
    svg text { font-size: 9px; fill: #111; }
    svg .bar { fill: #4a6fa5; } svg .reference { stroke: #b00; stroke-dasharray: 3 2; }
    svg .axis { stroke: #444; }
    @media print { body { max-width: none; } }
    """
}

// MARK: - charts: a bar per area for each rate (total rows left out), a dashed line at
// the rate of the table's first total row (the city or the chosen area), so an area above
// or below it stands out. Hand-written SVG: a report must print with no script and no network.

enum ReportCharts {
    /// Bars per chart; a longer table is a list to read, not a picture.
    static let maxBars = 60
    static let width = 640.0, labelWidth = 150.0, valueWidth = 50.0, barHeight = 13.0, gap = 4.0

    static func figures(_ table: ReportTable, _ lang: ReportLanguage) -> String {
        let nameColumn = table.columns.firstIndex { $0.name == "name" } ?? table.columns.firstIndex { !$0.isNumeric }
        guard let nameColumn else { return "" }
        let areas = table.rows.indices.filter { !table.isTotal[$0] }
        guard areas.count >= 2 else { return "" }
        var out = ""
        for (i, column) in table.columns.enumerated() {
            guard let indicator = column.indicator else { continue }
            let reference = table.rows.indices.first { table.isTotal[$0] }.flatMap { table.rates[$0][i] }
            let bars = areas.prefix(maxBars).map { row in
                (label: table.rows[row][nameColumn].isEmpty ? table.rows[row][0] : table.rows[row][nameColumn],
                 value: table.rates[row][i])
            }
            var caption = ReportLabels.word("chart", lang).replacingOccurrences(of: "%@", with: column.label)
            if areas.count > maxBars { caption += " (\(maxBars)/\(areas.count))" }
            out += "<figure class=\"chart\" data-indicator=\"\(indicator.name)\">\n"
                + "<figcaption>\(ReportHTML.escape(caption))</figcaption>\n"
                + svg(bars, reference: reference) + "</figure>\n"
        }
        return out
    }

    /// Bars start at zero: rightwards for a positive rate, leftwards for a negative one
    /// (a natural growth rate below zero).
    static func svg(_ bars: [(label: String, value: Double?)], reference: Double?) -> String {
        let values = bars.compactMap(\.value) + [reference ?? 0, 0]
        let low = values.min()!, high = values.max()!
        // A negative bar's value is written left of it, so the plot leaves room there too.
        let left = labelWidth + (low < 0 ? valueWidth : 0)
        let scale = high > low ? (width - left - valueWidth) / (high - low) : 0
        let zero = left + (-low) * scale
        let height = Double(bars.count) * (barHeight + gap) + gap
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "width=\"100%\" role=\"img\">\n"
        for (n, bar) in bars.enumerated() {
            let y = gap + Double(n) * (barHeight + gap)
            let textY = format(y + barHeight - 3)
            out += "<text x=\"\(format(labelWidth - 4))\" y=\"\(textY)\" text-anchor=\"end\">"
                + "\(ReportHTML.escape(TextWidth.truncate(bar.label, to: 24)))</text>"
            guard let value = bar.value else {
                out += "<text x=\"\(format(zero + 3))\" y=\"\(textY)\">—</text>\n"
                continue
            }
            let end = zero + value * scale
            out += "<rect class=\"bar\" x=\"\(format(min(zero, end)))\" y=\"\(format(y))\" "
                + "width=\"\(format(abs(end - zero)))\" height=\"\(format(barHeight))\"/>"
            let anchor = value < 0 ? "x=\"\(format(end - 3))\" text-anchor=\"end\"" : "x=\"\(format(end + 3))\""
            out += "<text \(anchor) y=\"\(textY)\">\(TableDisplay.fixed(value, digits: 2))</text>\n"
        }
        if low < 0 {
            out += "<line class=\"axis\" x1=\"\(format(zero))\" y1=\"0\" x2=\"\(format(zero))\" y2=\"\(format(height))\"/>\n"
        }
        if let reference {
            let x = format(zero + reference * scale)
            out += "<line class=\"reference\" x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(format(height))\"/>\n"
        }
        return out + "</svg>\n"
    }

    /// SVG coordinates to one decimal: enough for print, and the same text on every run.
    static func format(_ v: Double) -> String { TableDisplay.fixed(v, digits: 1) }
}
