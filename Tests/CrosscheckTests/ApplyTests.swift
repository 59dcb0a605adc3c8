// Acting on findings: a dry run writes nothing; each action resolves its findings (a new
// cross-check no longer reports them), writes one audit entry per change, changes
// nothing when applied again, and is reversed exactly by undo; a failure midway leaves
// WIS as it was.

import XCTest
@testable import DataModel

final class ApplyTests: XCTestCase {
    private let today = CivilDate(year: 2026, month: 1, day: 15)!

    func testDryRunWritesNothing() throws {
        let db = try CrosscheckFixtures.copy(CrosscheckFixtures.demoCity, for: self)
        let run = try Crosschecker(database: db).run(.all)
        let before = try CrosscheckFixtures.wis(db)
        let found = try CrosscheckFixtures.findings(db, run: run.id, code: "no_card")
        XCTAssertFalse(found.isEmpty)
        let planned = try FindingApplier(database: db, today: today).plan(found, .newCard)
        XCTAssertEqual(planned.filter { $0.skipped == nil }.count, found.count)
        XCTAssertEqual(try CrosscheckFixtures.wis(db), before)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM apply_batches"), .integer(0))
    }

    func testEveryActionResolvesItsFindingsAuditedAndUndoable() throws {
        let db = try CrosscheckFixtures.copy(CrosscheckFixtures.demoCity, for: self)
        let applier = FindingApplier(database: db, today: today)
        for action in FindingAction.allCases {
            let run = try Crosschecker(database: db).run(.all)
            let found = try CrosscheckFixtures.findings(db, run: run.id, code: action.resolves)
            XCTAssertFalse(found.isEmpty, "the demo city has \(action.resolves) findings")
            let before = try CrosscheckFixtures.wis(db)
            let outcome = try applier.apply(found, action, origin: "test.pop:3:1")
            let batch = try XCTUnwrap(outcome.batchID)
            // Two findings about one thing (a birth and its newborn registration) change it once.
            let repeats = outcome.changes.filter { $0.skipped?.hasPrefix("already changed by this batch") == true }
            XCTAssertEqual(outcome.changed + repeats.count, found.count, "\(action.rawValue) changes every finding once")
            XCTAssertGreaterThan(outcome.changed, 0)
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE apply_batch = ?1", [.integer(batch)]),
                           .integer(Int64(outcome.changed)))
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE apply_batch = ?1 AND origin LIKE 'test.pop:3:1 (%'",
                                         [.integer(batch)]), .integer(Int64(outcome.changed)))

            let after = try Crosschecker(database: db).run(.all)
            let resolved = Set(found.map { "\($0.feed.rawValue)|\($0.recordNo)" })
            let still = try CrosscheckFixtures.findings(db, run: after.id, code: action.resolves)
                .filter { resolved.contains("\($0.feed.rawValue)|\($0.recordNo)") }
            XCTAssertEqual(still.map(\.recordNo), [], "\(action.rawValue) leaves no \(action.resolves) behind")

            let again = try applier.apply(found, action, origin: "test.pop:4:1")
            XCTAssertNil(again.batchID, "applying the same findings twice changes nothing")
            XCTAssertEqual(again.changed, 0)

            let changed = try CrosscheckFixtures.wis(db)
            XCTAssertNotEqual(changed, before)
            _ = try applier.undo(batch: batch, origin: "test.pop:5:1")
            XCTAssertEqual(try CrosscheckFixtures.wis(db), before, "undo of \(action.rawValue) restores WIS")
            XCTAssertThrowsError(try applier.undo(batch: batch, origin: "test.pop:6:1")) {
                XCTAssertTrue("\($0)".contains("already undone"), "\($0)")
            }
        }
    }

    func testFailureMidwayLeavesWISAsItWas() throws {
        let db = try CrosscheckFixtures.copy(CrosscheckFixtures.demoCity, for: self)
        let run = try Crosschecker(database: db).run(.all)
        let found = try CrosscheckFixtures.findings(db, run: run.id, code: "card_not_transferred")
        XCTAssertGreaterThanOrEqual(found.count, 2)
        let last = try XCTUnwrap(found.last?.cardNo)
        // The database refuses the last change, after the others were made in the transaction.
        try db.execute("CREATE TEMP TRIGGER refuse BEFORE UPDATE ON wis_cards WHEN NEW.card_no = '\(last)' "
                       + "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        let before = try CrosscheckFixtures.wis(db)
        XCTAssertThrowsError(try FindingApplier(database: db, today: today).apply(found, .transferCard, origin: "t:1:1"))
        XCTAssertEqual(try CrosscheckFixtures.wis(db), before)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM apply_batches"), .integer(0))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE apply_batch IS NOT NULL"), .integer(0))
    }

    func testUndoRefusesARowChangedSince() throws {
        let db = try CrosscheckFixtures.copy(CrosscheckFixtures.demoCity, for: self)
        let run = try Crosschecker(database: db).run(.all)
        let found = try CrosscheckFixtures.findings(db, run: run.id, code: "card_active_after_death")
        let applier = FindingApplier(database: db, today: today)
        let batch = try XCTUnwrap(try applier.apply(found, .closeCard, origin: "t:1:1").batchID)
        try db.execute("UPDATE wis_cards SET status = 'aged_out' WHERE card_no = ?1", [.text(found[0].cardNo!)])
        let changed = try CrosscheckFixtures.wis(db)
        XCTAssertThrowsError(try applier.undo(batch: batch, origin: "t:2:1")) {
            XCTAssertTrue("\($0)".contains("has changed since"), "\($0)")
        }
        XCTAssertEqual(try CrosscheckFixtures.wis(db), changed, "a refused undo undoes nothing")
    }

    func testUndoRefusesANewCardThatGainedAChild() throws {
        let db = try CrosscheckFixtures.copy(CrosscheckFixtures.demoCity, for: self)
        let run = try Crosschecker(database: db).run(.all)
        let found = try CrosscheckFixtures.findings(db, run: run.id, code: "no_card")
        let applier = FindingApplier(database: db, today: today)
        let outcome = try applier.apply(found, .newCard, origin: "t:1:1")
        let card = try XCTUnwrap(outcome.changes.first { $0.skipped == nil }?.key)
        try db.execute("INSERT INTO wis_children (card_no, birth_date, birth_order) VALUES (?1, '2026-01-02', 1)", [.text(card)])
        let changed = try CrosscheckFixtures.wis(db)
        XCTAssertThrowsError(try applier.undo(batch: outcome.batchID!, origin: "t:2:1")) {
            XCTAssertTrue("\($0)".contains("rows depending on it"), "\($0)")
        }
        XCTAssertEqual(try CrosscheckFixtures.wis(db), changed)
    }

    func testActionsLeaveOtherFindingsAlone() throws {
        let db = try CrosscheckFixtures.copy(CrosscheckFixtures.demoCity, for: self)
        let run = try Crosschecker(database: db).run(.all)
        let mixed = try CrosscheckFixtures.findings(db, run: run.id, code: "not_local")
            + CrosscheckFixtures.findings(db, run: run.id, code: "no_card")
        let planned = try FindingApplier(database: db, today: today).plan(mixed, .newCard)
        XCTAssertTrue(planned.filter { $0.recordNo == mixed[0].recordNo }.allSatisfy { $0.skipped != nil })
        XCTAssertEqual(planned.filter { $0.skipped == nil }.count,
                       try CrosscheckFixtures.findings(db, run: run.id, code: "no_card").count)
    }
}
