// The exact text of diagnostics: file, line, column, the source line, a caret under
// the place (Chinese characters before it count two cells) and the hint.

import XCTest
import Interpreter
import Builtins

final class DiagnosticTests: XCTestCase {
    private func diagnostic(_ code: String, file: String = "t.pop") -> String {
        let session = Session(library: Builtins.library(), write: { _ in })
        do {
            try session.run(code, name: file)
            return "no error"
        } catch let e as PopshError {
            return e.render()
        } catch {
            return "unexpected \(error)"
        }
    }

    func testUnknownNameSuggestsTheNearest() {
        XCTAssertEqual(diagnostic("let population = 1\nlet p = populaton + 1"), """
        t.pop:2:9: name error: 'populaton' is not defined
         2 | let p = populaton + 1
           |         ^
          hint: did you mean 'population'?
        """)
    }

    func testUnknownFunctionSuggestsABuiltin() {
        XCTAssertEqual(diagnostic("lenn([1])"), """
        t.pop:1:1: name error: no function named 'lenn'
         1 | lenn([1])
           | ^
          hint: did you mean 'len'?
        """)
    }

    func testCaretCountsChineseAsTwoCells() {
        XCTAssertEqual(diagnostic("let 区 = \"渝水区\" + 1"), """
        t.pop:1:15: type error: cannot apply '+' to string and int
         1 | let 区 = "渝水区" + 1
           |                   ^
          hint: convert with str(x) to join text, e.g. "n = " + str(n)
        """)
    }

    func testParseErrorSaysWhatWasExpected() {
        XCTAssertEqual(diagnostic("let x = [1, 2\nprint(x)"), """
        t.pop:2:1: parse error: expected ']' or ',' in the list, found 'print'
         2 | print(x)
           | ^
        """)
    }

    func testBadArgumentNamesTheFunctionAndPosition() {
        XCTAssertEqual(diagnostic("substr(\"abc\", \"1\")"), """
        t.pop:1:1: type error: bad argument #2 to 'substr' (int expected, got string)
         1 | substr("abc", "1")
           | ^
          hint: usage: substr(s, start, length = null)
        """)
    }

    func testRuntimeErrorInsideFunctionPointsAtItsLine() {
        XCTAssertEqual(diagnostic("fn f(xs) {\n  return xs[5]\n}\nf([1])"), """
        t.pop:2:12: error: index 5 is out of range for a list of 1
         2 |   return xs[5]
           |            ^
          hint: valid indexes are 0 to 0, or -1 for the last
        """)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        XCTAssertTrue(diagnostic(deep).contains("nesting is too deep"))
        let deepList = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        XCTAssertTrue(diagnostic(deepList).contains("nesting is too deep"))
        let deepNot = String(repeating: "not ", count: 1000) + "true"
        XCTAssertTrue(diagnostic(deepNot).contains("nesting is too deep"))
        let deepNeg = String(repeating: "-", count: 1000) + "1"
        XCTAssertTrue(diagnostic(deepNeg).contains("nesting is too deep"))
    }

    func testBreakOutsideLoopAndReturnOutsideFunction() {
        XCTAssertTrue(diagnostic("break").hasPrefix("t.pop:1:1: parse error: 'break' outside a loop"))
        XCTAssertTrue(diagnostic("return 1").hasPrefix("t.pop:1:1: parse error: 'return' outside a function"))
    }

    func testAssigningUndeclaredName() {
        XCTAssertEqual(diagnostic("totl = 1"), """
        t.pop:1:1: name error: 'totl' is not declared
         1 | totl = 1
           | ^
          hint: declare it first: let totl = ...
        """)
    }

    func testIncompleteInputIsRecognised() {
        let session = Session(library: Builtins.library(), write: { _ in })
        XCTAssertTrue(session.isIncomplete("let xs = [1,"))
        XCTAssertTrue(session.isIncomplete("fn f(x) {"))
        XCTAssertTrue(session.isIncomplete("1 +"))
        XCTAssertTrue(session.isIncomplete("if x > 1 {\n  print(x)"))
        XCTAssertFalse(session.isIncomplete("1 + 2"))
        XCTAssertFalse(session.isIncomplete("1 + )"))
    }
}
