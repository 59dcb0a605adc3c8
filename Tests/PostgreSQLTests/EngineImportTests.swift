// The sample city imported on both engines: every table holds the same rows, the
// import bookkeeping (read, loaded, corrected, duplicates, quarantined) and the
// quarantine's reasons agree, and a second import of the same files changes nothing.

@testable import DataModel
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

    /// A register file past the size from which a first load defers its indexes (and on
    /// PostgreSQL copies straight into the table); `repeating` names its first person
    /// again at the end with another name, which sends the load back to the staged path.
    private func bigRegister(repeating: Bool) throws -> String {
        var text = ""
        let row = { (i: Int, name: String) in
            "\(RegisterFile.identity(i)),\(name),\(i % 2 == 0 ? "F" : "M"),1990-01-01,single,,360502001001,"
                + "family,360502001001,仙来小区 \(i)栋 2单元 501,,2020-01-01\n"
        }
        for i in 0..<40_000 { text += row(i, "居民\(i)") }
        if repeating { text += row(0, "改名") }
        XCTAssertGreaterThan(text.utf8.count, Int(Importer.deferIndexesFromBytes))
        return try RegisterFile.write(text, for: self)
    }

    func testAFirstLoadOfABigFileGivesTheSameOnBothEngines() throws {
        var seen: [TestEngine: [String]] = [:]
        for repeating in [false, true] {
            let path = try bigRegister(repeating: repeating)
            for engine in try EngineDatabases.engines() {
                let (db, remove) = try EngineDatabases.fresh(engine)
                defer { remove() }
                let summary = Importer(database: db).importFile(path)
                XCTAssertNil(summary.error, "\(engine)")
                XCTAssertEqual(summary.loaded, 40_000, "\(engine)")
                XCTAssertEqual(summary.corrected, repeating ? 1 : 0, "\(engine)")
                XCTAssertEqual(try db.scalar("SELECT name FROM persons WHERE person_id = ?1", [.text(RegisterFile.identity(0))]),
                               .text(repeating ? "改名" : "居民0"), "\(engine): the later row wins")
                let indexes = try db.engine.createdIndexes(of: "persons", includingUnique: true).map(\.name).sorted()
                seen[engine, default: []] += ["\(repeating): \(summary.loaded) \(summary.corrected) \(indexes)"]
                seen[engine, default: []] += try snapshot(db).filter { $0.hasPrefix("person ") || $0.hasPrefix("audit ") }
            }
        }
        if let sqlite = seen[.sqlite], let postgres = seen[.postgresql] { XCTAssertTrue(sqlite == postgres) }
    }
}
