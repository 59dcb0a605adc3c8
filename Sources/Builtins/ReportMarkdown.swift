// ReportMarkdown: Markdown both ways. Out: a report as Markdown, for a wiki or a mail,
// the header block as a short list, tables as pipe tables (numbers right-aligned),
// printed output and code as fenced blocks, errors as quoted text. In: a Markdown
// document run as a computed notebook (`popsh render`): its text becomes report blocks
// and each fenced `popsh` block runs in order in one session, its output (tables as
// tables, printed text, errors with their file:line:column) placed under it. Only the
// block structure of Markdown is read: inline marks pass through as written, since the
// output formats print text, not a web page.

import DataModel
import Foundation
import Interpreter

public enum ReportMarkdown {
    public static func render(_ doc: ReportDocument) -> String {
        let lang = doc.language
        var out = "# \(doc.title)\n\n"
        if let source = doc.source {
            out += "- \(ReportLabels.word("source", lang)): \(ReportLabels.word("database", lang)) `\(source.database)`\n"
            for feed in source.feeds {
                out += "  - \(ReportLabels.fileKind(feed.kind, lang)): \(ReportLabels.files(feed.files, lang)), \(feed.loaded) "
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
        case .pageBreak: return "---\n"
        case .form(let form):
            let field = { (f: (label: String, value: String)) in "\(f.label)：\(f.value)" }
            return "**\(form.title)**\n\n" + form.corner.map(field).joined(separator: "　") + "\n\n"
                + form.heading.map(field).joined(separator: "　") + "\n\n" + pipeTable(form.table, lang) + "\n"
                + form.footer.map(field).joined(separator: "　") + "\n"
        }
    }

    static func pipeTable(_ table: ReportTable, _ lang: ReportLanguage) -> String {
        func row(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        var lines = [row(table.columns.map { column in
            column.label + (column.target.map { " " + ReportLabels.targetLines($0, lang).joined(separator: " ") } ?? "")
        })]
        lines.append("|" + table.columns.map { $0.isNumeric ? " ---: |" : " --- |" }.joined())
        for (r, (cells, total)) in zip(table.rows, table.isTotal).enumerated() {
            let marked = cells.indices.map { table.isBelowTarget(row: r, column: $0) ? cells[$0] + " ▼" : cells[$0] }
            lines.append(row(total ? marked.map { $0.isEmpty ? $0 : "**\($0)**" } : marked))
        }
        if table.marksBelowTarget { lines += ["", ReportLabels.word("below", lang)] }
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

// MARK: - notebooks

public enum ReportNotebook {
    /// Runs `markdown` (read from `path`) in `session`; the document's first `# ` heading
    /// is the report's title. Returns how many popsh blocks failed.
    @discardableResult
    public static func run(_ markdown: String, path: String, session: Session, into capture: ReportCapture) -> Int {
        var failures = 0, titled = false
        var paragraph: [String] = [], items: [String] = []
        func flush() {
            if !paragraph.isEmpty { capture.add(.paragraph(joinLines(paragraph))); paragraph = [] }
            if !items.isEmpty { capture.add(.list(items)); items = [] }
        }
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        var i = 0
        while i < lines.count {
            let line = lines[i], trimmed = line.trimmingCharacters()
            if let fence = fenceMarker(trimmed) {
                flush()
                let info = trimmed.dropFirst(fence.count).trimmingCharacters()
                var body: [String] = [], j = i + 1
                while j < lines.count, !lines[j].trimmingCharacters().hasPrefix(fence) { body.append(lines[j]); j += 1 }
                let code = body.joined(separator: "\n")
                if info == "popsh" {
                    capture.add(.code(code))
                    // Blank lines before the code make a diagnostic's line the document's line.
                    let padded = String(repeating: "\n", count: i + 1) + code
                    do {
                        try session.run(padded, name: path, path: path)
                        capture.flushText()
                    } catch let e as PopshError {
                        capture.add(.error(e.render()))
                        failures += 1
                    } catch {
                        capture.add(.error("\(error)"))
                        failures += 1
                    }
                } else {
                    capture.add(.preformatted(code))
                }
                i = j + 1
                continue
            }
            if let (level, text) = heading(trimmed) {
                flush()
                if level == 1 && !titled { capture.setTitle(text); titled = true } else { capture.add(.heading(text, level: level)) }
            } else if trimmed.isEmpty {
                flush()
            } else if let item = listItem(trimmed) {
                if !paragraph.isEmpty { flush() }
                items.append(item)
            } else if !items.isEmpty && line.hasPrefix("  ") {
                items[items.count - 1] = joinLines([items[items.count - 1], trimmed])
            } else {
                if !items.isEmpty { flush() }
                paragraph.append(trimmed)
            }
            i += 1
        }
        flush()
        return failures
    }

    private static func fenceMarker(_ line: String) -> String? {
        for mark in ["```", "~~~"] where line.hasPrefix(mark) {
            return String(line.prefix { $0 == mark.first })
        }
        return nil
    }

    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (hashes, line.dropFirst(hashes + 1).trimmingCharacters())
    }

    private static func listItem(_ line: String) -> String? {
        for mark in ["- ", "* ", "+ "] where line.hasPrefix(mark) { return String(line.dropFirst(2)) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return String(line.dropFirst(digits.count + 2))
        }
        return nil
    }

    /// Joins a paragraph's lines: with a space between Latin words, with nothing between
    /// Chinese characters (a line break inside Chinese text is not a word break).
    private static func joinLines(_ lines: [String]) -> String {
        lines.dropFirst().reduce(lines.first ?? "") { text, next in
            let wide = (text.last.map { TextWidth.of(String($0)) == 2 } ?? false)
                && (next.first.map { TextWidth.of(String($0)) == 2 } ?? false)
            return text + (wide ? "" : " ") + next
        }
    }
}

private extension StringProtocol {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
