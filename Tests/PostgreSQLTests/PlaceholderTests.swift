// DataModel writes `?N`; the server reads `$N`. The rewrite renumbers only real
// placeholders: a `?` inside text, a quoted name, a comment or a function body stays.

@testable import DataModel
import XCTest

final class PlaceholderTests: XCTestCase {
    func testNumberedPlaceholdersBecomeDollarNumbers() {
        let (sql, count) = Placeholders.postgres("SELECT * FROM t WHERE a = ?1 AND b IN (?2, ?1) LIMIT ?12")
        XCTAssertEqual(sql, "SELECT * FROM t WHERE a = $1 AND b IN ($2, $1) LIMIT $12")
        XCTAssertEqual(count, 12, "the count is the highest number, as SQLite counts")
    }

    func testBarePlaceholdersTakeTheNextNumber() {
        XCTAssertEqual(Placeholders.postgres("VALUES (?, ?, ?)").sql, "VALUES ($1, $2, $3)")
        XCTAssertEqual(Placeholders.postgres("VALUES (?, ?, ?)").count, 3)
    }

    func testTextNamesAndCommentsStayAsWritten() {
        let cases = [
            "SELECT 'who?', 'it''s ?1' FROM t WHERE x = $1",
            "SELECT \"odd?column\", \"a\"\"?\" FROM t",
            "SELECT 1 -- why ?1\n",
            "SELECT 1 /* ?1 ? */",
            "CREATE FUNCTION f() RETURNS trigger AS $popsh$ BEGIN RAISE '?1'; END $popsh$ LANGUAGE plpgsql",
            "SELECT a$b FROM t",
        ]
        for sql in cases { XCTAssertEqual(Placeholders.postgres(sql).sql, sql) }
        XCTAssertEqual(Placeholders.postgres(cases[0]).count, 1, "a $N already written counts")
        XCTAssertEqual(Placeholders.postgres(cases[1]).count, 0)
    }

    func testPlaceholdersAfterQuotedTextAreStillFound() {
        let (sql, count) = Placeholders.postgres("SELECT 'a?' || ?2, \"b?\" FROM t /* ? */ WHERE c = ?1 -- ?9")
        XCTAssertEqual(sql, "SELECT 'a?' || $2, \"b?\" FROM t /* ? */ WHERE c = $1 -- ?9")
        XCTAssertEqual(count, 2)
    }

    func testUnterminatedTextIsCopiedNotLost() {
        XCTAssertEqual(Placeholders.postgres("SELECT 'open ?1").sql, "SELECT 'open ?1")
        XCTAssertEqual(Placeholders.postgres("SELECT $tag$ body ?1").sql, "SELECT $tag$ body ?1")
    }
}
