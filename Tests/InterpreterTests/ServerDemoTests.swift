// `popsh demo --db postgresql://…` through the real binary: the city is imported into
// the server's empty database as into a file (the same rows loaded and quarantined),
// and a database that already holds a
// register is never replaced (it may be a city's real one).

import DataModel
import EngineSupport
import Foundation
import XCTest

final class ServerDemoTests: XCTestCase {
    func testTheDemoFillsAnEmptyServerDatabaseAndNoOther() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else {
            throw XCTSkip("\(EngineDatabases.serverVariable) names no PostgreSQL server; scripts/test starts one")
        }
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        defer { remove() }
        let url = EngineDatabases.inSchema(try EngineDatabases.serverURL(), try db.scalar("SELECT current_schema()").text!)

        let file = NSTemporaryDirectory() + "popsh-server-demo-\(UUID().uuidString).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        for target in [url, file] {
            let made = try CommandLineTests.popsh(["demo", "--persons", "3000", "--seed", "7", "--db", target])
            XCTAssertEqual(made.status, 0, made.stderr)
            XCTAssertTrue(made.stdout.hasPrefix("demo city of 3000 persons (seed 7) imported into "), made.stdout)
        }
        let onFile = try Database(path: file, mode: .existing)
        let tables = ["persons", "wis_cards", "wis_children", "marriages", "births", "quarantine"]
        for table in tables {
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM \(table)"), try onFile.scalar("SELECT count(*) FROM \(table)"), table)
        }
        let persons = try db.scalar("SELECT count(*) FROM persons").integer ?? 0
        XCTAssertGreaterThan(persons, 2900)
        let cards = try db.scalar("SELECT count(*) FROM wis_cards").integer ?? 0

        let again = try CommandLineTests.popsh(["demo", "--persons", "2000", "--db", url])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("already holds a register; popsh demo fills only an empty database"), again.stderr)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM persons"), .integer(persons))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM wis_cards"), .integer(cards))
    }
}
