// Every mistake a user can make with a verb is reported at its place in the script,
// saying what is wrong and what to write instead; none reaches the database as SQL.
// Each mistake is made on every engine's database.

import EngineSupport
import XCTest
import Interpreter

final class VerbErrorTests: XCTestCase {
    /// Runs `code` on `engine` and returns the error's first line and hint.
    private func error(_ code: String, on engine: TestEngine, file: StaticString = #filePath, line: UInt = #line) -> (String, String) {
        do {
            let (session, _) = try TestDatabase.session(TestDatabase.shared(on: engine))
            try session.run(code, name: "t.pop")
        } catch let e as PopshError {
            return (e.render().components(separatedBy: "\n")[0], e.hint ?? "")
        } catch {
            XCTFail("\(engine): not a popsh error: \(error)", file: file, line: line)
            return ("", "")
        }
        XCTFail("\(engine): no error for: \(code)", file: file, line: line)
        return ("", "")
    }

    private func check(_ code: String, _ message: String, hint: String = "", file: StaticString = #filePath, line: UInt = #line) {
        let engines: [TestEngine]
        do {
            engines = try EngineDatabases.engines()
        } catch {
            return XCTFail("\(error)", file: file, line: line)
        }
        for engine in engines {
            let (first, h) = self.error(code, on: engine, file: file, line: line)
            XCTAssertTrue(first.hasPrefix("t.pop:") && first.contains(message), "\(engine): \(code) got: \(first)", file: file, line: line)
            XCTAssertTrue(hint.isEmpty || h.contains(hint), "\(engine): \(code)\n hint: \(h)", file: file, line: line)
        }
    }

    func testUnknownColumnListsTheColumnsAndTheNearest() {
        check("people | where townshp == \"360502001000\"", "t.pop:1:16: name error: 'townshp' is neither a column of people nor a variable",
              hint: "did you mean 'township'? columns: person_id, name, sex, birth_date, age,")
        check("wis | count by contraceptoin", "'contraceptoin' is neither a column of wis", hint: "did you mean 'contraception'?")
    }

    func testAnIfInsideAVerbGivesOneKindFromOneExpressionPerBranch() {
        check("people | derive k = (if sex == \"F\" then 1 else \"x\")", "1:22: type error: the branches of this 'if' give integer and text values",
              hint: "same kind")
        check("people | derive k = (if sex == \"F\" { let a = 1; a } else { 2 })",
              "each branch of 'if' must be a single expression", hint: "if condition then value else other")
        check("people | derive k = (if name then 1 else 2)", "'if' needs true or false, got a text value")
    }

    func testAggregatesBelongInSummarize() {
        check("people | where count() > 3", "1:16: type error: count() is an aggregate: it belongs in summarize")
        check("people | derive n = count_if(sex == \"F\")", "count_if() is an aggregate")
        check("count()", "count() is an aggregate: it belongs in summarize")
        check("people | summarize n = sum(count())", "not inside another aggregate")
        check("people | summarize n = count(sex)", "count takes no arguments", hint: "count_if")
    }

    func testSummarizeNeedsAggregates() {
        check("people | summarize n = age by sex", "summarize makes one row per group, so 'n' needs an aggregate")
        check("people | summarize age + 1 by sex", "this summarize column needs a name")
    }

    func testVerbsNeedATable() {
        check("[1, 2, 3] | where x > 1", "1:13: type error: 'where' works on a table, got list")
        check("let s = \"abc\"\ns | count by x", "2:5: type error: 'count' works on a table, got string")
    }

    func testJoinConditions() {
        check("people | join wis on person_id", "join needs LEFT_COLUMN == RIGHT_COLUMN")
        check("people | join wis on person_id > woman_id", "join needs LEFT_COLUMN == RIGHT_COLUMN")
        check("people | join wis on person_id == womanid", "'womanid' is not a column of wis", hint: "did you mean 'woman_id'?")
        check("people | join wis on personid == woman_id", "'personid' is not a column of people")
        check("people | join 42 on person_id == woman_id", "join needs a table to join with")
        check("people | join wis on person_id == woman_id, kind: \"outer\"", "join kind must be \"inner\" or \"left\"")
        check("people | join wis on person_id == woman_id, how: \"left\"", "join has no option 'how'")
    }

    func testConditionsAndKinds() {
        check("people | where age", "where needs true or false, got a integer value")
        check("people | where name > 3", "cannot compare a text value with a integer value using '>'")
        check("people | where birth_date < \"1990-01-01\"", "cannot compare a date value with a text value", hint: "@2025-12-31")
        check("people | where name - 1 > 0", "'-' needs numbers, got a text value")
        check("people | where age in 15", "'in' needs a list or a string on the right, got int")
    }

    func testFunctionsWithoutADatabaseForm() {
        check("people | where len(split(name, \"\")) > 1", "split has no form in the database", hint: "rows(t)")
        check("fn f(x) => x\npeople | where f(age) > 3", "2:16: type error: only builtin functions can use columns inside a verb")
        check("people | where inside(residence_area, residence_area)", "argument #2 of inside must be a value, not a column")
        check("people | where inside(residence_area, \"渝水\")", "no area is named '渝水'", hint: "did you mean '渝水区'?")
    }

    /// `apply(f | where x > 1, "new_card")`: in an argument list, the comma after where's
    /// condition (or take's count) starts the next argument.
    func testAPipelineInAnArgumentListEndsAtTheComma() throws {
        for engine in try EngineDatabases.engines() {
            let (session, _) = try TestDatabase.session(TestDatabase.shared(on: engine))
            try session.run("""
                fn pair(t, label) => [len(t), label]
                let counties = pair(areas | where level == "county", "counties")
                let one = pair(areas | take 1, "one")
                """, name: "t.pop", show: false)
            XCTAssertEqual(session.value(of: "counties")?.repr, "[2, \"counties\"]", "\(engine)")
            XCTAssertEqual(session.value(of: "one")?.repr, "[1, \"one\"]", "\(engine)")
        }
        check("people | where sex == \"F\", age > 15", "where takes one condition", hint: "and")
    }

    func testOtherVerbRules() {
        check("people | take \"ten\"", "take needs a whole number of rows")
        check("people | take -1", "take needs a whole number of rows")
        check("people | derive age + 1", "derive needs a name for each new column")
        check("people | select sex, sex", "column 'sex' is named twice")
        check("people | count sex", "count takes its keys after by", hint: "count by township")
        check("people | where sex == \"F\", names: true", "'where' takes no option 'names'")
        check("people | sort age by sex", "'sort' takes no 'by'")
        check("(people | take 1)(on: @2025-12-31)", "cannot be called")
        check("people(on: \"2025\")", "on: needs a date, got string")
        check("people = 3", "'people' is a database table and cannot be assigned")
        check("areas(level: \"village\")", "'village' is not an area level")
    }
}
