// popsh: the command line. `popsh` starts the REPL, `popsh FILE.pop [ARGS...]` runs a
// script in batch, `popsh -c CODE` runs one line. Exit status: 0 success, 1 script
// error (after its diagnostic), 2 usage error.

import ArgumentParser
import Builtins
import Interpreter
@preconcurrency import Glibc

let popshVersion = "0.1.0"

struct Popsh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "popsh",
        abstract: "An analysis shell for the population and family-planning information centre.",
        usage: """
        popsh [--db PATH]                     the interactive prompt
        popsh [--db PATH] FILE.pop [ARGS...]  run a script; it sees ARGS as the list `args`
        popsh [--db PATH] -c CODE             run one line of code (CODE may start with -)
        popsh SUBCOMMAND [OPTIONS]            init, import, demo, report, render (below)
        """,
        discussion: """
        Without a file, popsh starts the interactive prompt (or reads statements from
        standard input when it is not a terminal); type :help there.

        Options of the language (popsh, popsh FILE.pop, popsh -c):
          -c CODE      Run CODE and exit.
          --db PATH    The database to use (default: $POPSH_DB, else the demo city
                       database in ~/.local/share/popsh, made on first use).

        Exit status: 0 success, 1 a script error (after its diagnostic), 2 a usage error.
        """,
        version: popshVersion,
        subcommands: [Run.self, Init.self, Import.self, Demo.self, Report.self, Render.self, User.self],
        defaultSubcommand: Run.self
    )
}

/// `popsh [FILE.pop [ARGS...]]` and `popsh -c CODE`: the language itself.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script, one line of code, or the interactive prompt (the default)."
    )

    @Option(name: .customShort("c", allowingJoined: true), help: ArgumentHelp("Run CODE and exit.", valueName: "CODE"))
    var code: String?

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "A script to run in batch.")
    var file: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments the script sees as `args`.")
    var scriptArgs: [String] = []

    func run() throws {
        let session = Session(library: Builtins.library(), write: Console.write)
        session.define("args", .list(scriptArgs.map { .string($0) }))
        let options = database
        session.machine.openDatabase = {
            let db = try DatabaseChoice.open(options)
            interruptibleDatabase = db
            databaseInterrupt = db.interruptHandle
            return db
        }
        onInterrupt = { databaseInterrupt?.interrupt() }
        onClearInterrupt = { interruptibleDatabase?.clearInterrupt() }
        if let code {
            guard file == nil else { throw ValidationError("give either -c CODE or a script file, not both") }
            throw ExitCode(runBatch(session, text: code, name: "<-c>", path: nil))
        }
        if let file {
            guard let text = readScript(file) else {
                Console.error("popsh: cannot read script '\(file)'")
                throw ExitCode(2)
            }
            throw ExitCode(runBatch(session, text: text, name: file, path: file))
        }
        throw ExitCode(REPL(session: session, banner: { Banner.text(options) }).run())
    }
}

/// Runs a whole script; the first error stops it (a monthly batch must not go on
/// with half its inputs) and the diagnostic goes to stderr.
func runBatch(_ session: Session, text: String, name: String, path: String?) -> Int32 {
    defer { Console.flush() }
    do {
        try session.run(text, name: name, path: path)
        return 0
    } catch let e as PopshError {
        Console.error(e.render())
        return 1
    } catch {
        Console.error("popsh: \(error)")
        return 1
    }
}

func readScript(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    return String(decoding: bytes, as: UTF8.self)
}

/// `popsh -c '-1 + 2'`: the value after `-c` is the program even when it starts with a
/// dash, which the argument parser would take for an option; joined to `-c` it cannot be.
/// Only before the script's name: what follows it belongs to the script.
func joiningCode(_ arguments: [String]) -> [String] {
    var out: [String] = [], i = 0
    while i < arguments.count {
        if arguments[i] == "-c", i + 1 < arguments.count, arguments[i + 1].hasPrefix("-") {
            out.append("-c" + arguments[i + 1])
            i += 2
            continue
        }
        if !arguments[i].hasPrefix("-") { return out + arguments[i...] }
        out.append(arguments[i])
        i += 1
    }
    return out
}

do {
    var command = try Popsh.parseAsRoot(joiningCode(Array(CommandLine.arguments.dropFirst())))
    try command.run()
} catch let exit as ExitCode {
    Console.flush()
    Glibc.exit(exit.rawValue)
} catch {
    let status = Popsh.exitCode(for: error)
    if status == .success {
        Console.write(Popsh.fullMessage(for: error) + "\n")
        Console.flush()
        Glibc.exit(0)
    }
    // The parser's message names the usage of the command that was mistyped; only a
    // message without one gets the shell's own.
    let message = Popsh.fullMessage(for: error)
    Console.error(message)
    if !message.contains("Usage:") { Console.error("Usage: popsh [FILE.pop [ARGS...]] | -c CODE | --help") }
    Glibc.exit(2)
}
