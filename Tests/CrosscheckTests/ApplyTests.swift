// Acting on findings: a dry run writes nothing; each action resolves its findings (a new
// cross-check no longer reports them), writes one audit entry per change, changes
// nothing when applied again, and is reversed exactly by undo; a failure midway leaves
// WIS as it was. Each test runs on every engine.

import EngineSupport
import XCTest
@testable import DataModel

final class ApplyTests: XCTestCase {
    private let today = CivilDate(year: 2026, month: 1, day: 15)!

    func testDryRunWritesNothing() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let run = try Crosschecker(database: db).run(.all)
            let before = try CrosscheckFixtures.wis(db)
            let found = try CrosscheckFixtures.findings(db, run: run.id, code: "no_card")
            XCTAssertFalse(found.isEmpty, "\(engine)")
            let planned = try FindingApplier(database: db, today: today).plan(found, .newCard)
            XCTAssertEqual(planned.filter { $0.skipped == nil }.count, found.count, "\(engine)")
            XCTAssertEqual(try CrosscheckFixtures.wis(db), before, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM apply_batches"), .integer(0), "\(engine)")
        }
    }

    func testEveryActionResolvesItsFindingsAuditedAndUndoable() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let applier = FindingApplier(database: db, today: today)
            for action in FindingAction.allCases {
                try checkAction(action, engine: engine, db: db, applier: applier)
            }
        }
    }

    private func checkAction(_ action: FindingAction, engine: TestEngine, db: Database, applier: FindingApplier) throws {
        let on = "\(action.rawValue) on \(engine)"
        let run = try Crosschecker(database: db).run(.all)
        let found = try CrosscheckFixtures.findings(db, run: run.id, code: action.resolves)
        XCTAssertFalse(found.isEmpty, "the demo city has \(action.resolves) findings on \(engine)")
        let before = try CrosscheckFixtures.wis(db)
        let outcome = try applier.apply(found, action, origin: "test.pop:3:1")
        let batch = try XCTUnwrap(outcome.batchID, on)
        // Two findings about one thing (a birth and its newborn registration) change it once.
        let repeats = outcome.changes.filter { $0.skipped?.hasPrefix("already changed by this batch") == true }
        XCTAssertEqual(outcome.changed + repeats.count, found.count, "\(on) changes every finding once")
        XCTAssertGreaterThan(outcome.changed, 0, on)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE apply_batch = ?1", [.integer(batch)]),
                       .integer(Int64(outcome.changed)), on)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE apply_batch = ?1 AND origin LIKE 'test.pop:3:1 (%'",
                                     [.integer(batch)]), .integer(Int64(outcome.changed)), on)

        let after = try Crosschecker(database: db).run(.all)
        let resolved = Set(found.map { "\($0.feed.rawValue)|\($0.recordNo)" })
        let still = try CrosscheckFixtures.findings(db, run: after.id, code: action.resolves)
            .filter { resolved.contains("\($0.feed.rawValue)|\($0.recordNo)") }
        XCTAssertEqual(still.map(\.recordNo), [], "\(on) leaves no \(action.resolves) behind")

        let again = try applier.apply(found, action, origin: "test.pop:4:1")
        XCTAssertNil(again.batchID, "\(on): applying the same findings twice changes nothing")
        XCTAssertEqual(again.changed, 0, on)

        let changed = try CrosscheckFixtures.wis(db)
        XCTAssertNotEqual(changed, before, on)
        _ = try applier.undo(batch: batch, origin: "test.pop:5:1")
        XCTAssertEqual(try CrosscheckFixtures.wis(db), before, "undo of \(on) restores WIS")
        XCTAssertThrowsError(try applier.undo(batch: batch, origin: "test.pop:6:1")) {
            XCTAssertTrue("\($0)".contains("already undone"), "\(on): \($0)")
        }
    }

    /// Makes the database refuse any update of card `card` (the engine's own trigger form).
    private func refuseUpdates(of card: String, on engine: TestEngine, _ db: Database) throws {
        switch engine {
        case .sqlite:
            try db.execute("CREATE TEMP TRIGGER refuse BEFORE UPDATE ON wis_cards WHEN NEW.card_no = '\(card)' "
                           + "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        case .postgresql:
            try db.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                           + "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$")
            try db.execute("CREATE TRIGGER refuse BEFORE UPDATE ON wis_cards FOR EACH ROW "
                           + "WHEN (NEW.card_no = '\(card)') EXECUTE FUNCTION refuse()")
        }
    }

    func testFailureMidwayLeavesWISAsItWas() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let run = try Crosschecker(database: db).run(.all)
            let found = try CrosscheckFixtures.findings(db, run: run.id, code: "card_not_transferred")
            XCTAssertGreaterThanOrEqual(found.count, 2, "\(engine)")
            let last = try XCTUnwrap(found.last?.cardNo, "\(engine)")
            // The database refuses the last change, after the others were made in the transaction.
            try refuseUpdates(of: last, on: engine, db)
            let before = try CrosscheckFixtures.wis(db)
            XCTAssertThrowsError(try FindingApplier(database: db, today: today).apply(found, .transferCard, origin: "t:1:1"),
                                 "\(engine)")
            XCTAssertEqual(try CrosscheckFixtures.wis(db), before, "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM apply_batches"), .integer(0), "\(engine)")
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE apply_batch IS NOT NULL"), .integer(0), "\(engine)")
        }
    }

    func testUndoRefusesARowChangedSince() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let run = try Crosschecker(database: db).run(.all)
            let found = try CrosscheckFixtures.findings(db, run: run.id, code: "card_active_after_death")
            let applier = FindingApplier(database: db, today: today)
            let batch = try XCTUnwrap(try applier.apply(found, .closeCard, origin: "t:1:1").batchID, "\(engine)")
            try db.execute("UPDATE wis_cards SET status = 'aged_out' WHERE card_no = ?1", [.text(found[0].cardNo!)])
            let changed = try CrosscheckFixtures.wis(db)
            XCTAssertThrowsError(try applier.undo(batch: batch, origin: "t:2:1")) {
                XCTAssertTrue("\($0)".contains("has changed since"), "\(engine): \($0)")
            }
            XCTAssertEqual(try CrosscheckFixtures.wis(db), changed, "\(engine): a refused undo undoes nothing")
        }
    }

    func testUndoRefusesANewCardThatGainedAChild() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let run = try Crosschecker(database: db).run(.all)
            let found = try CrosscheckFixtures.findings(db, run: run.id, code: "no_card")
            let applier = FindingApplier(database: db, today: today)
            let outcome = try applier.apply(found, .newCard, origin: "t:1:1")
            let card = try XCTUnwrap(outcome.changes.first { $0.skipped == nil }?.key, "\(engine)")
            try db.execute("INSERT INTO wis_children (card_no, birth_date, birth_order) VALUES (?1, '2026-01-02', 1)", [.text(card)])
            let changed = try CrosscheckFixtures.wis(db)
            XCTAssertThrowsError(try applier.undo(batch: outcome.batchID!, origin: "t:2:1")) {
                XCTAssertTrue("\($0)".contains("rows depending on it"), "\(engine): \($0)")
            }
            XCTAssertEqual(try CrosscheckFixtures.wis(db), changed, "\(engine)")
        }
    }

    func testActionsLeaveOtherFindingsAlone() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let run = try Crosschecker(database: db).run(.all)
            let mixed = try CrosscheckFixtures.findings(db, run: run.id, code: "not_local")
                + CrosscheckFixtures.findings(db, run: run.id, code: "no_card")
            let planned = try FindingApplier(database: db, today: today).plan(mixed, .newCard)
            XCTAssertTrue(planned.filter { $0.recordNo == mixed[0].recordNo }.allSatisfy { $0.skipped != nil }, "\(engine)")
            XCTAssertEqual(planned.filter { $0.skipped == nil }.count,
                           try CrosscheckFixtures.findings(db, run: run.id, code: "no_card").count, "\(engine)")
        }
    }
}
