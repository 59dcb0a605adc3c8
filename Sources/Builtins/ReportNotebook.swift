// ReportNotebook: a Markdown document run as a computed notebook. Its text becomes report
// blocks (headings, paragraphs, lists, other code as it is), and each fenced `popsh`
// block is run in order in one session, its output (tables as tables, printed text,
// errors with their file:line:column) placed under it. Only the block structure of
// Markdown is read: inline marks pass through as written, since the output formats
// print text, not a web page.

import DataModel
import Interpreter

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
