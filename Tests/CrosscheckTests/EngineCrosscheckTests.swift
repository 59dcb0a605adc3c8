// The cross-check on both engines: a demo city with every finding code, imported into
// an SQLite file and into a PostgreSQL schema, gives the same findings in the same
// order; every action applied to them changes WIS alike, audited alike; undo restores
// both. This is what lets a centre move its WIS to the server without a different answer.

import DataModel
import EngineSupport
import Foundation
import XCTest

final class EngineCrosscheckTests: XCTestCase {
    private let today = CivilDate(year: 2026, month: 1, day: 15)!

    private static let city = Result<[String], Error>(catching: {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-engine-city-\(getpid())").path
        AtExit.add { try? FileManager.default.removeItem(atPath: folder) }
        _ = try DemoCity.generate(DemoConfig(persons: 6_000, seed: 77_019), into: folder)
        return ["areas.csv", "units.csv", "persons.csv", "wis_cards.csv", "wis_children.csv", "feeds"].map { folder + "/" + $0 }
    })

    /// WIS as both engines print it (no engine-only column).
    private func wis(_ db: Database) throws -> [[SQLValue]] {
        try db.query("SELECT card_no, woman_id, status, marital, spouse_id, pregnant_since, pregnancy_recorded, managing_area, "
                     + "updated FROM wis_cards ORDER BY card_no")
            + db.query("SELECT card_no, child_id, birth_date, birth_order, pregnancy_recorded FROM wis_children "
                       + "ORDER BY card_no, birth_order")
    }

    private func findings(_ db: Database, run: Int64) throws -> [[SQLValue]] {
        try db.query("SELECT feed, record_no, person_id, child_id, card_no, match, round(score * 1000000), finding, detail, "
                     + "detail_zh FROM crosscheck_findings WHERE run_id = ?1 ORDER BY \(db.dialect.rowOrder)", [.integer(run)])
    }

    private func references(_ rows: [[SQLValue]], code: String) -> [FindingReference] {
        rows.filter { $0[7].text == code }.map {
            FindingReference(feed: CrosscheckFeed(rawValue: $0[0].text!)!, recordNo: $0[1].text!, personID: $0[2].text,
                             cardNo: $0[4].text, finding: $0[7].text!)
        }
    }

    /// Everything the engine's cross-check and actions left, step by step.
    private func story(_ engine: TestEngine) throws -> [String] {
        let (db, remove) = try EngineDatabases.fresh(engine)
        defer { remove() }
        let failed = Importer(database: db).importPaths(try Self.city.get()).compactMap(\.error)
        XCTAssertEqual(failed, [], "\(engine)")
        var lines: [String] = []
        let first = try Crosschecker(database: db).run(.all)
        let found = try findings(db, run: first.id)
        XCTAssertGreaterThan(found.count, 50, "\(engine): the city has findings")
        lines += found.map { "finding \($0)" }
        let applier = FindingApplier(database: db, today: today)
        var batches: [Int64] = []
        for action in FindingAction.allCases {
            let run = try Crosschecker(database: db).run(.all)
            let outcome = try applier.apply(references(try findings(db, run: run.id), code: action.resolves), action,
                                            origin: "engine.pop:1:1")
            lines.append("\(action.rawValue): \(outcome.changed) changed, batch \(outcome.batchID.map(String.init) ?? "-")")
            lines += outcome.changes.map { "change \($0.table) \($0.key) \($0.skipped ?? "")" }
            if let batch = outcome.batchID { batches.append(batch) }
            lines += try wis(db).map { "wis \($0)" }
        }
        lines += try db.query("SELECT action, table_name, record_key, before, after, origin FROM audit_log "
                              + "WHERE apply_batch IS NOT NULL ORDER BY id").map { "audit \($0)" }
        XCTAssertEqual(try db.query("SELECT DISTINCT db_user FROM audit_log"), [[.text(db.user)]],
                       "\(engine): every audit row names the database user")
        for batch in batches.reversed() { _ = try applier.undo(batch: batch, origin: "engine.pop:2:1") }
        lines += try wis(db).map { "after undo \($0)" }
        return lines
    }

    func testTheDemoCityCrosschecksAndAppliesAlikeOnBothEngines() throws {
        var stories: [TestEngine: [String]] = [:]
        for engine in try EngineDatabases.engines() { stories[engine] = try story(engine) }
        guard let sqlite = stories[.sqlite], let postgres = stories[.postgresql] else { return }
        XCTAssertEqual(postgres.count, sqlite.count)
        var shown = 0
        for (s, p) in zip(sqlite, postgres) where s != p && shown < 10 {
            XCTFail("sqlite:     \(s)\npostgresql: \(p)")
            shown += 1
        }
    }
}
