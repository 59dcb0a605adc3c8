// MetaCommands: the shell's own `:commands` (help, variables, timing, table rows and
// style, quit). Each is one entry in a table of {name, usage, doc, example, action},
// documented in the library beside the builtins and verbs; a new command is one more
// entry in `MetaCommand.standard`.

import DataModel
import Builtins
import Interpreter
import Synchronization
@preconcurrency import Glibc

/// What the shell does after a meta command.
enum MetaOutcome { case proceed, quit }

/// A meta command's complaint; the shell prints it to stderr and goes on.
struct MetaCommandError: Error {
    let message: String
}

/// The shell's state that meta commands read and change.
final class ShellState {
    let session: Session
    let commands: [MetaCommand]
    var showsTiming = false   // `:time on`: print each statement's elapsed time
    var atTerminal = false    // reading from the line editor, not from piped input

    var fixedWidth: Int?      // `:set width N`; nil: the terminal's width

    init(session: Session, commands: [MetaCommand] = MetaCommand.standard) {
        self.session = session
        self.commands = commands
        session.machine.library.document(commandFamily, commands.map(\.entry))
    }

    /// The width tables fit before the next statement: `:set width`, else `COLUMNS`, else
    /// the terminal's (asked each time, so a resized window is followed), else none.
    var tableWidth: Int? {
        if let fixedWidth { return fixedWidth }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
        return Console.stdoutIsTerminal ? Console.terminalWidth() : nil
    }

    /// Every spelling a command answers to, for completion and error messages.
    var commandNames: [String] { commands.flatMap { [$0.name] + $0.aliases } }

    func command(named name: String) -> MetaCommand? {
        commands.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Runs one `:command` line.
    func runMeta(_ line: String) throws -> MetaOutcome {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first else { return .proceed }
        guard let command = command(named: name) else {
            let guess = nearestNames(to: name, in: commandNames, limit: 1).first.map { "did you mean \($0)? " } ?? ""
                + (session.machine.library.entries(named: String(name.dropFirst())).isEmpty ? "" : "(:help \(name.dropFirst()) shows that name) ")
            throw MetaCommandError(message: "unknown command '\(name)'; \(guess)the commands are "
                + commands.map(\.name).joined(separator: ", "))
        }
        return try command.action(self, Array(words.dropFirst()))
    }
}

struct MetaCommand: Sendable {
    let name: String          // with its colon, e.g. ":help"
    var aliases: [String] = []
    let usage: String
    let doc: String
    let example: String
    var result: String? = nil  // what the example prints, checked by a test
    let action: @Sendable (ShellState, [String]) throws -> MetaOutcome

    var entry: HelpEntry { HelpEntry(name, ([usage] + aliases).joined(separator: ", "), doc: doc, example: example, result: result) }

    /// The commands every popsh shell has.
    static let standard: [MetaCommand] = [help, vars, set, rows, time, quit]

    static let help = MetaCommand(
        name: ":help", usage: ":help [NAME]",
        doc: "Lists the tables, builtins, verbs and commands by family, or shows one name's entry.",
        example: ":help take", result: "t | take n\n  The first n rows.\n  example: len(areas | take 3)\n  result:  3"
    ) { shell, args in
        switch args.count {
        case 0: Console.write(overview(shell))
        case 1: Console.write(try helpText(args[0], shell) + "\n")
        default: throw MetaCommandError(message: "usage: :help [NAME]")
        }
        return .proceed
    }

    static let vars = MetaCommand(
        name: ":vars", usage: ":vars", doc: "Lists the variables with their types and values.",
        example: ":vars", result: "args  list  []"
    ) { shell, _ in
        let defined = shell.session.machine.globals.defined
        guard !defined.isEmpty else {
            Console.write("no variables defined\n")
            return .proceed
        }
        let nameWidth = defined.map { TextWidth.of($0.0) }.max() ?? 0
        let typeWidth = defined.map { $0.1.typeName.count }.max() ?? 0
        for (name, value) in defined {
            Console.write(TextWidth.pad(name, to: nameWidth) + "  " + TextWidth.pad(value.typeName, to: typeWidth)
                + "  " + TextWidth.truncate(value.repr, to: shortValueWidth) + "\n")
        }
        return .proceed
    }

    static let time = MetaCommand(
        name: ":time", usage: ":time on|off", doc: "Prints the elapsed time after each statement.",
        example: ":time", result: "timing is off"
    ) { shell, args in
        switch args {
        case []: Console.write("timing is \(shell.showsTiming ? "on" : "off")\n")
        case ["on"]: shell.showsTiming = true
        case ["off"]: shell.showsTiming = false
        default: throw MetaCommandError(message: "usage: :time on|off")
        }
        return .proceed
    }

    static let rows = MetaCommand(
        name: ":rows", usage: ":rows N", doc: "Shows at most N rows of a table (then how many more there are).",
        example: ":rows", result: "tables show at most 20 rows"
    ) { _, args in
        guard let text = args.first else {
            Console.write("tables show at most \(TableDisplay.rowLimit.load(ordering: .relaxed)) rows\n")
            return .proceed
        }
        guard args.count == 1, let n = Int(text), n >= 0 else {
            throw MetaCommandError(message: "usage: :rows N (a number of rows, 0 or more)")
        }
        TableDisplay.rowLimit.store(n, ordering: .relaxed)
        return .proceed
    }

    static let quit = MetaCommand(
        name: ":quit", aliases: [":q"], usage: ":quit", doc: "Leaves popsh (so does Ctrl-D on an empty line).",
        example: ":quit"
    ) { _, _ in .quit }
}

/// A value in `:vars` is cut to this many cells so one long list keeps to one line.
private let shortValueWidth = 60

/// The family the shell's commands are listed under in `:help`.
private let commandFamily = "commands (at the prompt)"

private func overview(_ shell: ShellState) -> String {
    shell.session.machine.library.overview(width: shell.tableWidth)
        + "keys: Tab completes; Up, Down and Ctrl-R recall; Ctrl-C cancels; Ctrl-D quits\n"
        + ":help NAME shows one name's entry with an example\n"
}

/// Every entry for `name` (a builtin, a verb, a command, a table), fitted to the terminal.
private func helpText(_ name: String, _ shell: ShellState) throws -> String {
    let library = shell.session.machine.library
    let found = library.entries(named: name) + (name.hasPrefix(":") ? [] : library.entries(named: ":" + name))
    if !found.isEmpty { return found.map { $0.text(width: shell.tableWidth) }.joined(separator: "\n\n") }
    if let value = library.values[name] { return "\(name)\n  \(value.doc)" }
    let guesses = nearestNames(to: name, in: library.documentedNames)
    let hint = guesses.isEmpty ? "" : "did you mean \(guesses.joined(separator: ", "))? "
    throw MetaCommandError(message: "no builtin, verb or command named '\(name)'; \(hint):help lists them all")
}
