// A first load into an empty table drops its foreign keys on PostgreSQL (the server
// checks a key by a trigger per row) and adds them back after the rows: the keys are in
// place afterwards, and a child whose card is missing is still told apart and handled
// as SQLite handles it, with the same counts on both engines.

@testable import DataModel
import EngineSupport
import Foundation
import XCTest

final class EngineFirstLoadKeysTests: XCTestCase {
    /// Children of the sample cards past the size from which a first load defers its
    /// indexes and keys, and, when `orphan`, one more child of a card WIS does not hold.
    private func bigChildren(orphan: Bool) throws -> (path: String, rows: Int) {
        let cards = try String(contentsOfFile: EngineDatabases.samples + "/wis_cards.csv", encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { String($0.prefix { $0 != "," }) }
        var text = "card_no,child_id,name,birth_date,sex,birth_order,policy,pregnancy_recorded\n"
        var rows = 0
        for order in 1...130 {
            for card in cards {
                text += "\(card),,居民子女\(order),2020-01-01,\(order % 2 == 0 ? "F" : "M"),\(order),in,2019-05-01\n"
                rows += 1
            }
        }
        if orphan {
            text += "WIS99999999,,无卡,2020-01-01,F,1,in,\n"
            rows += 1
        }
        XCTAssertGreaterThan(text.utf8.count, Int(Importer.deferIndexesFromBytes))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-children-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("wis_children.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, rows)
    }

    private func foreignKeys(_ db: Database) throws -> [String] {
        guard db.dialect is PostgreSQLDialect else { return [] }
        return try db.query("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass('wis_children') "
                            + "AND contype = 'f' ORDER BY 1").compactMap { $0[0].text }
    }

    func testAFirstLoadKeepsItsKeysAndTellsAChildWithoutItsCard() throws {
        for orphan in [false, true] {
            let (path, rows) = try bigChildren(orphan: orphan)
            var counts: [TestEngine: String] = [:]
            for engine in try EngineDatabases.engines() {
                let (db, remove) = try EngineDatabases.fresh(engine)
                defer { remove() }
                let cards = Importer(database: db).importPaths([EngineDatabases.samples + "/areas.csv",
                                                                EngineDatabases.samples + "/wis_cards.csv"])
                XCTAssertEqual(cards.compactMap(\.error), [], "\(engine)")
                let keys = try foreignKeys(db)
                let summary = Importer(database: db).importFile(path)
                XCTAssertNil(summary.error, "\(engine)")
                XCTAssertEqual(summary.read, rows, "\(engine)")
                XCTAssertEqual(summary.loaded, rows - (orphan ? 1 : 0), "\(engine): every child with its card")
                XCTAssertEqual(try db.scalar("SELECT count(*) FROM wis_children WHERE card_no = 'WIS99999999'"), .integer(0),
                               "\(engine): no child without its card is in the table")
                XCTAssertEqual(try foreignKeys(db), keys, "\(engine): the keys are back as they were")
                if engine == .postgresql { XCTAssertEqual(keys.count, 2, "the card and the import batch") }
                counts[engine] = "\(summary.read) \(summary.loaded) \(summary.corrected) \(summary.duplicates) \(summary.quarantined)"
            }
            if let sqlite = counts[.sqlite], let postgres = counts[.postgresql] {
                XCTAssertEqual(sqlite, postgres, "orphan: \(orphan)")
            }
        }
    }
}
