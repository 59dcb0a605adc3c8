// What each of the four roles reads and writes on the server, as popsh sees it and as
// a plain SQL connection as the same login sees it: a clerk only its township's persons,
// cards and feed records; an analyst everything and no write; a department the summary
// views and no person; an admin imports and migrates. A refused write is a popsh
// sentence, and nothing of it is written.

@testable import DataModel
import EngineSupport
import Foundation
import XCTest

final class RoleTests: XCTestCase {
    private let township = ServerLogins.townshipPrefix

    func testAClerkReadsAndWritesOnlyItsTownship() throws {
        let (db, remove) = try ServerLogins.samples()
        defer { remove() }
        let clerk = try TestLogin(.clerk, area: ServerLogins.township, in: db)
        defer { clerk.remove() }
        let popsh = try clerk.database(), sql = try clerk.connection()
        let rows: [(table: String, key: String, rule: String)] = [
            ("persons", "person_id", "residence_area LIKE '\(township)%' OR hukou_area LIKE '\(township)%'"),
            ("wis_cards", "card_no", "managing_area LIKE '\(township)%'"),
            ("wis_children", "card_no, birth_order",
             "card_no IN (SELECT card_no FROM wis_cards WHERE managing_area LIKE '\(township)%')"),
            ("births", "record_no", "residence_area LIKE '\(township)%'"),
            ("marriages", "record_no",
             "wife_hukou LIKE '\(township)%' OR husband_hukou LIKE '\(township)%' OR office_area LIKE '\(township)%'"),
            ("hukou_events", "record_no", "from_area LIKE '\(township)%' OR to_area LIKE '\(township)%'"),
        ]
        for (table, key, rule) in rows {
            let all = try db.scalar("SELECT count(*) FROM \(table)").integer!
            let mine = try db.query("SELECT \(key) FROM \(table) WHERE \(rule) ORDER BY \(key)")
            XCTAssertGreaterThan(mine.count, 0, table)
            XCTAssertLessThan(mine.count, Int(all), table)
            XCTAssertEqual(try popsh.query("SELECT \(key) FROM \(table) ORDER BY \(key)"), mine, "\(table) through popsh")
            XCTAssertEqual(try sql.query("SELECT \(key) FROM \(table) ORDER BY \(key)"), mine, "\(table) through libpq")
        }
        XCTAssertTrue(ServerLogins.refusal { _ = try popsh.query("SELECT count(*) FROM quarantine") }
            .contains("\(clerk.name) may not use quarantine"))

        let own = try db.scalar("SELECT min(card_no) FROM wis_cards WHERE managing_area LIKE ?1", [.text(township + "%")]).text!
        let other = try db.scalar("SELECT min(card_no) FROM wis_cards WHERE managing_area NOT LIKE ?1", [.text(township + "%")]).text!
        let cards = try db.query("SELECT * FROM wis_cards ORDER BY card_no")
        let moved = ServerLogins.refusal {
            try popsh.transaction {
                try popsh.execute("UPDATE wis_cards SET contraception = 'none' WHERE card_no = ?1", [.text(own)])
                try popsh.execute("UPDATE wis_cards SET managing_area = ?1 WHERE card_no = ?2",
                                  [.text(ServerLogins.elsewhere), .text(own)])
            }
        }
        XCTAssertTrue(moved.contains("\(clerk.name) may not write that row of wis_cards: it lies outside the area"), moved)
        XCTAssertTrue(moved.contains("nothing was written"), moved)
        try popsh.execute("UPDATE wis_cards SET contraception = 'none' WHERE card_no = ?1", [.text(other)])
        XCTAssertEqual(popsh.changes, 0, "another township's card is not there for the clerk")
        let inserted = ServerLogins.refusal {
            try sql.execute("INSERT INTO wis_cards (card_no, woman_id, name, birth_date, managing_area, status) "
                            + "VALUES ('WIS99999999', '360502199001011234', 'x', '1990-01-01', $1, 'active')",
                            [.text(ServerLogins.elsewhere)])
        }
        XCTAssertTrue(inserted.hasPrefix("42501 new row violates row-level security policy"), inserted)
        XCTAssertTrue(ServerLogins.refusal { try popsh.execute("UPDATE persons SET name = name") }
            .contains("\(clerk.name) may not use persons"))
        XCTAssertEqual(try db.query("SELECT * FROM wis_cards ORDER BY card_no"), cards, "nothing the clerk was refused was written")

        // Findings: the clerk's own are applied, with the audit naming the clerk; another
        // township's are not there to apply.
        let highest = try db.scalar("SELECT max(card_no) FROM wis_cards").text!
        let mine = try ServerLogins.newCardFindings(db, where: "p.residence_area LIKE '\(township)%'")
        let theirs = try ServerLogins.newCardFindings(db, where: "p.residence_area NOT LIKE '\(township)%' "
                                                      + "AND p.hukou_area NOT LIKE '\(township)%'")
        XCTAssertFalse(mine.isEmpty)
        XCTAssertFalse(theirs.isEmpty)
        let today = CivilDate(year: 2026, month: 1, day: 15)!
        let applier = FindingApplier(database: popsh, today: today)
        // A finding of another township is either not there for the clerk (its woman and
        // record are out of sight) or, when its record is in sight, refused on writing.
        do {
            let nothing = try applier.apply(theirs, .newCard, origin: "clerk.pop:1:1")
            XCTAssertNil(nothing.batchID)
            XCTAssertEqual(nothing.changed, 0)
        } catch let error as DatabaseError {
            XCTAssertTrue(error.message.contains("outside the area"), error.message)
        }
        XCTAssertEqual(try db.query("SELECT * FROM wis_cards ORDER BY card_no"), cards)
        let outcome = try applier.apply(mine, .newCard, origin: "clerk.pop:2:1")
        XCTAssertGreaterThan(outcome.changed, 0)
        let made = try db.query("SELECT card_no, managing_area FROM wis_cards WHERE card_no > ?1", [.text(highest)])
        XCTAssertEqual(made.count, outcome.changed, "new cards numbered after the whole city's highest")
        XCTAssertTrue(made.allSatisfy { $0[1].text!.hasPrefix(township) })
        XCTAssertEqual(try db.query("SELECT DISTINCT db_user FROM audit_log WHERE apply_batch = ?1", [.integer(outcome.batchID!)]),
                       [[.text(clerk.name)]])
        XCTAssertEqual(try sql.scalar("SELECT count(*) FROM audit_log"), .integer(Int64(outcome.changed)),
                       "the clerk reads its own audit rows, not the imports'")
    }

