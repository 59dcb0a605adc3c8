// ReportCommands: `popsh report SCRIPT.pop --out FILE` runs a script and prints what it
// shows as a report (text, Markdown, HTML, PDF or Excel by FILE's extension); `popsh render DOC.md
// --out DOC.html` runs a Markdown notebook's popsh blocks in one session and writes the
// document with each block's output under it. Both write the file even when a block
// fails, with the error in its place, and then exit 1.

import ArgumentParser
import Builtins
import DataModel
import Foundation
import Interpreter

/// The options both commands share.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Where to write: .txt (printer), .md, .html, .pdf (A4, printed by Chromium) or .xlsx.", valueName: "FILE"))
    var out: String

    @Option(name: .long, help: "Language of labels and indicator names: zh or en.")
    var lang: String = "zh"

    @Option(name: .long, help: ArgumentHelp("The date printed in the header (default today), for reproducible output.",
                                            valueName: "YYYY-MM-DD"))
    var date: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard ReportFormat(path: out) != nil else {
            throw ValidationError("cannot tell the format of \(out): end it in \(ReportFormat.extensions)")
        }
        guard ReportLanguage(rawValue: lang) != nil else { throw ValidationError("--lang is zh or en, not \(lang)") }
        if let date, CivilDate.parse(date) == nil { throw ValidationError("--date \(date) is not a date (YYYY-MM-DD)") }
    }

    /// A session whose output is captured into a report titled `title`.
    func session(title: String) -> (Session, ReportCapture, () -> ReportSource?) {
        let session = Session(library: Builtins.library(), write: Console.write)
        let options = database
        session.machine.openDatabase = { try DatabaseChoice.open(options) }
        let today = date.flatMap(CivilDate.parse) ?? CivilDate(days: Int32(Date().timeIntervalSince1970 / 86_400))
        let capture = ReportCapture(document: ReportDocument(title: title, language: ReportLanguage(rawValue: lang)!,
                                                             printed: today))
        capture.attach(to: session)
        let source = { try? session.machine.openedDatabase.map(ReportSource.of) ?? nil }
        return (session, capture, source)
    }

    /// Writes the captured report; exit status 1 when `failed`, 2 when the file cannot be written.
    func write(_ capture: ReportCapture, source: ReportSource?, failed: Bool) throws -> Never {
        var doc = capture.document
        doc.source = source
        do {
            try ReportFormat(path: out)!.write(doc, to: out)
        } catch let e as ReportPrintError {
            Console.error("popsh: \(e.description)")
            throw ExitCode(2)
        } catch let e as WorkbookError {
            Console.error("popsh: \(e.description)")
            throw ExitCode(2)
        } catch {
            Console.error("popsh: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        Console.error("popsh: report written to \(out)" + (failed ? " (with errors)" : ""))
        throw ExitCode(failed ? 1 : 0)
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a script and write what it shows as a printed report (text, Markdown, HTML, PDF or Excel).")

    @Argument(help: "The script whose tables and printed text make the report.")
    var script: String

    @Argument(help: "Arguments the script sees as `args`.")
    var scriptArgs: [String] = []

    @OptionGroup var options: ReportOptions

    func run() throws {
        guard let text = readScript(script) else {
            Console.error("popsh: cannot read script '\(script)'")
            throw ExitCode(2)
        }
        let title = ((script as NSString).lastPathComponent as NSString).deletingPathExtension
        let (session, capture, source) = options.session(title: title)
        session.define("args", .list(scriptArgs.map { .string($0) }))
        var failed = false
        do {
            try session.run(text, name: script, path: script)
        } catch let e as PopshError {
            capture.add(.error(e.render()))
            Console.error(e.render())
            failed = true
        }
        capture.detach(from: session)
        try options.write(capture, source: source(), failed: failed)
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Run the popsh blocks of a Markdown notebook and write it with each block's output.")

    @Argument(help: "The Markdown document.")
    var document: String

    @Flag(help: "Exit 1 when any block fails (the document is still written, errors in place).")
    var check = false

    @OptionGroup var options: ReportOptions

    func run() throws {
        guard let text = readScript(document) else {
            Console.error("popsh: cannot read document '\(document)'")
            throw ExitCode(2)
        }
        let (session, capture, source) = options.session(title: (document as NSString).lastPathComponent)
        session.define("args", .list([]))
        let failures = ReportNotebook.run(text, path: document, session: session, into: capture)
        capture.detach(from: session)
        if failures > 0 { Console.error("popsh: \(failures) block\(failures == 1 ? "" : "s") of \(document) failed") }
        try options.write(capture, source: source(), failed: check && failures > 0)
    }
}
