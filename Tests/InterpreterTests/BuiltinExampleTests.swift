// Every builtin's registered example runs, and shows its registered result; `:help
// NAME` prints exactly the entry. Catches docs that drift from the code.

import XCTest
import DataModel
import Interpreter
import Builtins

final class BuiltinExampleTests: XCTestCase {
    /// The repository's sample city (`Tests/Fixtures/samples`) imported once into a
    /// temporary database: the examples of domain builtins run against it, in the
    /// samples folder. A failed import fails the tests that need it, with the reason.
    static var sampleDatabase: String {
        get throws { try importedSamples.get() }
    }

    private static let importedSamples = Result {
        let path = NSTemporaryDirectory() + "popsh-examples-\(getpid()).db"
        try? FileManager.default.removeItem(atPath: path)
        let db = try Database(path: path)
        let summaries = Importer(database: db).importPaths([samplesDirectory.path])
        let failed = summaries.compactMap(\.error)
        guard failed.isEmpty, !summaries.isEmpty else {
            throw DatabaseError(message: "the samples in \(samplesDirectory.path) did not import: \(failed)")
        }
        return path
    }

    static let samplesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/samples")

    func testEveryExampleShowsItsResult() throws {
        let library = Builtins.library()
        XCTAssertGreaterThanOrEqual(Library.standard().builtins.count, 40)
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(Self.samplesDirectory.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        for name in library.builtins.keys.sorted() {
            let b = library.builtins[name]!
            XCTAssertFalse(b.doc.isEmpty, "\(name) has no doc")
            XCTAssertFalse(b.example.isEmpty, "\(name) has no example")
            // A fresh copy per example: an example that writes must not change the next one's data.
            let copy = NSTemporaryDirectory() + "popsh-example-\(name).db"
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: Self.sampleDatabase, toPath: copy)
            defer { try? FileManager.default.removeItem(atPath: copy) }
            var output = ""
            let session = Session(library: library, write: { output += $0 })
            session.machine.openDatabase = { try Database(path: copy) }
            do {
                try session.run(b.example, name: "example of \(name)")
            } catch let e as PopshError {
                XCTFail("example of \(name) failed:\n\(e.render())")
                continue
            }
            if let result = b.result {
                XCTAssertEqual(output.trimmingCharacters(in: .newlines), result, "example of \(name): \(b.example)")
            } else {
                XCTAssertEqual(output, "", "example of \(name) shows output but registers no result")
            }
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
}
