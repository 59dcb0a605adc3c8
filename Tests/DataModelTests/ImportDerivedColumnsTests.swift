// The stored register codes (county, township, community, hukou county and township,
// local hukou, population type) as the importer writes them: on a small file loaded with
// its indexes in place, on a big one loaded with them deferred, on an audited update,
// and on a database migrated from the trigger version. Expected values come from
// AreaCode's own hierarchy, not from the SQL that fills the columns. Each test runs on
// every engine but the migration's, whose old databases are SQLite files.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class ImportDerivedColumnsTests: XCTestCase {
    private let header = TestSupport.personsHeader
    private let derived = DerivedColumns.persons.map(\.column)

    /// The derived columns of one person, from the codes' place in the area hierarchy.
    private func expected(residence: String, hukou: String, unit: String?) -> [SQLValue] {
        let home = AreaCode(residence)!, origin = AreaCode(hukou)!
        func code(_ area: AreaCode, _ level: AreaLevel) -> SQLValue { area.ancestor(at: level).map { .text($0.full) } ?? .null }
        let type: SQLValue
        if !home.isInCity {
            type = .null
        } else if home.ancestor(at: .county) != origin.ancestor(at: .county) {
            type = .text("floating")
        } else {
            type = .text((unit ?? "").isEmpty ? "community" : "unit")
        }
        return [code(home, .county), code(home, .township), code(home, .community), code(origin, .county),
                code(origin, .township), .integer(origin.isInCity ? 1 : 0), type]
    }

    /// Compares every stored person's derived columns with `expected`.
    private func assertDerivedColumnsRight(_ db: Database, file: StaticString = #filePath, line: UInt = #line) throws {
        let rows = try db.query("SELECT residence_area, hukou_area, unit_code, "
                                + derived.map { "\"\($0)\"" }.joined(separator: ", ") + " FROM persons")
        XCTAssertFalse(rows.isEmpty, db.dialect.name, file: file, line: line)
        for row in rows {
            let want = expected(residence: row[0].text!, hukou: row[1].text!, unit: row[2].text)
            XCTAssertEqual(Array(row[3...]), want, "\(db.dialect.name): \(row[0...2])", file: file, line: line)
        }
    }

    private func identity(_ i: Int) -> String { TestSupport.identity(i) }

    /// Residence and hukou codes at every level, inside and outside the city.
    private let codes = ["360502104003", "360502104000", "360502000000", "360521002001", "330106015002",
                         "360982016011", "360500000000", "360521102002"]

    private func persons(_ count: Int) -> String {
        var text = header
        for i in 0..<count {
            let residence = codes[i % codes.count], hukou = codes[(i / codes.count) % codes.count]
            let unit = i % 3 == 0 ? "91360500000000006X" : ""
            text += "\(identity(i)),居民\(i),\(i % 2 == 0 ? "F" : "M"),1980-01-01,single,,\(hukou),family,"
                + "\(residence),仙来小区 \(i)栋 2单元 501,\(unit),2020-01-01\n"
        }
        return text
    }

    func testSmallFileWithIndexesInPlace() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let summary = Importer(database: db).importFile(TestSupport.samples.appendingPathComponent("persons.csv").path)
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertGreaterThan(summary.loaded, 0, "\(engine)")
            try assertDerivedColumnsRight(db)
            // Every combination of levels, on a file too small to defer indexes.
            let folder = try TestSupport.temporaryFolder(self)
            let small = Importer(database: db).importFile(try TestSupport.write(persons(200), to: "p.csv", in: folder))
            XCTAssertEqual(small.loaded, 200, "\(engine)")
            try assertDerivedColumnsRight(db)
        }
    }

    func testBigFileLoadedWithDeferredIndexes() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let text = persons(40_000)
            XCTAssertGreaterThan(text.utf8.count, Int(Importer.deferIndexesFromBytes), "\(engine)")
            let summary = Importer(database: db).importFile(try TestSupport.write(text, to: "big.csv", in: folder))
            XCTAssertEqual(summary.loaded, 40_000, "\(engine)")
            try assertDerivedColumnsRight(db)
            let indexes = Set(try db.engine.createdIndexes(of: "persons", includingUnique: true).map(\.name))
            XCTAssertTrue(indexes.isSuperset(of: DerivedColumns.indexes.filter { $0.table == "persons" }.map(\.name)
                .filter { !QueryIndexes.dropped.contains($0) }), "\(engine): \(indexes)")
            // SQLite's own checks: the file is sound, and its planner answers a cohort count
            // from the cohort index alone.
            guard engine == .sqlite else { continue }
            XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"), "\(engine)")
            let plan = try db.query("EXPLAIN QUERY PLAN SELECT township, count(*) FROM persons WHERE sex = 'F' "
                                    + "AND marital = 'single' GROUP BY township").compactMap { $0.last?.text }
            XCTAssertTrue(plan.contains { $0.contains("COVERING INDEX idx_persons_cohort") }, "\(engine): \(plan)")
        }
    }

    func testAnUpdatedPersonGetsTheCodesOfTheNewAddress() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let importer = Importer(database: db)
            let before = "\(identity(1)),钟欣,F,2004-09-11,single,,360502190204,family,330106015002,外地,,2017-07-03\n"
            let after = "\(identity(1)),钟欣,F,2004-09-11,single,,360502190204,family,360521001005,暨阳新村,U9,2017-07-03\n"
            _ = importer.importFile(try TestSupport.write(header + before, to: "a.csv", in: folder))
            XCTAssertEqual(try db.scalar("SELECT population_type FROM persons"), .null, "\(engine)")
            let second = importer.importFile(try TestSupport.write(header + after, to: "b.csv", in: folder))
            XCTAssertEqual([second.loaded, second.corrected], [0, 1], "\(engine)")
            try assertDerivedColumnsRight(db)
            XCTAssertEqual(try db.scalar("SELECT population_type FROM persons"), .text("floating"), "\(engine)")
        }
    }

    /// SQLite only: the trigger version (migration 4) predates popsh on PostgreSQL.
    func testMigrationDropsTheTriggersAndKeepsTheStoredCodes() throws {
        let path = try TestSupport.temporaryFolder(self).appendingPathComponent("v4.db").path
        let triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'persons'"
        do {
            let old = try Database(path: path, migratingTo: 4)
            XCTAssertEqual(try old.scalar(triggers), .integer(2))
            try TestSupport.importAtOldVersion([TestSupport.samples.appendingPathComponent("persons.csv").path],
                                               into: old, tables: ["persons"], self)
        }
        let db = try Database(path: path)
        XCTAssertEqual(try db.scalar(triggers), .integer(0))
        try assertDerivedColumnsRight(db)
    }
}
