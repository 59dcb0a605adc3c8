// ReportCharts: the pictures of an HTML report. For each rate of a statistics table that
// has a target, a ranked dot chart of the areas (total rows left out): the lowest first,
// the axis spanning only where the values, the target and the total lie, the target as a
// solid labelled line and the total (the city, or the `in:` area) as a dashed labelled
// one. An area below its target is an open circle in a second colour with a ▼ after its
// value, so the chart reads the same printed in black and white. Labels sit in bands
// of their own (names left, values right, the two line labels above the plot on two
// rows), so nothing is drawn over anything else. A rate that is the same in every area
// is said in a sentence instead. Hand-written SVG: a report prints with no script and
// no network.

import DataModel

enum ReportCharts {
    /// Dots per chart; a longer table is a list to read, not a picture.
    static let maxDots = 80
    static let minAreas = 4
    static let width = 640.0, nameWidth = 118.0, valueWidth = 62.0, rowHeight = 12.0
    static let band = 26.0, axisHeight = 22.0

    static func figures(_ table: ReportTable, _ lang: ReportLanguage) -> String {
        let nameColumn = table.columns.firstIndex { $0.name == "name" } ?? table.columns.firstIndex { !$0.isNumeric }
        guard let nameColumn else { return "" }
        let areas = table.rows.indices.filter { !table.isTotal[$0] && !table.isNote[$0] }
        // Two or three areas are read at a glance in the table above.
        guard areas.count >= minAreas else { return "" }
        var sentences: [String] = [], out = ""
        for (i, column) in table.columns.enumerated() {
            guard let indicator = column.indicator else { continue }
            let values = areas.compactMap { table.rates[$0][i] }
            if let only = values.first, values.allSatisfy({ $0 == only }) {
                sentences.append(constant(column, value: only, of: values.count, areas: areas.count, lang))
                continue
            }
            guard let target = column.target else { continue }
            let dots = areas.map { row in
                (label: table.rows[row][nameColumn].isEmpty ? table.rows[row][0] : table.rows[row][nameColumn],
                 value: table.rates[row][i])
            }
            let total = table.rows.indices.first { table.isTotal[$0] }
            out += figure(column, indicator: indicator, target: target, dots: dots,
                          total: total.flatMap { table.rates[$0][i] },
                          totalName: total.map { table.rows[$0][nameColumn] } ?? "", lang)
        }
        if !sentences.isEmpty { out = "<p class=\"constant\">" + ReportHTML.escape(sentences.joined()) + "</p>\n" + out }
        return out
    }

    /// "各地区政策符合率(%)均为 100.00。" (areas with an empty rate, a zero denominator, are left out).
    static func constant(_ column: ReportColumn, value: Double, of counted: Int, areas: Int, _ lang: ReportLanguage) -> String {
        let figure = TableDisplay.fixed(value, digits: 2)
        if lang == .zh {
            return counted == areas ? "各地区\(column.label)均为 \(figure)。"
                : "有数可计的 \(counted) 个地区\(column.label)均为 \(figure)（其余 \(areas - counted) 个分母为零）。"
        }
        return counted == areas ? "The \(column.label) is \(figure) in every area. "
            : "The \(column.label) is \(figure) in each of the \(counted) areas where it can be computed "
                + "(the other \(areas - counted) have a zero denominator). "
    }

    static func figure(_ column: ReportColumn, indicator: Indicator, target: Target,
                       dots all: [(label: String, value: Double?)], total: Double?, totalName: String,
                       _ lang: ReportLanguage) -> String {
        let below = all.filter { $0.value.map(target.isMissed) ?? false }.count
        let empty = all.filter { $0.value == nil }.count
        // Lowest first: the areas behind are the ones a reader looks for.
        let ranked = all.filter { $0.value != nil }.sorted { $0.value! < $1.value! } + all.filter { $0.value == nil }
        let dots = Array(ranked.prefix(maxDots))
        let caption: String
        let targetText = ReportLabels.targetLines(target, lang).joined(separator: lang == .zh ? "，" : ", ")
        if lang == .zh {
            caption = "\(column.label)：\(targetText)；\(all.count - empty) 个地区中 \(below) 个低于目标"
                + (empty > 0 ? "（另有 \(empty) 个无数可计）" : "")
                + (ranked.count > maxDots ? "（图中为最低的 \(maxDots) 个）" : "")
        } else {
            caption = "\(column.label): \(targetText); \(below) of \(all.count - empty) areas below target"
                + (empty > 0 ? " (\(empty) more with nothing to compute)" : "")
                + (ranked.count > maxDots ? " (the lowest \(maxDots) shown)" : "")
        }
        let legend = lang == .zh
            ? "实心点：达到目标；空心点 ▼：低于目标；实线：目标；虚线：\(totalName.isEmpty ? "合计" : totalName)"
            : "filled dot: meets the target; open dot ▼: below it; solid line: target; dashed line: \(totalName.isEmpty ? "total" : totalName)"
        return "<figure class=\"chart\" data-indicator=\"\(indicator.name)\">\n"
            + "<figcaption>\(ReportHTML.escape(caption))<span class=\"legend\">\(ReportHTML.escape(legend))</span></figcaption>\n"
            + svg(dots, target: target, total: total, totalName: totalName, lang) + "</figure>\n"
    }

