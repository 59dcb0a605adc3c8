// ReportMarkdown: a report as Markdown, for a wiki or a mail: the header block as a
// short list, tables as pipe tables (numbers right-aligned), printed output and code as
// fenced blocks, errors as quoted text.

import DataModel
import Foundation

public enum ReportMarkdown {
    public static func render(_ doc: ReportDocument) -> String {
        let lang = doc.language
        var out = "# \(doc.title)\n\n"
        if let source = doc.source {
            out += "- \(ReportLabels.word("source", lang)): \(ReportLabels.word("database", lang)) `\(source.database)`\n"
            for feed in source.feeds {
                out += "  - \(feed.kind): \(feed.files) \(ReportLabels.word("files", lang)), \(feed.loaded) "
                    + "\(ReportLabels.word("rows", lang)), \(ReportLabels.word("loaded", lang)) \(feed.lastImported) (\(feed.lastFile))\n"
            }
        }
        out += "- \(ReportLabels.word("printed", lang)): \(doc.printed)\n\n"
        for block in doc.blocks { out += render(block, lang) + "\n" }
        return out
    }

    static func render(_ block: ReportBlock, _ lang: ReportLanguage) -> String {
        switch block {
        // The title is the one level-1 heading; sections start at level 2.
        case .heading(let text, let level): return String(repeating: "#", count: max(level, 2)) + " " + text + "\n"
        case .paragraph(let text): return text + "\n"
        case .list(let items): return items.map { "- " + $0 }.joined(separator: "\n") + "\n"
        case .preformatted(let text): return fence(text, info: "")
        case .code(let text): return fence(text, info: "popsh")
        case .error(let text): return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "> " + $0 }.joined(separator: "\n") + "\n"
        case .table(let table): return pipeTable(table, lang)
        }
    }

    static func pipeTable(_ table: ReportTable, _ lang: ReportLanguage) -> String {
        func row(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        var lines = table.caption.map { ["**\($0)**", ""] } ?? []
        lines.append(row(table.columns.map(\.label)))
        lines.append("|" + table.columns.map { $0.isNumeric ? " ---: |" : " --- |" }.joined())
        for (cells, total) in zip(table.rows, table.isTotal) {
            lines.append(row(total ? cells.map { $0.isEmpty ? $0 : "**\($0)**" } : cells))
        }
        if table.omitted > 0 {
            lines += ["", ReportLabels.word("omitted", lang).replacingOccurrences(of: "%d", with: String(table.omitted))]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A fenced block long enough that no line of `text` closes it early.
    static func fence(_ text: String, info: String) -> String {
        var ticks = "```"
        while text.contains(ticks) { ticks += "`" }
        return ticks + info + "\n" + text + (text.hasSuffix("\n") ? "" : "\n") + ticks + "\n"
    }
}
