// ReportCharts: inline SVG bar charts of a statistics table's rates, one per rate, a bar
// per area (total rows left out) and a dashed line at the rate of the table's first
// total row (the city or the chosen area), so an area above or below it stands out.
// Hand-written SVG, because a report must print with no script and no network.

import DataModel
import Foundation

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
        let scale = high > low ? (width - labelWidth - valueWidth) / (high - low) : 0
        let zero = labelWidth + (-low) * scale
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
            out += "<text x=\"\(format(max(zero, end) + 3))\" y=\"\(textY)\">\(TableDisplay.fixed(value, digits: 2))</text>\n"
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
