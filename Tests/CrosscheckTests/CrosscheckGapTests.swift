// The gaps a check by number alone leaves (spec section 6), each built by hand on the
// demo city: a newborn's mother found through the hospital's birth record or her damaged
// number; a woman gone from the register found on her WIS card; a mistyped number one
// character from another person's never taking that person; the latest registration
// winning; ages counted on the period's last day; a woman nobody can identify reported
// `unmatched`, never passed as consistent.

import EngineSupport
import XCTest
@testable import DataModel

final class CrosscheckGapTests: XCTestCase {
    private func rows(_ db: Database, _ run: CrosscheckRun) throws -> [[SQLValue]] {
        try db.query("SELECT record_no, person_id, child_id, match, finding, card_no, detail FROM crosscheck_findings "
                     + "WHERE run_id = ?1 ORDER BY \(db.dialect.rowOrder)", [.integer(run.id)])
    }

    /// A newborn registration with its hospital birth record (same day, same sex, the
    /// birth's residence the newborn's area) and the mother's number.
    private func newbornWithBirthRecord(_ db: Database) throws -> (record: String, child: String, mother: String, born: String) {
        let row = try XCTUnwrap(try db.query("""
            SELECT h.record_no, h.person_id, h.mother_id, h.birth_date FROM hukou_events h
            JOIN births b ON b.birth_date = h.birth_date AND b.child_sex = h.sex AND b.residence_area = h.to_area
                         AND b.mother_id = h.mother_id
            JOIN persons m ON m.person_id = h.mother_id
            WHERE h.event = 'newborn' AND h.person_id IS NOT NULL
              AND (SELECT count(DISTINCT b2.mother_id) FROM births b2 WHERE b2.birth_date = h.birth_date
                   AND b2.child_sex = h.sex) = 1
            ORDER BY h.\(db.dialect.rowOrder) LIMIT 1
            """).first, "\(db.dialect.name): the demo city has a newborn registration with its birth record")
        return (row[0].text!, row[1].text!, row[2].text!, row[3].text!)
    }

