// The sample city imported on both engines: every table holds the same rows, the
// import bookkeeping (read, loaded, corrected, duplicates, quarantined) and the
// quarantine's reasons agree, and a second import of the same files changes nothing.

import DataModel
import EngineSupport
import XCTest

final class EngineImportTests: XCTestCase {
    static let tables = ["areas", "units", "persons", "wis_cards", "wis_children", "marriages", "births", "deaths",
                         "abortions", "hukou_events", "quarantine", "audit_log", "imports"]

    /// What an engine's import left, in a form both engines print alike.
    private func snapshot(_ db: Database) throws -> [String] {
        var lines: [String] = []
        for table in Self.tables {
            lines.append("\(table): \(try db.scalar("SELECT count(*) FROM \(table)"))")
        }
        for row in try db.query("SELECT kind, read, loaded, corrected, duplicates, quarantined FROM imports ORDER BY id") {
            lines.append("import \(row)")
        }
        for row in try db.query("SELECT file, line, reason FROM quarantine ORDER BY file, line") {
            lines.append("quarantine \(row)")
        }
        for row in try db.query("SELECT action, table_name, record_key, before, after FROM audit_log ORDER BY id") {
            lines.append("audit \(row)")
        }
        for row in try db.query("SELECT person_id, name, birth_date, residence_area, township, population_type "
                                + "FROM persons ORDER BY person_id") {
            lines.append("person \(row)")
        }
        return lines
    }

    func testTheSamplesImportAlikeOnBothEngines() throws {
        var seen: [TestEngine: [String]] = [:]
        for engine in try EngineDatabases.engines() {
            let (db, remove) = try EngineDatabases.samplesImported(engine)
            defer { remove() }
            let first = try snapshot(db)
            XCTAssertGreaterThan(try db.scalar("SELECT count(*) FROM persons").integer ?? 0, 0, engine.rawValue)
            let again = Importer(database: db).importPaths([EngineDatabases.samples])
            XCTAssertTrue(again.allSatisfy { $0.error == nil }, "\(engine): \(again.compactMap(\.error))")
            XCTAssertEqual(again.reduce(0) { $0 + $1.loaded }, 0, "\(engine): a second import loads nothing new")
            XCTAssertEqual(try snapshot(db).filter { $0.hasPrefix("person ") }, first.filter { $0.hasPrefix("person ") })
            seen[engine] = first
        }
        if let sqlite = seen[.sqlite], let postgres = seen[.postgresql] {
            XCTAssertEqual(postgres.count, sqlite.count)
            for (p, s) in zip(postgres, sqlite) { XCTAssertEqual(p, s) }
        }
    }

    func testASecondWriterWaitsThenFailsWithTheLockMessage() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else { return }
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        defer { remove() }
        let schema = try db.scalar("SELECT current_schema()").text!
        let saved = Database.lockWaitSeconds
        Database.lockWaitSeconds = 0.5
        defer { Database.lockWaitSeconds = saved }
        let other = try Database(path: EngineDatabases.inSchema(try EngineDatabases.serverURL(), schema), mode: .existing)
        try db.transaction {
            try db.execute("INSERT INTO targets (year, indicator, target) VALUES (2030, 'birth_rate', 1)")
            XCTAssertThrowsError(try other.transaction { try other.execute("DELETE FROM targets") }) { error in
                let e = error as? DatabaseError
                XCTAssertTrue(e?.isBusy == true, "\(error)")
                XCTAssertTrue(e?.message.contains("another popsh kept") == true, "\(error)")
            }
        }
        XCTAssertEqual(try other.scalar("SELECT count(*) FROM targets WHERE year = 2030"), .integer(1))
    }

    func testAnEmptyServerDatabaseIsNotOpenedAsOne() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else { return }
        let admin = try PostgresConnection(try EngineDatabases.serverURL())
        let schema = "popsh_empty_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try admin.execute("CREATE SCHEMA \(schema)")
        defer { _ = try? admin.execute("DROP SCHEMA \(schema) CASCADE") }
        let url = EngineDatabases.inSchema(try EngineDatabases.serverURL(), schema)
        XCTAssertThrowsError(try Database(path: url, mode: .existing)) {
            XCTAssertTrue("\($0)".contains("popsh init"), "\($0)")
        }
        XCTAssertNoThrow(try Database(path: url, mode: .create))
        XCTAssertNoThrow(try Database(path: url, mode: .existing))
    }

    func testAnInterruptStopsTheServersStatement() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else { return }
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        defer { remove() }
        let handle = db.interruptHandle
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { handle.interrupt() }
        let started = Date()
        XCTAssertThrowsError(try db.query("SELECT pg_sleep(20)")) {
            XCTAssertTrue(($0 as? DatabaseError)?.isInterrupted == true, "\($0)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "the server stopped at once")
        db.clearInterrupt()
        XCTAssertEqual(try db.scalar("SELECT 1"), .integer(1), "the connection is usable after")
    }
}
