// REPL: the interactive shell and its standard-input twin. On a terminal each entry is
// edited with the line editor, continuation lines are read until the statement is whole,
// and the whole statement becomes one history entry; otherwise statements are read from
// standard input. Either way each statement runs on its own, its value or its error is
// shown, and the shell goes on with the next.

import Builtins
import Interpreter

struct REPL {
    let session: Session
    /// Printed before the first prompt on a terminal (not to piped input's output).
    var banner: () -> String = { "" }

    static let prompt = "popsh> "
    static let continuationPrompt = "  ...> "

    /// Runs until Ctrl-D, `:quit` or the end of standard input. Exit status: 0 at the
    /// terminal (errors there were already shown and dealt with); from piped input, 1
    /// when any statement failed, so a pipeline can tell.
    func run() -> Int32 {
        let shell = ShellState(session: session)
        TableDisplay.style.withLock { $0 = .prompt(width: nil) }
        if Console.stdinIsTerminal, let status = runInteractive(shell) { return status }
        return runPiped(shell)
    }

    /// nil when the line editor cannot start on this terminal.
    private func runInteractive(_ shell: ShellState) -> Int32? {
        let library = session.machine.library
        let completer = Completer(statement: session.complete(before:), metaNames: shell.commandNames,
                                  helpNames: { library.documentedNames })
        guard let editor = LineEditor(historyPath: LineEditor.defaultHistoryPath(), completer: completer) else {
            return nil
        }
        Signals.installInteractiveHandlers()
        shell.atTerminal = true
        Console.write(banner())
        var pending = ""
        while true {
            switch editor.read(prompt: pending.isEmpty ? Self.prompt : Self.continuationPrompt) {
            case .interrupted:
                Console.write("^C\n")
                pending = ""
            case .endOfInput:
                Console.write("\n")
                if !pending.isEmpty { _ = perform(pending, firstLine: 1, shell) }
                return 0
            case .line(let line):
                if pending.isEmpty, isBlank(line) { continue }
                pending = pending.isEmpty ? line : pending + "\n" + line
                if !isMetaCommand(pending), session.isIncomplete(pending) { continue }
                let entry = pending
                pending = ""
                editor.remember(entry)
                if perform(entry, firstLine: 1, shell) == .quit { return 0 }
            }
        }
    }

    private func runPiped(_ shell: ShellState) -> Int32 {
        var pending = "", firstLine = 1, lineNumber = 0, failed = false
        while var line = readLine(strippingNewline: true) {
            lineNumber += 1
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if pending.isEmpty {
                if isBlank(line) { continue }
                firstLine = lineNumber
            }
            pending = pending.isEmpty ? line : pending + "\n" + line
            if !isMetaCommand(pending), session.isIncomplete(pending) { continue }
            let result = perform(pending, firstLine: firstLine, shell)
            pending = ""
            if result == .failed { failed = true }
            if result == .quit { return failed ? 1 : 0 }
        }
        // Input that ends mid-statement is run anyway, so its parse error is reported.
        if !pending.isEmpty, perform(pending, firstLine: firstLine, shell) == .failed { failed = true }
        return failed ? 1 : 0
    }

    private enum EntryResult { case succeeded, failed, quit }

    /// Runs one entry (a statement or a meta command) and shows what came of it.
    private func perform(_ entry: String, firstLine: Int, _ shell: ShellState) -> EntryResult {
        defer { Console.flush() }
        if isMetaCommand(entry) {
            do {
                return try shell.runMeta(entry.trimmingBlanks()) == .quit ? .quit : .succeeded
            } catch let e as MetaCommandError {
                Console.error(e.message)
                return .failed
            } catch {
                Console.error("popsh: \(error)")
                return .failed
            }
        }
        Signals.clearInterrupt()
        shell.applyTableWidth()
        let clock = ContinuousClock()
        let started = clock.now
        defer { if shell.showsTiming { Console.write("time: \(describe(clock.now - started))\n") } }
        do {
            try session.run(entry, name: entryName)
            return .succeeded
        } catch let e as PopshError {
            // At a terminal the press echoed `^C` mid-line; the message starts a line of its own.
            let interrupted = shell.atTerminal ? "\ninterrupted" : "interrupted"
            Console.error(e.kind == .interrupted ? interrupted : relocated(e, firstLine: firstLine).render())
            return .failed
        } catch {
            Console.error("popsh: \(error)")
            return .failed
        }
    }
}

/// The source name diagnostics give for statements typed or piped in.
private let entryName = "<stdin>"

/// Each piped statement is parsed as a text of its own; this moves an error's place back
/// to its line in the whole input, so `<stdin>:LINE:COL` names the line a user can find.
/// Errors from other sources (a `source`d file) keep their place.
private func relocated(_ error: PopshError, firstLine: Int) -> PopshError {
    guard firstLine > 1, let place = error.location, place.source.name == entryName else { return error }
    let padded = Source(name: entryName, text: String(repeating: "\n", count: firstLine - 1) + place.source.text)
    var moved = error
    moved.location = SourceLocation(source: padded, line: place.line + firstLine - 1, column: place.column)
    return moved
}

/// Meta commands start with `:`, which no statement can.
private func isMetaCommand(_ entry: String) -> Bool {
    entry.trimmingBlanks().hasPrefix(":")
}

private func isBlank(_ line: String) -> Bool {
    line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
}

/// Milliseconds with two decimals under a second, else seconds.
private func describe(_ elapsed: Duration) -> String {
    let (seconds, attoseconds) = elapsed.components
    let ms = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    return ms < 1000 ? "\((ms * 100).rounded() / 100) ms" : "\((ms / 10).rounded() / 100) s"
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
}