    func testNewbornsMotherIsFoundThroughTheHospitalBirthRecord() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let n = try newbornWithBirthRecord(db)
            try db.execute("UPDATE hukou_events SET mother_id = NULL, mother_id_raw = NULL WHERE record_no = ?1", [.text(n.record)])
            let run = try Crosschecker(database: db).run(.records(.hukou, [n.record]))
            let found = try rows(db, run)
            XCTAssertEqual(found.first?[1], .text(n.mother), "\(engine): person_id is the mother")
            XCTAssertEqual(found.first?[2], .text(n.child), "\(engine): the child's number stays visible")
            XCTAssertEqual(found.first?[3], .text("fuzzy"), "\(engine)")
            XCTAssertFalse(found.contains { $0[4] == .text("unmatched") }, "\(engine)")
            let lines = try XCTUnwrap(try Crosschecker(database: db).explain(feed: .hukou, recordNo: n.record), "\(engine)").lines
            XCTAssertTrue(lines.contains { $0.contains("hospital birth record") && $0.contains(n.mother) }, "\(engine): " + lines.joined(separator: "\n"))
        }
    }

    func testABirthRecordAnsweredByAnotherRegistrationNamesNoOtherMother() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let n = try newbornWithBirthRecord(db)
            // A second child of that day, sex and area, registered without the mother's number:
            // the one hospital record is already the first child's.
            try db.execute("INSERT INTO hukou_events (record_no, event, event_date, person_id, person_id_raw, name, sex, birth_date, "
                           + "from_area, to_area, mother_id, mother_id_raw, source_file, source_line, raw) "
                           + "SELECT 'H-OTHER', event, event_date, NULL, NULL, '某某', sex, birth_date, from_area, to_area, NULL, NULL, "
                           + "'hand.csv', 2, '' FROM hukou_events WHERE record_no = ?1", [.text(n.record)])
            let run = try Crosschecker(database: db).run(.records(.hukou, ["H-OTHER"]))
            let found = try rows(db, run)
            XCTAssertNotEqual(found.first?[1], .text(n.mother), "\(engine): the first child's mother is not taken for the second's")
            XCTAssertEqual(found.map { $0[4] }, [.text("unmatched")], "\(engine)")
        }
    }

    func testNewbornsMotherIsFoundByHerDamagedNumber() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let n = try newbornWithBirthRecord(db)
            try db.execute("DELETE FROM births WHERE birth_date = ?1", [.text(n.born)])
            // One digit of the birth date mistyped: the check fails, the date inside is wrong.
            var digits = Array(n.mother)
            digits[13] = digits[13] == "1" ? "2" : "1"
            try db.execute("UPDATE hukou_events SET mother_id = NULL, mother_id_raw = ?2 WHERE record_no = ?1",
                           [.text(n.record), .text(String(digits))])
            let run = try Crosschecker(database: db).run(.records(.hukou, [n.record]))
            XCTAssertEqual(try rows(db, run).first?[1], .text(n.mother), "\(engine)")
        }
    }

    /// A newborn's mother whose number was typed with one birth digit wrong, beside a
    /// neighbour holding the typed digits' valid number (born on the typed date) in
    /// another community: the date inside the number is part of the number, so only the
    /// area tells them apart, and it names the mother.
    func testTheDateInsideADamagedNumberIsNotCountedTwice() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let n = try newbornWithBirthRecord(db)
            try db.execute("DELETE FROM births WHERE birth_date = ?1", [.text(n.born)])
            var body = Array(n.mother.prefix(17))
            body[13] = body[13] == "1" ? "2" : "1"
            let typed = String(body) + String(n.mother.suffix(1))
            let neighbour = try XCTUnwrap("0123456789X".lazy.compactMap { IdentityNumber.normalize(String(body) + String($0)) }.first, "\(engine)").value
            let neighbourBirth = String(body[6..<10]) + "-" + String(body[10..<12]) + "-" + String(body[12..<14])
            let elsewhere = try XCTUnwrap(try db.scalar("SELECT p.hukou_area FROM persons p, persons m WHERE m.person_id = ?1 "
                                                        + "AND substr(p.hukou_area, 1, 6) = substr(m.hukou_area, 1, 6) "
                                                        + "AND p.hukou_area != m.hukou_area LIMIT 1", [.text(n.mother)]).text, "\(engine)")
            try db.execute("INSERT INTO persons (person_id, name, sex, birth_date, marital, hukou_area, residence_area) "
                           + "VALUES (?1, '某某某', 'F', ?2, 'single', ?3, ?3)", [.text(neighbour), .text(neighbourBirth), .text(elsewhere)])
            // The child registered where the mother's hukou is.
            try db.execute("UPDATE hukou_events SET mother_id = NULL, mother_id_raw = ?2, "
                           + "to_area = (SELECT hukou_area FROM persons WHERE person_id = ?3) WHERE record_no = ?1",
                           [.text(n.record), .text(typed), .text(n.mother)])
            let found = try rows(db, try Crosschecker(database: db).run(.records(.hukou, [n.record])))
            XCTAssertEqual(found.first?[1], .text(n.mother), "\(engine): the mother, not the neighbour nor a clerk's choice: \(found)")
        }
    }

    func testAWomanGoneFromTheRegisterIsFoundOnHerCard() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let woman = try XCTUnwrap(try db.query("SELECT p.person_id, p.name, p.birth_date, p.residence_area, c.card_no FROM persons p "
                                                   + "JOIN wis_cards c ON c.woman_id = p.person_id AND c.status = 'active' "
                                                   + "WHERE p.residence_area LIKE '3605%' ORDER BY p.\(db.dialect.rowOrder) LIMIT 1").first, "\(engine)")
            let record = try XCTUnwrap(try db.scalar("SELECT record_no FROM deaths ORDER BY \(db.dialect.rowOrder) LIMIT 1").text, "\(engine)")
            try db.execute("UPDATE deaths SET person_id = NULL, person_id_raw = NULL, name = ?2, sex = 'F', birth_date = ?3, "
                           + "residence_area = ?4 WHERE record_no = ?1", [.text(record), woman[1], woman[2], woman[3]])
            try db.execute("DELETE FROM persons WHERE person_id = ?1", [woman[0]])
            let run = try Crosschecker(database: db).run(.records(.death, [record]))
            let found = try rows(db, run)
            XCTAssertEqual(found.map { $0[4] }, [.text("card_active_after_death")], "\(engine)")
            XCTAssertEqual(found.first?[1], woman[0], "\(engine)")
            XCTAssertEqual(found.first?[5], woman[4], "\(engine)")
            let lines = try XCTUnwrap(try Crosschecker(database: db).explain(feed: .death, recordNo: record), "\(engine)").lines
            XCTAssertTrue(lines.contains { $0.contains("WIS card \(woman[4].text!)") }, "\(engine): " + lines.joined(separator: "\n"))
        }
    }

    /// Deaths of men gone from the register, their numbers blank (as the records of those
    /// who left mostly are), in a register where namesakes born the same day are common:
    /// a register man with one dead man's rare name and birth date, living in another
    /// community of the county, fits as well as a namesake would, so the record is tied to
    /// nobody. A death of a man still in the register, his number blank, is still found.
    func testANamesakeWhoStayedIsNotTakenForOneWhoLeft() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let row = db.dialect.rowOrder
            let dead = try db.query("SELECT d.record_no, p.person_id, p.name, p.birth_date, p.residence_area FROM deaths d "
                                    + "JOIN persons p ON p.person_id = d.person_id WHERE p.sex = 'M' AND p.residence_area LIKE '3605%' "
                                    + "ORDER BY d.\(row)")
            XCTAssertGreaterThanOrEqual(dead.count, 8, "\(engine): the demo city has enough deaths of men")
            try db.execute("CREATE TEMP TABLE dead_men (person_id TEXT)")
            for r in dead { try db.execute("INSERT INTO dead_men VALUES (?1)", [r[1]]) }
            // Namesakes born the same day: one register person in twenty-five takes the name
            // and birth date of the one before him (none of them the dead men).
            try db.execute("UPDATE persons SET name = (SELECT q.name FROM persons q WHERE q.\(row) = persons.\(row) - 1), "
                           + "birth_date = (SELECT q.birth_date FROM persons q WHERE q.\(row) = persons.\(row) - 1) "
                           + "WHERE \(row) % 25 = 0 AND person_id NOT IN (SELECT person_id FROM dead_men) "
                           + "AND (SELECT q.person_id FROM persons q WHERE q.\(row) = persons.\(row) - 1) NOT IN "
                           + "(SELECT person_id FROM dead_men)")
            // Every record's number blank, its other fields as the register has them; all but
            // the last man leave the register.
            for r in dead {
                try db.execute("UPDATE deaths SET person_id = NULL, person_id_raw = NULL, name = ?2, sex = 'M', birth_date = ?3, "
                               + "residence_area = ?4 WHERE record_no = ?1", [r[0], r[2], r[3], r[4]])
            }
            for r in dead.dropLast() { try db.execute("DELETE FROM persons WHERE person_id = ?1", [r[1]]) }
            let stayed = dead[dead.count - 1], gone = dead[0]
            // A day nobody in the register was born on, and a name nobody bears.
            let born = Set(try db.query("SELECT birth_date FROM persons WHERE birth_date BETWEEN '1931-01-01' AND '1935-01-01'")
                .compactMap(\.[0].text))
            let day = try XCTUnwrap(sequence(first: CivilDate(year: 1931, month: 1, day: 1)!) { $0.addingDays(1) }
                .prefix { $0.year < 1935 }.first { !born.contains($0.description) }?.description, "\(engine)")
            let namesake = try XCTUnwrap(try db.scalar("SELECT person_id FROM persons WHERE sex = 'M' AND \(row) % 25 != 0 "
                                                       + "AND substr(residence_area, 1, 6) = substr(?1, 1, 6) AND residence_area != ?1 "
                                                       + "AND person_id != ?2 ORDER BY \(row) LIMIT 1", [gone[4], stayed[1]]).text,
                                         "\(engine)")
            try db.execute("UPDATE persons SET name = '欧阳明远', birth_date = ?2 WHERE person_id = ?1", [.text(namesake), .text(day)])
            try db.execute("UPDATE deaths SET name = '欧阳明远', birth_date = ?2 WHERE record_no = ?1", [gone[0], .text(day)])
            let found = try rows(db, try Crosschecker(database: db).run(.feed(.death)))
            let goneRow = try XCTUnwrap(found.first { $0[0] == gone[0] }, "\(engine)")
            XCTAssertNotEqual(goneRow[1], .text(namesake), "\(engine): the namesake who stayed is not taken for the man who left")
            XCTAssertEqual(goneRow[3], .text("none"), "\(engine)")
            XCTAssertEqual(found.first { $0[0] == stayed[0] }?[1], stayed[1], "\(engine): a man still in the register is found")
            let lines = try XCTUnwrap(try Crosschecker(database: db).explain(feed: .death, recordNo: gone[0].text!), "\(engine)").lines
            XCTAssertTrue(lines.contains { $0.contains("outside the register") && $0.contains("not linked") }, "\(engine): " + lines.joined(separator: "\n"))
        }
    }

    /// A woman gone from the register, her number blank and one character of her name
    /// misspelt: her card fits well though not as well as a register person leaving would
    /// need to, and it is where someone gone is looked for.
    func testAWomanGoneFromTheRegisterWithAMisspeltNameIsFoundOnHerCard() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let woman = try XCTUnwrap(try db.query("SELECT p.person_id, p.name, p.birth_date, c.managing_area, c.card_no FROM persons p "
                                                   + "JOIN wis_cards c ON c.woman_id = p.person_id AND c.status = 'active' "
                                                   + "WHERE c.managing_area LIKE '3605%' AND length(p.name) = 3 "
                                                   + "ORDER BY p.\(db.dialect.rowOrder) LIMIT 1").first, "\(engine)")
            let name = woman[1].text!
            let misspelt = String(name.dropLast()) + (name.hasSuffix("某") ? "甲" : "某")
            let record = try XCTUnwrap(try db.scalar("SELECT record_no FROM deaths ORDER BY \(db.dialect.rowOrder) LIMIT 1").text, "\(engine)")
            try db.execute("UPDATE deaths SET person_id = NULL, person_id_raw = NULL, name = ?2, sex = 'F', birth_date = ?3, "
                           + "residence_area = ?4 WHERE record_no = ?1", [.text(record), .text(misspelt), woman[2], woman[3]])
            try db.execute("DELETE FROM persons WHERE person_id = ?1", [woman[0]])
            let run = try Crosschecker(database: db).run(.records(.death, [record]))
            let found = try rows(db, run)
            XCTAssertEqual(found.map { $0[4] }, [.text("card_active_after_death")], "\(engine)")
            XCTAssertEqual(found.first?[1], woman[0], "\(engine)")
        }
    }

    func testANearNumberNeverOutweighsADisagreeingNameAndBirthDate() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let birth = try XCTUnwrap(try db.query("SELECT b.record_no, b.mother_id FROM births b JOIN persons p ON p.person_id = b.mother_id "
                                                   + "ORDER BY b.\(db.dialect.rowOrder) LIMIT 1").first, "\(engine)")
            let mother = birth[1].text!
            // The neighbour: the mother's number with the last digit of the birth day changed
            // (a real date), valid, borne by someone of another name.
            var body = Array(mother.prefix(17))
            body[13] = body[13] == "1" ? "2" : "1"
            let neighbour = try XCTUnwrap("0123456789X".lazy.compactMap { IdentityNumber.normalize(String(body) + String($0)) }.first, "\(engine)").value
            let neighbourBirth = String(body[6..<10]) + "-" + String(body[10..<12]) + "-" + String(body[12..<14])
            try db.execute("INSERT INTO persons (person_id, name, sex, birth_date, marital, hukou_area, residence_area) "
                           + "SELECT ?1, '某某某', 'F', ?2, 'single', hukou_area, residence_area FROM persons WHERE person_id = ?3",
                           [.text(neighbour), .text(neighbourBirth), .text(mother)])
            // The true mother is gone from the register and WIS; her number was typed one
            // character from the neighbour's (the birth digit), its check left as it was.
            let typed = String(body) + String(mother.suffix(1))
            try db.execute("DELETE FROM persons WHERE person_id = ?1", [.text(mother)])
            try db.execute("UPDATE wis_cards SET woman_id = '000000000000000000' WHERE woman_id = ?1", [.text(mother)])
            try db.execute("UPDATE births SET mother_id = NULL, mother_id_raw = ?2 WHERE record_no = ?1", [birth[0], .text(typed)])
            let run = try Crosschecker(database: db).run(.records(.birth, [birth[0].text!]))
            let found = try rows(db, run)
            XCTAssertFalse(found.contains { $0[1] == .text(neighbour) }, "\(engine): the neighbour is never taken for her: \(found)")
            XCTAssertEqual(found.map { $0[4] }, [.text("unmatched")], "\(engine): a woman nobody can identify is reported")
        }
    }

    func testTheLatestRegistrationWins() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let marriage = try XCTUnwrap(try db.query("SELECT m.record_no, m.wife_id, c.card_no FROM marriages m "
                                                      + "JOIN wis_cards c ON c.woman_id = m.wife_id AND c.status = 'active' "
                                                      + "WHERE m.kind = 'marry' AND m.wife_id_raw = m.wife_id AND m.reg_date < '2025-10-01' "
                                                      + "ORDER BY m.\(db.dialect.rowOrder) LIMIT 1").first, "\(engine)")
            try db.execute("INSERT INTO marriages (record_no, reg_date, kind, husband_id, husband_id_raw, husband_name, husband_birth, "
                           + "husband_hukou, wife_id, wife_id_raw, wife_name, wife_birth, wife_hukou, office_area, source_file, "
                           + "source_line, raw) SELECT 'M-LATER', '2025-12-20', 'divorce', husband_id, husband_id_raw, husband_name, "
                           + "husband_birth, husband_hukou, wife_id, wife_id_raw, wife_name, wife_birth, wife_hukou, office_area, "
                           + "'hand.csv', 2, '' FROM marriages WHERE record_no = ?1", [marriage[0]])
            try db.execute("UPDATE wis_cards SET marital = 'divorced' WHERE card_no = ?1", [marriage[2]])
            let run = try Crosschecker(database: db).run(.records(.marriage, [marriage[0].text!]))
            XCTAssertEqual(try rows(db, run).map { $0[4] }, [.text("")], "\(engine): a card that reflects the later divorce is consistent")

            try db.execute("UPDATE wis_cards SET marital = 'married' WHERE card_no = ?1", [marriage[2]])
            let stale = try rows(db, try Crosschecker(database: db).run(.records(.marriage, [marriage[0].text!])))
            XCTAssertEqual(stale.map { $0[4] }, [.text("status_stale")], "\(engine)")
            XCTAssertTrue(stale[0][6].text!.contains("M-LATER"), "\(engine): " + stale[0][6].text!)
        }
    }

    func testAgesAreCountedOnThePeriodsLastDay() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let record = try XCTUnwrap(try db.query("SELECT f.record_no, f.wife_id, f.reg_date FROM crosscheck_findings x "
                                                    + "JOIN marriages f ON f.record_no = x.record_no "
                                                    + "WHERE x.run_id = ?1 AND x.finding = 'no_card' AND f.reg_date < '2025-11-01' "
                                                    + "AND x.person_id IS NOT NULL LIMIT 1",
                                                    [.integer(try Crosschecker(database: db).run(.feed(.marriage)).id)]).first, "\(engine)")
            let date = CivilDate.parse(record[2].text!)!
            let monthEnd = CivilDate(year: date.year, month: date.month, day: 1)!.addingMonths(1)!.addingDays(-1)!
            // Her fiftieth birthday falls the day after the month of her marriage ends.
            let turns50 = monthEnd.addingDays(1)!
            let birth = CivilDate(year: turns50.year - 50, month: turns50.month, day: turns50.day)!
            try db.execute("UPDATE persons SET birth_date = ?2 WHERE person_id = ?1", [record[1], .text(birth.description)])
            let month = try Crosschecker(database: db).run(.month(year: date.year, month: date.month))
            XCTAssertTrue(try rows(db, month).contains { $0[0] == record[0] && $0[4] == .text("no_card") },
                          "\(engine): 49 on the last day of her marriage's month: a card is due")
            let year = try Crosschecker(database: db).run(.records(.marriage, [record[0].text!]))
            XCTAssertEqual(try rows(db, year).map { $0[4] }, [.text("")], "\(engine): 50 by the period's end: no card is due")
        }
    }
}
