// What a file may hold that once slipped through or stopped it: NUL bytes past the first
// 8 KiB, byte-order marks of GB18030 and doubled ones, a header of megabytes with no line
// break, identity numbers born in 2099 or 1800, and area codes inside the city that
// `areas` does not list. Each test that imports runs on every engine.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class ImportInputTests: XCTestCase {
    private func setUp(_ engine: TestEngine) throws -> (Database, URL) {
        (try TestSupport.database(self, on: engine), try TestSupport.temporaryFolder(self))
    }

    func testANULByteQuarantinesItsRowNamingTheColumnWhereverItIs() throws {
        for engine in try EngineDatabases.engines() {
            let (db, folder) = try setUp(engine)
            let filler = (10..<400).map { TestSupport.personRow($0) }.joined()
            XCTAssertGreaterThan(filler.utf8.count, 8192, "\(engine)")
            let damaged = TestSupport.personRow(1).replacingOccurrences(of: "居民1", with: "居\0民")
            let early = TestSupport.personRow(2).replacingOccurrences(of: "居民2", with: "居\0民")
            let path = try TestSupport.write(TestSupport.personsHeader + early + filler + damaged, to: "p.csv", in: folder)
            let summary = Importer(database: db).importFile(path)
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertEqual([summary.loaded, summary.quarantined], [390, 2], "\(engine)")
            let reasons = try db.query("SELECT line, column_name, reason FROM quarantine ORDER BY line")
            XCTAssertEqual(reasons.map { $0[0] }, [.integer(2), .integer(393)], "\(engine)")
            XCTAssertEqual(reasons.map { $0[1] }, [.text("name"), .text("name")], "\(engine)")
            XCTAssertFalse(try db.query("SELECT name FROM persons").contains { $0[0].text?.contains("\0") != false }, "\(engine)")
        }
    }

    func testByteOrderMarksOfGB18030AndDoubledOnesAreAccepted() throws {
        for engine in try EngineDatabases.engines() {
            let (db, folder) = try setUp(engine)
            let text = "unit_code,name,kind,area\nU1,新余电子厂,enterprise,360502204003\n"
            let gb = folder.appendingPathComponent("gb.csv"), doubled = folder.appendingPathComponent("u.csv")
            try Data([0x84, 0x31, 0x95, 0x33] + (TextCodec.encodeGB18030(text) ?? [])).write(to: gb)
            try Data([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "U1", with: "U2").utf8)).write(to: doubled)
            let summaries = Importer(database: db).importPaths([gb.path, doubled.path])
            XCTAssertEqual(summaries.map(\.error), [nil, nil], "\(engine)")
            XCTAssertEqual(summaries.map(\.kind), [.units, .units], "\(engine)")
            XCTAssertEqual(summaries.map(\.encoding), [.gb18030, .utf8], "\(engine)")
            XCTAssertEqual(try db.query("SELECT unit_code, name FROM units ORDER BY unit_code"),
                           [[.text("U1"), .text("新余电子厂")], [.text("U2"), .text("新余电子厂")]], "\(engine)")
        }
    }

    func testAHugeHeaderIsQuotedAsAnExcerpt() throws {
        for engine in try EngineDatabases.engines() {
            let (db, folder) = try setUp(engine)
            let path = try TestSupport.write(String(repeating: "abcdefghij", count: 300_000), to: "big.csv", in: folder)
            let summary = Importer(database: db).importFile(path)
            let error = try XCTUnwrap(summary.error, "\(engine)")
            XCTAssertLessThan(error.count, 400, "\(engine): the message quotes an excerpt, not the 3 MB header")
            XCTAssertTrue(error.contains("matches no known file"), "\(engine): " + error)
            XCTAssertTrue(error.contains("(3000000 characters)"), "\(engine): " + error)
        }
    }

    func testNumbersBornIn2099Or1800AreDamaged() throws {
        for engine in try EngineDatabases.engines() {
            let future = TestSupport.identity(1, born: 2099), past = TestSupport.identity(1, born: 1800)
            XCTAssertEqual(future.count, 18, "\(engine)")
            XCTAssertFalse(IdentityNumber.isValid(future), "\(engine)")
            XCTAssertFalse(IdentityNumber.isValid(past), "\(engine)")
            XCTAssertTrue(IdentityNumber.isValid(TestSupport.identity(1, born: 1900)), "\(engine)")
            XCTAssertNil(IdentityNumber.normalize("360502209901010222"), "\(engine)")
            let (db, folder) = try setUp(engine)
            let persons = Importer(database: db).importFile(try TestSupport.write(
                TestSupport.personsHeader + TestSupport.personRow(5).replacingOccurrences(of: TestSupport.identity(5), with: future),
                to: "p.csv", in: folder))
            XCTAssertEqual(persons.quarantined, 1, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT reason FROM quarantine"), .text(
                "line 2, column 1 (person_id): \"\(future)\" is not a valid identity number: its birth date 2099-02-01 is after "
                    + "\(CivilDate.today), the day it is checked on"), "\(engine)")
            // A feed row is checked on the day it was exported: a mother born after it is damage.
            let born = TestSupport.identity(7, born: 2025)
            XCTAssertTrue(born.dropFirst(6).hasPrefix("20250801"), "\(engine)")
            let births = try TestSupport.write("""
                record_no,hospital,birth_date,child_sex,birth_order,mother_id,mother_name,mother_birth,father_id,residence_area,reported
                B1,市人民医院,2025-07-01,F,1,\(born),周红,,,,2025-07-31
                B2,市人民医院,2025-09-01,F,1,\(born),周红,,,,2025-09-30
                """, to: "b.csv", in: folder)
            XCTAssertEqual(Importer(database: db).importFile(births).loaded, 2, "\(engine)")
            XCTAssertEqual(try db.query("SELECT record_no, mother_id FROM births ORDER BY record_no"),
                           [[.text("B1"), .null], [.text("B2"), .text(born)]], "\(engine)")
        }
    }

    func testAnAreaInsideTheCityThatAreasDoesNotListIsDamage() throws {
        for engine in try EngineDatabases.engines() {
            let (db, folder) = try setUp(engine)
            let areas = try TestSupport.write("""
                code,name,level,parent
                360500000000,新余市,city,360000000000
                360502000000,渝水区,county,360500000000
                360502104000,仙来街道,township,360502000000
                360502104003,仙来社区,community,360502104000
                """, to: "areas.csv", in: folder)
            let unknown = "360502999999", outside = "330106015002"
            let persons = try TestSupport.write(TestSupport.personsHeader
                + TestSupport.personRow(1).replacingOccurrences(of: "360521002001", with: "360502104003")
                + TestSupport.personRow(2).replacingOccurrences(of: "360521002001", with: unknown)
                + TestSupport.personRow(3).replacingOccurrences(of: "360521002001", with: outside), to: "p.csv", in: folder)
            let hukou = try TestSupport.write("""
                record_no,event,event_date,person_id,name,sex,birth_date,from_area,to_area,mother_id,reported
                H1,move_in,2025-03-09,,方萱,F,1978-04-05,\(outside),\(unknown),,2026-01-05
                """, to: "h.csv", in: folder)
            let summaries = Importer(database: db).importPaths([areas, persons, hukou])
            XCTAssertEqual(summaries.map(\.quarantined), [0, 1, 0], "\(engine)")
            XCTAssertEqual(try db.query("SELECT line, column_name FROM quarantine"), [[.integer(3), .text("residence_area")]], "\(engine)")
            XCTAssertEqual(try db.query("SELECT to_area, notes FROM hukou_events"), [[.text(unknown), .text(
                "column 9 (to_area): \(unknown) is inside the city but not in areas (a damaged code, or areas.csv is out of "
                    + "date); kept, as its prefix places it in the city")]], "\(engine)")
        }
    }
}