    static func svg(_ dots: [(label: String, value: Double?)], target: Target, total: Double?, totalName: String,
                    _ lang: ReportLanguage) -> String {
        let axis = Axis(dots.compactMap(\.value) + [target.target] + (total.map { [$0] } ?? []))
        let left = nameWidth, right = width - valueWidth
        func x(_ v: Double) -> Double { left + (v - axis.low) / (axis.high - axis.low) * (right - left) }
        let plotTop = band, plotBottom = band + Double(dots.count) * rowHeight
        let height = plotBottom + axisHeight
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "width=\"100%\" role=\"img\">\n"
        for tick in axis.ticks {
            let tx = f(x(tick))
            out += "<line class=\"grid\" x1=\"\(tx)\" y1=\"\(f(plotTop))\" x2=\"\(tx)\" y2=\"\(f(plotBottom))\"/>"
                + "<text class=\"tick\" x=\"\(tx)\" y=\"\(f(plotBottom + 12))\" text-anchor=\"middle\">\(axis.text(tick))</text>\n"
        }
        out += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(plotBottom))\" x2=\"\(f(right))\" y2=\"\(f(plotBottom))\"/>\n"
        // The two line labels take a row each above the plot, so they cannot overlap.
        let targetLabel = ReportLabels.word("target", lang).replacingOccurrences(of: "%@", with: ReportLabels.number(target.target))
        out += lineAndLabel(x: x(target.target), row: 0, cssClass: "target", label: targetLabel, top: plotTop, bottom: plotBottom)
        if let total {
            let label = (totalName.isEmpty ? (lang == .zh ? "合计" : "total") : totalName) + " " + TableDisplay.fixed(total, digits: 2)
            out += lineAndLabel(x: x(total), row: 1, cssClass: "total", label: label, top: plotTop, bottom: plotBottom)
        }
        for (n, dot) in dots.enumerated() {
            let y = plotTop + (Double(n) + 0.5) * rowHeight, textY = f(y + 3.2)
            let missed = dot.value.map(target.isMissed) ?? false
            out += "<text class=\"name\(missed ? " missed" : "")\" x=\"\(f(left - 6))\" y=\"\(textY)\" text-anchor=\"end\">"
                + "\(ReportHTML.escape(TextWidth.truncate(dot.label, to: 22)))</text>"
            guard let value = dot.value else {
                out += "<text class=\"value\" x=\"\(f(width - 2))\" y=\"\(textY)\" text-anchor=\"end\">—</text>\n"
                continue
            }
            out += "<line class=\"stem\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(x(value)))\" y2=\"\(f(y))\"/>"
                + "<circle class=\"\(missed ? "missed" : "met")\" cx=\"\(f(x(value)))\" cy=\"\(f(y))\" r=\"3.6\"/>"
                + "<text class=\"value\(missed ? " missed" : "")\" x=\"\(f(width - 2))\" y=\"\(textY)\" text-anchor=\"end\">"
                + "\(TableDisplay.fixed(value, digits: 2))\(missed ? " ▼" : "")</text>\n"
        }
        return out + "</svg>\n"
    }

    /// A vertical line through the plot, its label on the given row of the band above,
    /// anchored so it stays inside the chart.
    static func lineAndLabel(x: Double, row: Int, cssClass: String, label: String, top: Double, bottom: Double) -> String {
        let y = 10.0 + Double(row) * 11
        let anchor = x > width - valueWidth - 40 ? "end" : (x < nameWidth + 40 ? "start" : "middle")
        return "<line class=\"\(cssClass)\" x1=\"\(f(x))\" y1=\"\(f(y + 2))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\"/>"
            + "<text class=\"\(cssClass)-label\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">"
            + "\(ReportHTML.escape(label))</text>\n"
    }

    /// SVG coordinates to one decimal: enough for print, and the same text on every run.
    static func f(_ v: Double) -> String { TableDisplay.fixed(v, digits: 1) }
}

/// The value axis: from a round number at or below the least value to one at or above
/// the greatest, in steps of 1, 2 or 5 times a power of ten, five or so ticks; a rate
/// in per cent never runs past 100 when no value does.
struct Axis {
    let low: Double, high: Double, step: Double

    init(_ values: [Double]) {
        var least = values.min() ?? 0, most = values.max() ?? 1
        if most - least < 1e-9 { least -= 1; most += 1 }
        var step = 1.0
        let span = most - least
        var power = 1.0
        while power * 10 <= span { power *= 10 }
        while power > span { power /= 10 }
        for factor in [0.1, 0.2, 0.5, 1, 2, 5, 10] where span / (power * factor) <= 6 {
            step = power * factor
            break
        }
        self.step = step
        low = (least / step).rounded(.down) * step
        high = (most / step).rounded(.up) * step
    }

    var ticks: [Double] {
        stride(from: low, through: high + step / 2, by: step).map { $0 }
    }

    func text(_ tick: Double) -> String {
        step >= 1 ? String(Int(tick.rounded())) : TableDisplay.fixed(tick, digits: step >= 0.1 ? 1 : 2)
    }
}
