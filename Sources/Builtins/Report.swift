// Report: the `report` builtin and the capture that turns a script's output into a
// report. `report(sections..., title:)` prints its sections as a text report, or writes
// them to `out:` as text, Markdown or HTML by the file's extension. Under `popsh report`
// and `popsh render` a capture is attached to the session instead: every table the
// script shows becomes a table of the report, printed text becomes text, and a
// `report(...)` call names the report and adds its sections.

import DataModel
import Foundation
import Interpreter
import Synchronization

/// The output formats, chosen by a file's extension.
public enum ReportFormat: Sendable {
    case text, markdown, html, pdf, workbook

    public init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "txt", "text", "prn": self = .text
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        case "pdf": self = .pdf
        case "xlsx": self = .workbook
        default: return nil
        }
    }

    /// The extensions a report can be written as, for messages.
    public static let extensions = ".txt, .md, .html, .pdf or .xlsx"

    /// Writes `doc` to `path` in this format (a PDF is the HTML printed by Chromium).
    public func write(_ doc: ReportDocument, to path: String) throws {
        switch self {
        case .text: try ReportText.render(doc).write(toFile: path, atomically: true, encoding: .utf8)
        case .markdown: try ReportMarkdown.render(doc).write(toFile: path, atomically: true, encoding: .utf8)
        case .html: try ReportHTML.render(doc).write(toFile: path, atomically: true, encoding: .utf8)
        case .pdf: try ReportPDF.write(doc, to: path)
        case .workbook: try ReportWorkbook.write(doc, to: path)
        }
    }
}

/// Collects what a session prints as report blocks.
public final class ReportCapture: @unchecked Sendable {
    public private(set) var document: ReportDocument
    /// Printed text not yet made a block: a script prints a line in several writes.
    private var pending = ""
    /// The session's own output, given back by `detach`.
    private var restore: (write: (String) -> Void, display: ((Value, Machine, SourceLocation) throws -> String?)?)?
    /// The capture of each machine that has one, found by `report(...)`.
    private static let active = Mutex<[ObjectIdentifier: ReportCapture]>([:])

    public init(document: ReportDocument) { self.document = document }

    /// Routes the session's printed text and shown tables into this capture until `detach`.
    public func attach(to session: Session) {
        let machine = session.machine
        let showTable = machine.library.display
        restore = (machine.write, showTable)
        machine.write = { [unowned self] text in pending += text }
        machine.library.display = { [unowned self] value, machine, location in
            guard case .table = value else { return try showTable?(value, machine, location) }
            flushText()
            try document.append(value, machine, at: location)
            return ""
        }
        Self.active.withLock { $0[ObjectIdentifier(machine)] = self }
    }

    /// Gives the session its own output back.
    public func detach(from session: Session) {
        flushText()
        if let restore {
            session.machine.write = restore.write
            session.machine.library.display = restore.display
        }
        restore = nil
        _ = Self.active.withLock { $0.removeValue(forKey: ObjectIdentifier(session.machine)) }
    }

    static func of(_ machine: Machine) -> ReportCapture? {
        active.withLock { $0[ObjectIdentifier(machine)] }
    }

    /// The language of a findings table's sentences: the report's while one is being
    /// made, else English, as the shell has always shown them.
    static func findingsLanguage(_ machine: Machine) -> ReportLanguage {
        of(machine)?.document.language ?? .en
    }

    /// Adds a block directly (a notebook's code, a failed block's diagnostic).
    public func add(_ block: ReportBlock) {
        flushText()
        document.blocks.append(block)
    }

    /// The printed text so far becomes one block (blank output is dropped).
    public func flushText() {
        let text = pending.trimmingCharacters(in: .newlines)
        pending = ""
        if !text.trimmingCharacters(in: .whitespaces).isEmpty { document.blocks.append(.preformatted(text)) }
    }

    /// Names the report (a `report(title:)` call, a notebook's first heading).
    /// Sets the language of the header and of the tables added from now on.
    func setLanguage(_ language: ReportLanguage) { document.language = language }

    public func setTitle(_ title: String) {
        if !title.isEmpty { document.title = title }
    }

    func append(_ values: [Value], _ machine: Machine, at location: SourceLocation) throws {
        flushText()
        for value in values { try document.append(value, machine, at: location) }
    }
}

let reportBuiltins: [Builtin] = [
    Builtin("report_lang()",
            doc: "The language of the report being made (\"zh\" or \"en\", from popsh report --lang); \"zh\" outside one, "
                + "so a script can print its own sentences in the report's language.",
            example: "report_lang()", result: "\"zh\"") { c in
        .string((ReportCapture.of(c.machine)?.document.language ?? .zh).rawValue)
    },
    Builtin("report(sections..., title = \"\", lang = null, out = null)",
            doc: "A printed report of the sections (tables, text; \"# \" or \"## \" opens a heading), with the data "
                + "source and date printed: shown as text, or written to out (.txt, .md, .html, .pdf, .xlsx); lang \"zh\" (default) or \"en\".",
            example: "report(\"## 说明\", \"全市合计。\", title: \"示例\", out: \"report-example.md\")") { c in
        var language: ReportLanguage?
        if !c.isOmitted(2) {
            let text = try c.string(2)
            guard let chosen = ReportLanguage(rawValue: text) else {
                throw c.error("unknown language \"\(text)\"", hint: "use lang: \"zh\" or lang: \"en\"")
            }
            language = chosen
        }
        let sections = try c.list(0), title = try c.string(1)
        if let capture = ReportCapture.of(c.machine) {
            capture.setTitle(title)
            if let language { capture.setLanguage(language) }
            try capture.append(sections, c.machine, at: c.location)
            return .null
        }
        // Only a database the sections already read is named: a report of text alone
        // must not open (or build) the default database.
        let source = try c.machine.openedDatabase.map(ReportSource.of)
        var doc = ReportDocument(title: title.isEmpty ? "popsh" : title, language: language ?? .zh, source: source,
                                 printed: TableBuiltins.today())
        for section in sections { try doc.append(section, c.machine, at: c.location) }
        guard !c[3].isNull else {
            c.machine.write(ReportText.render(doc))
            return .null
        }
        let path = try c.string(3)
        guard let format = ReportFormat(path: path) else {
            throw c.error("cannot tell the format of \(path)", hint: "end the file name in \(ReportFormat.extensions)")
        }
        do {
            try format.write(doc, to: path)
        } catch let e as ReportPrintError {
            throw c.error(e.description)
        } catch let e as WorkbookError {
            throw c.error(e.description)
        } catch {
            throw c.error("cannot write \(path): \(error.localizedDescription)", hint: "check the folder exists and is writable")
        }
        return .null
    },
]
