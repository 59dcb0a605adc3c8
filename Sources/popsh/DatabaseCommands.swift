// The database commands: `popsh init PATH` makes an empty database, `popsh import`
// loads the departments' files with a per-file summary (or JSON for scripts), and
// `popsh demo` writes a demo city's files and imports them.

import ArgumentParser
import DataModel
import Foundation
import Interpreter

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create an empty popsh database.")

    @Argument(help: "Where to create it: a file, or a postgresql://user@host:port/dbname URL (the schema is made there).")
    var path: String

    func run() throws {
        if Database.isServer(path) { return try initServer() }
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

    /// A server's database exists already; init makes popsh's tables in it, once.
    private func initServer() throws {
        let name = Database.displayName(path)
        if (try? Database(path: path, mode: .existing)) != nil {
            Console.error("popsh: \(name) already holds a popsh database; nothing was changed")
            throw ExitCode(1)
        }
        do {
            _ = try Database(path: path, mode: .create)
        } catch {
            Console.error("popsh: cannot create popsh's tables in \(name): \(error)")
            throw ExitCode(1)
        }
        Console.write("created popsh's tables in \(name)\n")
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the departments' files (or folders of them) into the database.",
        discussion: """
        Each file is recognised by its header (or named with --as) and loaded in its own
        transaction. Every row is loaded, counted as a correction of a record already held
        (the later version wins, the other stays in audit_log), counted as a duplicate, or
        quarantined with its line, column and reason; the summary says so per file. The
        database must exist (popsh init) unless --create is given. Exit status 1 when a
        file could not be read at all.
        """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("as"), help: ArgumentHelp("Read every file as this kind: \(FileKind.allNames).", valueName: "KIND"))
    var kind: String?

    @Option(help: ArgumentHelp("The files' encoding: utf-8 or gb18030 (default: detected).", valueName: "ENCODING"))
    var encoding: String?

    @Flag(help: "Print the summary as JSON, one object per file.")
    var json = false

    @Flag(help: "Create the database named by --db when it does not exist (otherwise a missing database is an error).")
    var create = false

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
        let db: Database
        do {
            db = try DatabaseChoice.open(database, create: create)
        } catch let e as PopshError {
            Console.error("popsh: \(e.message)" + (e.hint.map { "\n  hint: \($0)" } ?? ""))
            throw ExitCode(1)
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

    @Option(help: ArgumentHelp("Draw another map from this seed instead of Xinyu's: more districts and townships, "
                               + "uneven sizes, more floating people and damaged numbers.", valueName: "SEED"))
    var areasSeed: UInt64?

    @Option(help: ArgumentHelp("Keep the generated files in this folder.", valueName: "DIR"))
    var out: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let path = database.choice.path
        do {
            try DatabaseChoice.buildDemo(DemoConfig(persons: persons, seed: seed, areasSeed: areasSeed),
                                          at: path, keepFilesIn: out)
        } catch {
            Console.error("popsh: \(error)")
            throw ExitCode(1)
        }
        Console.write("demo city of \(persons) persons (seed \(seed)\(areasSeed.map { ", areas seed \($0)" } ?? "")) "
                      + "imported into \(Database.displayName(path))\n")
        if let out { Console.write("its files are in \(out)\n") }
    }
}

/// The connection a command works on, to forget stale interrupts between statements.
nonisolated(unsafe) var interruptibleDatabase: Database?
/// How the Ctrl-C handler (which can capture nothing) stops that connection's work.
nonisolated(unsafe) var databaseInterrupt: InterruptHandle?

enum ImportReport {
    /// One line per file and a total: rows read = loaded + corrected + duplicates + quarantined.
    static func text(_ summaries: [ImportSummary]) -> String {
        var out = ""
        var totals = (read: 0, loaded: 0, corrected: 0, duplicates: 0, quarantined: 0)
        for s in summaries {
            let name = (s.file as NSString).lastPathComponent
            if let error = s.error {
                out += "\(name): NOT IMPORTED: \(error)\n"
                continue
            }
            out += "\(name) (\(s.kind?.rawValue ?? "?"), \(s.encoding?.rawValue ?? "?")): "
                + balance(read: s.read, loaded: s.loaded, corrected: s.corrected, duplicates: s.duplicates,
                          quarantined: s.quarantined) + "\n"
            totals.read += s.read; totals.loaded += s.loaded; totals.corrected += s.corrected
            totals.duplicates += s.duplicates; totals.quarantined += s.quarantined
        }
        let failed = summaries.filter { $0.error != nil }.count
        out += "total: \(summaries.count - failed) file\(summaries.count - failed == 1 ? "" : "s"), "
            + balance(read: totals.read, loaded: totals.loaded, corrected: totals.corrected, duplicates: totals.duplicates,
                      quarantined: totals.quarantined)
        out += failed > 0 ? "; \(failed) file\(failed == 1 ? "" : "s") not imported\n" : "\n"
        if totals.corrected > 0 { out += "corrected records: the later version is kept, the other is in audit_log\n" }
        if totals.quarantined > 0 { out += "quarantined rows and their reasons: quarantine | where batch_id == ... (or the quarantine table)\n" }
        return out
    }

    /// `read R = loaded L [+ corrected C] + duplicates D + quarantined Q`: the corrected
    /// term only when there are some, so the usual line stays short.
    private static func balance(read: Int, loaded: Int, corrected: Int, duplicates: Int, quarantined: Int) -> String {
        "read \(read) = loaded \(loaded)" + (corrected > 0 ? " + corrected \(corrected)" : "")
            + " + duplicates \(duplicates) + quarantined \(quarantined)"
    }

    static func json(_ summaries: [ImportSummary]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(summaries) else { return "[]\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
