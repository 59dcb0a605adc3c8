// Every builtin's registered example runs, and shows its registered result; `:help
// NAME` prints exactly the entry. Catches docs that drift from the code.

import XCTest
import Interpreter
import Builtins

final class BuiltinExampleTests: XCTestCase {
    func testEveryStandardExampleShowsItsResult() throws {
        let library = Builtins.library()
        let standard = Library.standard()
        XCTAssertGreaterThanOrEqual(standard.builtins.count, 40)
        for name in standard.builtins.keys.sorted() {
            let b = library.builtins[name]!
            XCTAssertFalse(b.doc.isEmpty, "\(name) has no doc")
            XCTAssertFalse(b.example.isEmpty, "\(name) has no example")
            var output = ""
            let session = Session(library: library, write: { output += $0 })
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