    func testAnAnalystReadsEverythingAndWritesNothing() throws {
        let (db, remove) = try ServerLogins.samples()
        defer { remove() }
        let analyst = try TestLogin(.analyst, in: db)
        defer { analyst.remove() }
        let popsh = try analyst.database(), sql = try analyst.connection()
        for table in ["persons", "wis_cards", "wis_children", "births", "quarantine", "audit_log", "crosscheck_findings"] {
            let all = try db.scalar("SELECT count(*) FROM \(table)")
            XCTAssertEqual(try popsh.scalar("SELECT count(*) FROM \(table)"), all, table)
            XCTAssertEqual(try sql.scalar("SELECT count(*) FROM \(table)"), all, table)
        }
        let found = try ServerLogins.newCardFindings(db, where: "true")
        let batches = try db.scalar("SELECT count(*) FROM apply_batches")
        let refused = ServerLogins.refusal {
            _ = try FindingApplier(database: popsh, today: CivilDate(year: 2026, month: 1, day: 15)!)
                .apply(found, .newCard, origin: "analyst.pop:1:1")
        }
        XCTAssertTrue(refused.hasPrefix("\(analyst.name) may not use apply_batches"), refused)
        XCTAssertTrue(refused.hasSuffix("nothing was written"), refused)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM apply_batches"), batches)
        XCTAssertTrue(ServerLogins.refusal { try sql.execute("DELETE FROM births") }.hasPrefix("42501 permission denied"))
        let imported = Importer(database: popsh).importPaths([EngineDatabases.samples + "/feeds/birth-2025-01.csv"])
        XCTAssertTrue(imported.first?.error?.contains("\(analyst.name) may not use imports") ?? false, "\(imported)")
    }

    func testADepartmentSeesTheSummariesAndNoPerson() throws {
        let (db, remove) = try ServerLogins.samples()
        defer { remove() }
        let health = try TestLogin(.department, in: db)
        defer { health.remove() }
        let popsh = try health.database(), sql = try health.connection()
        let births = try db.scalar("SELECT count(*) FROM births WHERE residence_area IS NOT NULL").integer!
        XCTAssertGreaterThan(births, 0)
        XCTAssertEqual(try popsh.scalar("SELECT sum(births) FROM summary_births"), .integer(births))
        let summary = "SELECT * FROM summary_marriages ORDER BY township, month, kind"
        XCTAssertEqual(try sql.query(summary), try db.query(summary))
        XCTAssertGreaterThan(try popsh.query("SELECT * FROM summary_migration").count, 0)
        XCTAssertEqual(try popsh.query("SELECT * FROM summary_pregnancies ORDER BY 1, 2"),
                       try db.query("SELECT * FROM summary_pregnancies ORDER BY 1, 2"))
        for table in ["persons", "wis_cards", "births", "marriages", "audit_log", "crosscheck_findings", "wis_card_numbers"] {
            XCTAssertTrue(ServerLogins.refusal { _ = try popsh.query("SELECT count(*) FROM \(table)") }
                .contains("\(health.name) may not"), table)
            XCTAssertTrue(ServerLogins.refusal { _ = try sql.query("SELECT count(*) FROM \(table)") }
                .hasPrefix("42501 permission denied"), table)
        }
    }

    func testAnAdminMigratesAndImports() throws {
        try ServerLogins.requireServer()
        let url = try EngineDatabases.serverURL()
        let schema = "popsh_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let superuser = try PostgresConnection(url)
        try superuser.execute("CREATE SCHEMA \(schema)")
        defer { _ = try? superuser.execute("DROP SCHEMA \(schema) CASCADE") }
        let old = try Database(path: EngineDatabases.inSchema(url, schema), migratingTo: Migrations.rolesVersion)
        let admin = try TestLogin(.admin, in: old)
        defer { admin.remove() }

        let popsh = try admin.database()
        XCTAssertEqual(try Migrations.version(of: popsh), Migrations.latestVersion, "the admin migrated it")
        let summaries = Importer(database: popsh).importPaths([EngineDatabases.samples])
        XCTAssertEqual(summaries.compactMap(\.error), [])
        XCTAssertEqual(try popsh.query("SELECT DISTINCT db_user FROM audit_log"), [[.text(admin.name)]])
        XCTAssertEqual(try popsh.scalar("SELECT count(*) FROM imports"), .integer(Int64(summaries.count)))
        let persons = try popsh.scalar("SELECT count(*) FROM persons").integer!
        XCTAssertEqual(try superuser.scalar("SELECT count(*) FROM \(schema).persons"), .integer(persons))
        XCTAssertEqual(try superuser.query("SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class "
                                           + "WHERE relnamespace = $1::regnamespace AND relkind IN ('r', 'v')", [.text(schema)]),
                       [[.text("popsh_admin")]], "every table the admin made belongs to the admins' group")
    }
}
