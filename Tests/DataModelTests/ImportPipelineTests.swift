// The importer's two threads and its Swift copy of the register codes: the derived codes
// it binds equal DerivedColumns' SQL (the definition migration 3's backfill applies) on
// every row of a demo city; rows cross the queue in file order with their lines, bad rows
// and duplicates counted as before; a file named through a link has its own size (which
// decides whether indexes are deferred); a failure or an interrupt far into a file that
// fills the queue loads nothing and releases the reading thread. Each test runs on
// every engine.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class ImportPipelineTests: XCTestCase {
    private let header = TestSupport.personsHeader
    private func identity(_ i: Int) -> String { TestSupport.identity(i) }
    private func person(_ i: Int, birth: String = "1980-01-01") -> String { TestSupport.personRow(i, birth: birth) }

    func testSwiftCodesEqualTheSQLDefinitionOnEveryRowOfADemoCity() throws {
        for engine in try EngineDatabases.engines() {
            XCTAssertEqual(RegisterCodes.columns, DerivedColumns.persons.map(\.column), "\(engine)")
            let db = try TestSupport.database(self, on: engine)
            let file = try DemoFixture.shared.directory + "/persons.csv"
            let summary = Importer(database: db).importFile(file)
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertEqual(summary.loaded, try DemoFixture.shared.summary.persons, "\(engine)")
            let definitions = DerivedColumns.assignments(for: "persons") { $0 }
            let stored = try db.query("SELECT " + definitions.map { "\"\($0.column)\"" }.joined(separator: ", ")
                                      + " FROM persons ORDER BY \(db.dialect.rowOrder)")
            let computed = try db.query("SELECT " + definitions.map(\.expression).joined(separator: ", ")
                                        + " FROM persons ORDER BY \(db.dialect.rowOrder)")
            XCTAssertEqual(stored.count, try DemoFixture.shared.summary.persons, "\(engine)")
            for (index, row) in stored.enumerated() where row != computed[index] {
                XCTFail("\(engine): row \(index + 1): importer \(row), SQL \(computed[index])")
                break
            }
            // The city holds every kind the codes tell apart.
            let kinds = Set(stored.map { $0[6] })
            XCTAssertEqual(kinds, [.text("community"), .text("unit"), .text("floating"), .null], "\(engine)")
            XCTAssertEqual(Set(stored.map { $0[5] }), [.integer(0), .integer(1)], "\(engine)")
        }
    }

    func testRowsCrossInFileOrderWithTheirLinesAcrossManyBatches() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let count = RowPipeline.batchSize * (RowPipeline.depth + 3) + 17
            var text = header, badLines: [Int] = [], expectedOrder: [String] = []
            for i in 0..<count {
                let line = i + 2
                if i % 997 == 5 {
                    text += person(i, birth: "1980-02-30")
                    badLines.append(line)
                } else if i % 1499 == 7 {
                    text += person(i - 1)   // the row before, again: a duplicate
                } else {
                    text += person(i)
                    expectedOrder.append(identity(i))
                }
            }
            let summary = Importer(database: db).importFile(try TestSupport.write(text, to: "p.csv", in: folder))
            XCTAssertNil(summary.error, "\(engine)")
            XCTAssertEqual(summary.read, count, "\(engine)")
            XCTAssertEqual(summary.quarantined, badLines.count, "\(engine)")
            XCTAssertEqual(summary.loaded, expectedOrder.count, "\(engine)")
            XCTAssertEqual(summary.duplicates, count - badLines.count - expectedOrder.count, "\(engine)")
            XCTAssertEqual(try db.query("SELECT person_id FROM persons ORDER BY \(db.dialect.rowOrder)").compactMap { $0[0].text }, expectedOrder, "\(engine)")
            let quarantined = try db.query("SELECT line, column_name, raw FROM quarantine ORDER BY \(db.dialect.rowOrder)")
            XCTAssertEqual(quarantined.compactMap { $0[0].integer }.map(Int.init), badLines, "\(engine)")
            XCTAssertEqual(quarantined.first?[1], .text("birth_date"), "\(engine)")
            XCTAssertEqual(quarantined.first?[2].text.map { $0 + "\n" }, person(5, birth: "1980-02-30"), "\(engine)")
        }
    }

    func testAFileNamedThroughALinkIsMeasuredByItsOwnSize() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let text = header + (0..<3).map { person($0) }.joined()
            let target = try TestSupport.write(text, to: "p.csv", in: folder)
            let link = folder.appendingPathComponent("link.csv").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            let summary = Importer(database: db).importFile(link)
            XCTAssertEqual(summary.loaded, 3, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT size FROM imports"), .integer(Int64(text.utf8.count)), "\(engine)")
        }
    }

    func testAFailureFarIntoTheFileLoadsNothing() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            let count = RowPipeline.batchSize * (RowPipeline.depth + 2)
            var text = header
            for i in 0..<count { text += person(i) }
            text += "\"\(identity(count)),never closed\n"
            let summary = Importer(database: db).importFile(try TestSupport.write(text, to: "p.csv", in: folder))
            XCTAssertEqual(summary.error?.contains("line \(count + 2): a quoted field opened here is never closed"), true,
                           "\(engine): " + (summary.error ?? "no error"))
            XCTAssertEqual(summary.loaded, 0, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "persons"), 0, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "imports"), 0, "\(engine)")
        }
    }

    func testAnInterruptWithTheQueueFullStopsTheReaderAndLoadsNothing() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestSupport.database(self, on: engine)
            let folder = try TestSupport.temporaryFolder(self)
            var text = header
            for i in 0..<(RowPipeline.batchSize * (RowPipeline.depth + 4)) { text += person(i) }
            let path = try TestSupport.write(text, to: "p.csv", in: folder)
            db.interrupt()
            let stopped = Importer(database: db).importFile(path)
            XCTAssertTrue(stopped.interrupted, "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "persons"), 0, "\(engine)")
            db.clearInterrupt()
            let again = Importer(database: db).importFile(path)
            XCTAssertEqual(again.loaded, RowPipeline.batchSize * (RowPipeline.depth + 4), "\(engine)")
        }
    }
}
