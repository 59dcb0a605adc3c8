// Every builtin's registered example runs, and shows its registered result; `:help
// NAME` prints exactly the entry. Catches docs that drift from the code. The examples
// run on every engine, and show the same result on each.

import XCTest
import DataModel
import EngineSupport
import Interpreter
import Builtins

final class BuiltinExampleTests: XCTestCase {
    /// The repository's sample city (`Tests/Fixtures/samples`) imported once into a
    /// temporary database, removed when the run ends: the examples of domain builtins run
    /// against it, in the samples folder. A failed import fails the tests that need it,
    /// with the reason.
    static var sampleDatabase: String {
        get throws { try importedSamples.get() }
    }

    private static let importedSamples = Result {
        let path = NSTemporaryDirectory() + "popsh-examples-\(getpid()).db"
        try? FileManager.default.removeItem(atPath: path)
        AtExit.add { for file in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: file) } }
        let db = try Database(path: path)
        let summaries = Importer(database: db).importPaths([samplesDirectory.path])
        let failed = summaries.compactMap(\.error)
        guard failed.isEmpty, !summaries.isEmpty else {
            throw DatabaseError(message: "the samples in \(samplesDirectory.path) did not import: \(failed)")
        }
        return path
    }

    /// The samples imported once per engine, copied for each example that opens the database.
    private static let templates = PerEngine { try EngineDatabases.template($0, [samplesDirectory.path]) }

    /// What removes the copy an example opened, if it opened one.
    private final class OpenedCopy: @unchecked Sendable { var remove: () -> Void = {} }

    static let samplesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/samples")

    /// A copy of the samples made once per run and removed when it ends, where the examples
    /// run: an example that writes a file (an export, a report) writes it there, beside the
    /// files the others read, and neither into the repository nor to a path another run shares.
    private static let workingCopy = Result { () throws -> String in
        let copy = NSTemporaryDirectory() + "popsh-examples-\(getpid())"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: samplesDirectory.path, toPath: copy)
        AtExit.add { try? FileManager.default.removeItem(atPath: copy) }
        return copy
    }

    func testEveryExampleShowsItsResult() throws {
        let library = Builtins.library()
        XCTAssertGreaterThanOrEqual(Library.standard().builtins.count, 40)
        for engine in try EngineDatabases.engines() {
            for name in library.builtins.keys.sorted() {
                try assertExampleShowsItsResult(library.builtins[name]!.entry, library, on: engine)
            }
        }
    }

    /// The table verbs are documented like builtins, and their examples run the same way.
    func testEveryVerbExampleShowsItsResult() throws {
        let library = Builtins.library()
        let verbs = library.documented.values.flatMap { $0 }
        XCTAssertEqual(Set(verbs.map(\.name)),
                       ["where", "select", "derive", "sort", "take", "distinct", "summarize", "count", "join"])
        for engine in try EngineDatabases.engines() {
            for verb in verbs { try assertExampleShowsItsResult(verb, library, on: engine) }
        }
    }

    private func assertExampleShowsItsResult(_ entry: HelpEntry, _ library: Library, on engine: TestEngine) throws {
        let name = entry.name
        XCTAssertFalse(entry.doc.isEmpty, "\(name) has no doc")
        XCTAssertFalse(entry.example.isEmpty, "\(name) has no example")
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(try Self.workingCopy.get()))
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        // A fresh copy per example that opens the database: an example that writes must
        // not change the next one's data.
        let template = try Self.templates.get(engine)
        let opened = OpenedCopy()
        defer { opened.remove() }
        var output = ""
        let session = Session(library: library, write: { output += $0 })
        session.machine.openDatabase = {
            let (db, remove) = try EngineDatabases.copy(template)
            opened.remove = remove
            return db
        }
        do {
            try session.run(entry.example, name: "example of \(name)")
        } catch let e as PopshError {
            return XCTFail("\(engine): example of \(name) failed:\n\(e.render())")
        }
        if name == "explain", engine != .sqlite {
            // explain shows the engine's own SQL and plan; the registered result is SQLite's.
            XCTAssertTrue(output.contains("\(engine.rawValue) plan:"), "\(engine): example of explain: \(output)")
        } else if let result = entry.result {
            XCTAssertEqual(output.trimmingCharacters(in: .newlines), result, "\(engine): example of \(name): \(entry.example)")
        } else {
            XCTAssertEqual(output, "", "\(engine): example of \(name) shows output but registers no result")
        }
    }

    func testRequiredBuiltinsExist() {
        let names = Set(Builtins.library().builtins.keys)
        for required in ["print", "str", "int", "float", "round", "abs", "min", "max", "sum", "len", "range", "map",
                         "filter", "reduce", "sort", "keys", "values", "contains", "starts_with", "split", "join",
                         "replace", "substr", "upper", "lower", "format", "type", "assert", "today", "year",
                         "month", "add_months", "age", "div"] {
            XCTAssertTrue(names.contains(required), "missing builtin \(required)")
        }
    }

    func testHelpTextIsTheEntry() {
        let round = Builtins.library().builtins["round"]!
        XCTAssertEqual(round.help, """
        round(x, digits = 0)
          Rounds half away from zero (四舍五入) on the decimal value; an int without digits, else a float.
          example: round(2.675, 2)
          result:  2.68
        """)
    }

    /// At a terminal's width a long signature breaks after a comma and a result of
    /// several lines keeps the indent of its first.
    func testHelpFitsTheWidthWithoutBreakingWordsOrTheBox() {
        let entry = Builtins.library().builtins["control_stats"]!.entry
        let lines = entry.text(width: 60).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "control_stats(year = null, by = \"township\", in = null,")
        XCTAssertEqual(lines[1], "              period = null)")
        XCTAssertTrue(lines.filter { !$0.hasPrefix("  example:") && !$0.contains("─") && !$0.contains("│") }
            .allSatisfy { TextWidth.of($0) <= 60 }, lines.joined(separator: "\n"))
        let box = lines.drop { !$0.hasPrefix("  result:  ┌") }.dropFirst().prefix { $0.contains("│") || $0.contains("─") }
        XCTAssertFalse(box.isEmpty)
        XCTAssertTrue(box.allSatisfy { $0.hasPrefix(String(repeating: " ", count: 11)) }, box.joined(separator: "\n"))
    }
}
