// The database commands: `popsh init PATH` makes an empty database, `popsh import`
// loads the departments' files with a per-file summary (or JSON for scripts), and
// `popsh demo` writes a demo city's files and imports them.

import ArgumentParser
import DataModel
import Foundation
import Interpreter

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create an empty popsh database.")

    @Argument(help: "Where to create it.")
    var path: String

    func run() throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            Console.error("popsh: \(path) already exists; choose another path or remove it first")
            throw ExitCode(1)
        }
        do {
            _ = try Database(path: path)
        } catch {
            Console.error("popsh: cannot create \(path): \(error)")
            throw ExitCode(1)
        }
        Console.write("created \(path)\n")
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the departments' files (or folders of them) into the database.",
        discussion: """
        Each file is recognised by its header (or named with --as) and loaded in its own
        transaction. Every row is loaded, counted as a duplicate, or quarantined with its
        line, column and reason; the summary says so per file. Exit status 1 when a file
        could not be read at all.
        """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("as"), help: ArgumentHelp("Read every file as this kind: \(FileKind.allNames).", valueName: "KIND"))
    var kind: String?

    @Option(help: ArgumentHelp("The files' encoding: utf-8 or gb18030 (default: detected).", valueName: "ENCODING"))
    var encoding: String?

    @Flag(help: "Print the summary as JSON, one object per file.")
    var json = false

    @Argument(help: "Files or folders to import.")
    var paths: [String]

    func run() throws {
        guard !paths.isEmpty else { throw ValidationError("name at least one file or folder to import") }
        let forced = try kind.map { name in
            guard let k = FileKind(named: name) else {
                throw ValidationError("unknown kind '\(name)'; one of: \(FileKind.allNames)")
            }
            return k
        }
        let textEncoding = try encoding.map { name in
            guard let e = TextEncoding(rawValue: name.lowercased()) else {
                throw ValidationError("unknown encoding '\(name)'; use utf-8 or gb18030")
            }
            return e
        }
        let (path, isDefault) = database.choice
        let db: Database
        do {
            db = isDefault ? try DatabaseChoice.open(database) : try Database(path: path)
        } catch {
            Console.error("popsh: \(error)")
            throw ExitCode(1)
        }
        interruptibleDatabase = db
        databaseInterrupt = db.interruptHandle
        onInterrupt = { databaseInterrupt?.interrupt() }
        Signals.installInteractiveHandlers()
        let summaries = Importer(database: db).importPaths(paths, as: forced, encoding: textEncoding,
                                                          progress: json ? nil : ProgressReporter())
        Console.write(json ? ImportReport.json(summaries) : ImportReport.text(summaries))
        Console.flush()
        if summaries.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a demo city's files (register, WIS, a year of feeds, ground truth) and import them.",
        discussion: "Deterministic for a seed. Without --db it rebuilds the embedded default database.")

    @Option(help: "Persons in the register (the whole city is 1200000).")
    var persons = DemoConfig().persons

    @Option(help: "Seed of the generator: the same seed gives the same city.")
    var seed = DemoConfig().seed

    @Option(help: ArgumentHelp("Keep the generated files in this folder.", valueName: "DIR"))
    var out: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let path = database.choice.path
        do {
            try DatabaseChoice.buildDemo(DemoConfig(persons: persons, seed: seed), at: path, keepFilesIn: out)
        } catch {
            Console.error("popsh: \(error)")
            throw ExitCode(1)
        }
        Console.write("demo city of \(persons) persons (seed \(seed)) imported into \(path)\n")
        if let out { Console.write("its files are in \(out)\n") }
    }
}

/// The connection a command works on, to forget stale interrupts between statements.
nonisolated(unsafe) var interruptibleDatabase: Database?
/// How the Ctrl-C handler (which can capture nothing) stops that connection's work.
nonisolated(unsafe) var databaseInterrupt: InterruptHandle?

enum ImportReport {
    /// One line per file and a total: rows read = loaded + duplicates + quarantined.
    static func text(_ summaries: [ImportSummary]) -> String {
        var out = ""
        var totals = (read: 0, loaded: 0, duplicates: 0, quarantined: 0)
        for s in summaries {
            let name = (s.file as NSString).lastPathComponent
            if let error = s.error {
                out += "\(name): NOT IMPORTED: \(error)\n"
                continue
            }
            out += "\(name) (\(s.kind?.rawValue ?? "?"), \(s.encoding?.rawValue ?? "?")): read \(s.read) = loaded \(s.loaded)"
                + (s.updated > 0 ? " (\(s.updated) updated)" : "")
                + " + duplicates \(s.duplicates) + quarantined \(s.quarantined)\n"
            totals.read += s.read; totals.loaded += s.loaded
            totals.duplicates += s.duplicates; totals.quarantined += s.quarantined
        }
        let failed = summaries.filter { $0.error != nil }.count
        out += "total: \(summaries.count - failed) file\(summaries.count - failed == 1 ? "" : "s"), read \(totals.read) = loaded \(totals.loaded) + duplicates \(totals.duplicates) + quarantined \(totals.quarantined)"
        out += failed > 0 ? "; \(failed) file\(failed == 1 ? "" : "s") not imported\n" : "\n"
        if totals.quarantined > 0 { out += "quarantined rows and their reasons: quarantine | where batch_id == ... (or the quarantine table)\n" }
        return out
    }

    static func json(_ summaries: [ImportSummary]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(summaries) else { return "[]\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
