// Values reach the database as bound parameters: text holding quotes or SQL is data,
// and the SQL text never contains it. On every engine.

import XCTest
import DataModel
import EngineSupport
import Interpreter

final class BindingTests: XCTestCase {
    func testHostileTextIsData() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestDatabase.fresh(on: engine, for: self)
            let hostile = "O'Brien\"; DROP TABLE persons; --"
            let before = try db.scalar("SELECT COUNT(*) FROM persons")
            try db.execute("UPDATE persons SET name = ?1 WHERE person_id = (SELECT MIN(person_id) FROM persons)", [.text(hostile)])
            let (session, output) = try TestDatabase.session(db)
            try session.run("""
                let bad = "O'Brien\\"; DROP TABLE persons; --"
                print(len(people | where name == bad))
                print(len(people | where name == "x' OR '1'='1"))
                print(len(people | where starts_with(name, "O'Brien")))
                people | where name == bad | explain
                """, name: "t")
            let lines = output().components(separatedBy: "\n")
            XCTAssertEqual(Array(lines.prefix(3)), ["1", "0", "1"], "\(engine)")
            let sql = lines[3]
            XCTAssertFalse(sql.contains("DROP") || sql.contains("O'Brien"), "\(engine): " + sql)
            XCTAssertTrue(sql.contains("\"name\" = \(db.dialect.placeholder(2))"), "\(engine): " + sql)
            XCTAssertTrue(output().contains(" = \"O'Brien\\\"; DROP TABLE persons; --\""), "\(engine): " + output())
            XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM persons"), before, "\(engine)")
        }
    }

    func testCompiledSQLHoldsNoValues() {
        let plan = TableCatalog.plan(named: "people", on: CivilDate(year: 2025, month: 12, day: 31)!)!
            .adding(.filter(.binary(.equal, .column("name"), .value(.text("'; DELETE FROM persons"), .text))))
            .adding(.filter(.inside(.column("address"), prefix: "360502")))
        var compiler = SQLCompiler(dialect: SQLiteDialect())
        let query = compiler.compile(plan)
        XCTAssertFalse(query.sql.contains("DELETE") || query.sql.contains("360502") || query.sql.contains("2025"), query.sql)
        XCTAssertEqual(query.parameters.filter { $0 == .text("'; DELETE FROM persons") }.count, 1)
    }
}
