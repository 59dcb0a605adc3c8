// Importer behaviour on small hand-written files: aliases and date forms, the feed
// quarantine rules of spec section 1, duplicates, baseline updates with audit, failed
// files leaving the database untouched, and files that cannot be read. Each test runs
// on every engine.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class ImporterTests: XCTestCase {
    private let marriageHeader = "record_no,reg_date,kind,husband_id,husband_name,husband_birth,husband_hukou,"
        + "wife_id,wife_name,wife_birth,wife_hukou,office_area,reported,extra\n"

    private func setUp(_ engine: TestEngine) throws -> (Database, Importer, URL) {
        let folder = try TestSupport.temporaryFolder(self)
        let db = try TestSupport.database(self, on: engine)
        return (db, Importer(database: db), folder)
    }

    func testAliasesDateFormsAndFreeColumnOrder() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, folder) = try setUp(engine)
            let hukou = try TestSupport.write("""
                reported,event_date,event,record_no,person_id,name,sex,birth_date,from_area,to_area,mother_id
                2026-01-05,20250301,出生入户,H1,,钱龙,男,2025/2/15,,360502102001,
                2026-01-05,2025/3/9,迁入,H2,,方萱,2,1978-04-05,3609,360521001011,
                """, to: "h.csv", in: folder)
            let summary = importer.importFile(hukou)
            XCTAssertEqual(summary.kind, .hukou, "\(engine)")
            XCTAssertEqual(summary.loaded, 2, "\(engine)")
            let rows = try db.query("SELECT event, event_date, sex, birth_date, from_area FROM hukou_events ORDER BY record_no")
            XCTAssertEqual(rows, [
                [.text("newborn"), .text("2025-03-01"), .text("M"), .text("2025-02-15"), .null],
                [.text("move_in"), .text("2025-03-09"), .text("F"), .text("1978-04-05"), .text("360900000000")],
            ], "\(engine)")
        }
    }

    func testFeedQuarantineRulesAndNotes() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, folder) = try setUp(engine)
            let path = try TestSupport.write(marriageHeader + """
                M1,2025-05-01,结婚,,,,,,王慧梅,1991-02-30,,,2026-01-05,x
                ,2025-05-01,marry,,,,,,王慧梅,,,,2026-01-05,x
                M3,,marry,,,,,,王慧梅,,,,2026-01-05,x
                M4,2025-05-01,wed,,,,,,王慧梅,,,,2026-01-05,x
                M5,2025-05-01,marry,360502199403142533,顾涛杰,,,,,,,,2026-01-05,x
                M6,2025-05-01,marry,,,,,360402199107228200,,,36050,,2026-01-05,x
                M7,2025-05-01,离婚,,,,,,王慧梅,,,,2026-01-05
                """, to: "m.csv", in: folder)
            let summary = importer.importFile(path)
            XCTAssertEqual(summary.read, 7, "\(engine)")
            XCTAssertEqual(summary.loaded, 2, "\(engine)")
            XCTAssertEqual(summary.quarantined, 5, "\(engine)")
            let reasons = try db.query("SELECT reason FROM quarantine ORDER BY line").compactMap { $0[0].text }
            XCTAssertEqual(reasons, [
                "line 3, column 1 (record_no): record_no is empty",
                "line 4, column 2 (reg_date): reg_date is empty",
                "line 5, column 3 (kind): \"wed\" is not a known kind (use marry, divorce, remarry or 结婚, 离婚, 复婚)",
                "line 6, column 8 (wife_id): names nobody: both wife_id and wife_name are empty (give at least one)",
                "line 8: the row has 13 fields but the header has 14 (look for a stray or missing comma or quote)",
            ], "\(engine)")
            // A bad optional date and a bad area are stored empty and noted; the row counts.
            let m1 = try db.query("SELECT kind, wife_birth, notes, raw FROM marriages WHERE record_no = 'M1'").first
            XCTAssertEqual(m1?[0], .text("marry"), "\(engine)")
            XCTAssertEqual(m1?[1], .null, "\(engine)")
            XCTAssertEqual(m1?[2], .text("column 10 (wife_birth): \"1991-02-30\" is not a date (use YYYY-MM-DD); stored empty"), "\(engine)")
            XCTAssertEqual(m1?[3], .text("M1,2025-05-01,结婚,,,,,,王慧梅,1991-02-30,,,2026-01-05,x"), "\(engine)")
            // A damaged wife_id alone names the wife well enough: kept, not quarantined.
            let m6 = try db.query("SELECT wife_id, wife_id_raw, wife_hukou, source_line FROM marriages WHERE record_no = 'M6'").first
            XCTAssertEqual(m6, [.null, .text("360402199107228200"), .null, .integer(7)], "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT notes FROM marriages WHERE record_no = 'M6'"), .text(
                "column 8 (wife_id): \"360402199107228200\" is not a valid identity number; kept as written for matching "
                    + "by name and birth date; column 11 (wife_hukou): \"36050\" is not an area code (12 digits, or the "
                    + "short forms of 2, 4, 6 or 9); stored empty"), "\(engine)")
        }
    }

    func testRepeatedRecordNumbersAreOneRecord() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, folder) = try setUp(engine)
            let row = "M1,2025-05-01,marry,,,,,,王慧梅,,,,2026-01-05,x\n"
            let first = try TestSupport.write(marriageHeader + row + row, to: "a.csv", in: folder)
            let second = try TestSupport.write(marriageHeader + row.replacingOccurrences(of: "2026-01-05", with: "2026-02-05"),
                                               to: "b.csv", in: folder)
            let summaries = importer.importPaths([first, second])
            XCTAssertEqual(summaries.map(\.loaded), [1, 0], "\(engine)")
            XCTAssertEqual(summaries.map(\.duplicates), [1, 1], "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "marriages"), 1, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT reported FROM marriages"), .text("2026-01-05"), "\(engine)")
        }
    }

    func testBaselineChangeIsUpdatedAndAudited() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, folder) = try setUp(engine)
            let header = "person_id,name,sex,birth_date,marital,spouse_id,hukou_area,hukou_kind,residence_area,address,unit_code,residence_since\n"
            let a = "360502199212045191,孔军,M,1992-12-04,married,360502199802242224,360502104003,family,330106015002,外地,,2021-09-30\n"
            let b = "360502199802242224,唐琴娟,F,1998-02-24,married,360502199212045191,360502104003,family,330106015002,外地,,2021-09-30\n"
            let moved = b.replacingOccurrences(of: "330106015002,外地", with: "360502104003,仙来小区 3栋")
            let first = importer.importFile(try TestSupport.write(header + a + b, to: "p1.csv", in: folder))
            let second = importer.importFile(try TestSupport.write(header + a + moved, to: "p2.csv", in: folder))
            XCTAssertEqual([first.loaded, first.corrected, first.duplicates], [2, 0, 0], "\(engine)")
            XCTAssertEqual([second.loaded, second.corrected, second.duplicates], [0, 1, 1], "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT residence_area FROM persons WHERE person_id = '360502199802242224'"),
                           .text("360502104003"), "\(engine)")
            let audit = try db.query("SELECT action, record_key, before, after, batch_id FROM audit_log ORDER BY id")
            XCTAssertEqual(audit.count, 2, "\(engine)")
            XCTAssertEqual(audit[0][0], .text("load"), "\(engine)")
            XCTAssertEqual(audit[1][0...3], [.text("update"), .text("360502199802242224"),
                                             .text("{\"address\":\"外地\",\"residence_area\":\"330106015002\"}"),
                                             .text("{\"address\":\"仙来小区 3栋\",\"residence_area\":\"360502104003\"}")], "\(engine)")
            XCTAssertEqual(audit[1][4].integer, second.batchID, "\(engine)")
        }
    }

    func testBaselineRowsAreStrict() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, folder) = try setUp(engine)
            let path = try TestSupport.write("""
                card_no,child_id,name,birth_date,sex,birth_order,policy,pregnancy_recorded
                WIS1,,马霞雪,2022-05-30,F,1,in,
                """, to: "c.csv", in: folder)
            let children = importer.importFile(path)
            XCTAssertEqual(children.quarantined, 1, "\(engine): no card WIS1 is loaded")
            XCTAssertEqual(try db.scalar("SELECT reason FROM quarantine"),
                           .text("line 2: card_no \"WIS1\" is not in wis_cards (load wis_cards.csv before wis_children.csv)"), "\(engine)")
            let persons = try TestSupport.write("""
                person_id,name,sex,birth_date,marital,spouse_id,hukou_area,hukou_kind,residence_area,address,unit_code,residence_since
                360502199908303940,张怡,F,1999-08-30,single,,360502001008,family,360502001008,,,
                360502199212045191,孔军,X,1992-12-04,married,,360502104003,family,360502104003,,,
                """, to: "p.csv", in: folder)
            let summary = importer.importFile(persons)
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertEqual(summary.quarantined, 2, "\(engine)")
            let reasons = try db.query("SELECT reason FROM quarantine WHERE batch_id = ? ORDER BY line",
                                       [.integer(summary.batchID!)]).compactMap { $0[0].text }
            XCTAssertEqual(reasons, [
                "line 2, column 1 (person_id): \"360502199908303940\" is not a valid identity number (18 characters with a correct check character)",
                "line 3, column 3 (sex): \"X\" is not a known sex (use M, F or 1, 2, 男, 女)",
            ], "\(engine)")
        }
    }

    func testAFailedFileLeavesTheDatabaseExactlyAsItWas() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, folder) = try setUp(engine)
            _ = importer.importPaths([TestSupport.samples.appendingPathComponent("areas.csv").path])
            let before = try TestSupport.snapshot(db)
            let broken = try TestSupport.write(marriageHeader + """
                M1,2025-05-01,marry,,,,,,王慧梅,,,,2026-01-05,x
                M2,2025-05-01,marry,,,,,,"王慧梅,,,,2026-01-05,x
                """, to: "broken.csv", in: folder)
            let good = try TestSupport.write(marriageHeader + "M9,2025-05-01,marry,,,,,,王慧梅,,,,2026-01-05,x\n",
                                             to: "good.csv", in: folder)
            let summaries = importer.importPaths([broken, good])
            XCTAssertEqual(summaries[0].error, "\(broken): line 3: a quoted field opened here is never closed "
                           + "(a quote inside a field must be doubled: \"\"); nothing from this file was loaded", "\(engine)")
            XCTAssertEqual([summaries[0].read, summaries[0].loaded], [0, 0], "\(engine)")
            XCTAssertNil(summaries[1].error, "\(engine): the next file goes on")
            XCTAssertEqual(summaries[1].loaded, 1, "\(engine)")
            var after = try TestSupport.snapshot(db)
            XCTAssertEqual(after["marriages"]?.count, 1, "\(engine)")
            after["marriages"] = before["marriages"]
            after["imports"] = after["imports"].map { Array($0.prefix(before["imports"]!.count)) }
            XCTAssertEqual(after, before, "\(engine)")
        }
    }

    func testFilesThatCannotBeReadAreReportedAndOthersGoOn() throws {
        for engine in try EngineDatabases.engines() {
            let (_, importer, folder) = try setUp(engine)
            let unknown = try TestSupport.write("foo,bar\n1,2\n", to: "unknown.csv", in: folder)
            let empty = try TestSupport.write("", to: "empty.csv", in: folder)
            let missing = folder.appendingPathComponent("missing.csv").path
            let units = try TestSupport.write("unit_code,name,kind,area\nU1,新余电子厂,enterprise,360502204003\n",
                                              to: "units.csv", in: folder)
            let summaries = importer.importPaths([unknown, empty, missing, units])
            XCTAssertEqual(summaries.first?.kind, .units, "\(engine): readable files are loaded first")
            let errors = summaries.compactMap(\.error)
            XCTAssertEqual(errors.count, 3, "\(engine)")
            XCTAssertTrue(errors.contains { $0.hasPrefix("\(unknown): the header \"foo,bar\" matches no known file; name the kind") }, "\(engine)")
            XCTAssertTrue(errors.contains { $0.hasPrefix("\(missing): no such file") }, "\(engine)")
            XCTAssertTrue(errors.contains { $0.hasPrefix("\(empty): is empty") }, "\(engine)")
            let forced = importer.importFile(unknown, as: .units)
            XCTAssertEqual(forced.error, "\(unknown): the header lacks unit_code, name, kind, area for a units file "
                           + "(expected columns: unit_code, name, kind, area); nothing from this file was loaded", "\(engine)")
        }
    }

    func testImportRecordsTheBatch() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, _) = try setUp(engine)
            let file = TestSupport.samples.appendingPathComponent("units.csv")
            let summary = importer.importFile(file.path)
            let row = try db.query("SELECT file, size, sha256, encoding, kind, read, loaded, finished IS NOT NULL "
                                   + "FROM imports WHERE id = ?", [.integer(summary.batchID!)]).first
            let bytes = try Data(contentsOf: file)
            var digest = SHA256()
            digest.update(Array(bytes))
            XCTAssertEqual(row, [.text(file.path), .integer(Int64(bytes.count)), .text(digest.finalize()), .text("utf-8"),
                                 .text("units"), .integer(20), .integer(20), .integer(1)], "\(engine)")
        }
    }

    func testABigFileIntoAnEmptyTableEndsWithItsIndexes() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, folder) = try setUp(engine)
            var text = TestSupport.personsHeader
            let rows = 40_000
            for i in 0..<rows {
                text += "\(TestSupport.identity(i, born: 1990)),居民\(i),\(i % 2 == 0 ? "F" : "M"),1990-01-01,single,,360502001001,"
                    + "family,360502001001,仙来小区 \(i)栋 2单元 501,,2020-01-01\n"
            }
            let path = try TestSupport.write(text, to: "big.csv", in: folder)
            XCTAssertGreaterThan(text.utf8.count, Int(Importer.deferIndexesFromBytes), "\(engine)")
            let summary = importer.importFile(path)
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertEqual(summary.loaded, rows, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "persons"), rows, "\(engine)")
            // Every index of a new database is back, the ones of later migrations included.
            let fresh = try Self.indexes(of: "persons", in: TestSupport.database(self, on: engine))
            XCTAssertEqual(try Self.indexes(of: "persons", in: db), fresh, "\(engine)")
            let expected = (Schema.indexes.filter { $0.table == "persons" }.map { Schema.indexName(table: $0.table, columns: $0.columns) }
                + DerivedColumns.indexes.filter { $0.table == "persons" }.map(\.name))
                .filter { !QueryIndexes.dropped.contains($0) }
                + QueryIndexes.indexes.filter { $0.table == "persons" }.map(\.name) + QueryIndexes.linkage.map(\.name)
                + QueryIndexes.linkageProbes.map(\.name)
            XCTAssertTrue(Set(fresh.map(\.name)).isDisjoint(with: QueryIndexes.dropped), "\(engine): \(fresh)")
            XCTAssertTrue(Set(fresh.map(\.name)).isSuperset(of: expected), "\(engine): \(fresh)")
            if engine == .sqlite { XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"), "\(engine)") }
        }
    }

    /// The indexes popsh made on `table`, each as its definition reads in any schema.
    private static func indexes(of table: String, in db: Database) throws -> [Index] {
        let schema = Database.isServer(db.path) ? try db.scalar("SELECT current_schema()").text! + "." : "\u{0}"
        return try db.engine.createdIndexes(of: table, includingUnique: true).map {
            Index(name: $0.name, sql: $0.sql.replacingOccurrences(of: schema, with: ""), unique: $0.unique)
        }
    }

    private struct Index: Equatable { let name, sql: String, unique: Bool }

    func testAnInterruptedImportLoadsNothingAndTheNextCommandRuns() throws {
        for engine in try EngineDatabases.engines() {
            let (db, importer, _) = try setUp(engine)
            let units = TestSupport.samples.appendingPathComponent("units.csv").path
            db.interrupt()
            let stopped = importer.importFile(units)
            XCTAssertTrue(stopped.interrupted, "\(engine)")
            XCTAssertEqual(stopped.error, "\(units): interrupted; nothing from this file was loaded", "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "units"), 0, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "imports"), 0, "\(engine)")
            let next = importer.importPaths([units])
            XCTAssertEqual(next.first?.loaded, 20, "\(engine): a new command starts with the interrupt forgotten")
        }
    }
}
