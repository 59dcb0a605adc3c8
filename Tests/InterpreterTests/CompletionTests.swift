// Tab's candidates from the session: verbs after a pipe, the columns flowing into a verb
// (derived ones included), file paths inside strings, and nothing run that could change
// anything while working the columns out. The columns come from the database, so those
// tests run on every engine EngineDatabases names; verbs, names and paths need none.

import XCTest
import DataModel
import EngineSupport
import Interpreter
import Builtins

final class CompletionTests: XCTestCase {
    private func session(on engine: TestEngine = .sqlite) throws -> (Session, () -> String) {
        var output = ""
        let session = Session(library: Builtins.library(), write: { output += $0 })
        let path = try EngineShell.samples(engine)
        session.machine.openDatabase = { try Database(path: path) }
        return (session, { output })
    }

    func testColumnsOfTheTableFlowingIntoAVerb() throws {
        for engine in try EngineDatabases.engines() {
            let (s, _) = try session(on: engine)
            let e = "\(engine)"
            XCTAssertEqual(s.complete(before: "people | count by population_t").candidates, ["population_type"],
                           "\(e): a column, not the function population_types")
            XCTAssertEqual(s.complete(before: "people | where town").candidates, ["township"], e)
            XCTAssertEqual(s.complete(before: "people | derive decade = year(birth_date) - 1900 | where dec").candidates, ["decade"], e)
            XCTAssertEqual(s.complete(before: "let t = people | where town").candidates, ["township"], e)
            XCTAssertEqual(s.complete(before: "show(mwcba(on: @2025-12-31) | sort town").candidates, ["township"], e)
            XCTAssertEqual(s.complete(before: "people | summarize n = count() by sex | where n > 1 | sort ").candidates, [],
                           "\(e): no word typed: nothing to complete")
            XCTAssertEqual(s.complete(before: "people | count by sex | where s").candidates, ["sex"],
                           "\(e): after count by, the columns are the keys and n")
        }
    }

    func testVerbsAfterAPipeAndNamesElsewhere() throws {
        let (s, _) = try session()
        XCTAssertEqual(s.complete(before: "people | wh").candidates, ["where"])
        XCTAssertEqual(s.complete(before: "people | s").candidates, ["select", "sort", "summarize"])
        XCTAssertEqual(s.complete(before: "star").candidates, ["starts_with"])
        XCTAssertEqual(s.complete(before: "\"a|b\" | len(\"x\") + star").candidates, ["starts_with"],
                       "a pipe inside a string is not a pipe")
    }

    func testNothingIsRunThatCouldChangeAnything() throws {
        for engine in try EngineDatabases.engines() {
            let (s, output) = try session(on: engine)
            try s.run("fn noisy() { print(\"called\")\n people }", name: "t", show: false)
            XCTAssertEqual(s.complete(before: "noisy() | where town").candidates, [], "\(engine)")
            XCTAssertEqual(output(), "", "\(engine): a user's function is not called to learn its columns")
            XCTAssertEqual(s.complete(before: "import_files(\"x.csv\") | where town").candidates, [], "\(engine)")
        }
    }

    func testFilePathsInsideStrings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder.appendingPathComponent("feeds/birth-2025-01.csv").path, contents: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (s, _) = try session()
        let typed = folder.path + "/fe"
        XCTAssertEqual(s.complete(before: "import_files(\"" + typed).candidates, [folder.path + "/feeds/"])
        let inside = s.complete(before: "import_files(\"" + folder.path + "/feeds/b")
        XCTAssertEqual(inside.word, folder.path + "/feeds/b")
        XCTAssertEqual(inside.candidates, [folder.path + "/feeds/birth-2025-01.csv"])
    }
}
