// The latest registration wins for a couple too: a divorce that lost the wife's number
// still names her husband by his, and her name and birth date; when nobody can be tied
// to the divorce alone (a namesake born the same day makes it ambiguous), it supersedes
// the marriage of that husband and that wife all the same. Another husband's divorce of
// a woman of the same name and birthday does not. Each test runs on every engine.

import EngineSupport
import XCTest
@testable import DataModel

final class CoupleRegistrationTests: XCTestCase {
    private func findings(_ db: Database, _ run: CrosscheckRun, _ recordNo: String) throws -> [SQLValue] {
        try db.query("SELECT finding FROM crosscheck_findings WHERE run_id = ?1 AND record_no = ?2 ORDER BY \(db.dialect.rowOrder)",
                     [.integer(run.id), .text(recordNo)]).map { $0[0] }
    }

    /// A marriage with its wife's active card, a divorce of the couple without her number
    /// from `husbandOf` (the same marriage's husband, or another's), and a namesake born
    /// the same day in another community.
    private func marriageAndDivorce(husbandOf other: Bool, on engine: TestEngine) throws -> (Database, String) {
        let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
        let marriages = try db.query("SELECT m.record_no, c.card_no FROM marriages m "
                                     + "JOIN wis_cards c ON c.woman_id = m.wife_id AND c.status = 'active' "
                                     + "WHERE m.kind = 'marry' AND m.wife_id_raw = m.wife_id AND m.reg_date < '2025-10-01' "
                                     + "AND m.husband_id IS NOT NULL ORDER BY m.\(db.dialect.rowOrder) LIMIT 2")
        XCTAssertEqual(marriages.count, 2, "\(engine): the demo city has two such marriages")
        let marriage = marriages[0][0], husbandFrom = other ? marriages[1][0] : marriages[0][0]
        try db.execute("INSERT INTO marriages (record_no, reg_date, kind, husband_id, husband_id_raw, husband_name, husband_birth, "
                       + "husband_hukou, wife_id, wife_id_raw, wife_name, wife_birth, wife_hukou, office_area, source_file, "
                       + "source_line, raw) SELECT 'M-DIVORCE', '2025-12-20', 'divorce', h.husband_id, h.husband_id_raw, "
                       + "h.husband_name, h.husband_birth, h.husband_hukou, NULL, NULL, w.wife_name, w.wife_birth, w.wife_hukou, "
                       + "w.office_area, 'hand.csv', 2, '' FROM marriages w, marriages h WHERE w.record_no = ?1 AND h.record_no = ?2",
                       [marriage, husbandFrom])
        try db.execute("INSERT INTO persons (person_id, name, sex, birth_date, marital, hukou_area, hukou_kind, residence_area) "
                       + "SELECT '36052119' || substr(p.person_id, 9, 6) || '9998', p.name, p.sex, p.birth_date, 'single', "
                       + "'360521202201', 'family', '330106006004' FROM persons p JOIN marriages m ON m.wife_id = p.person_id "
                       + "WHERE m.record_no = ?1", [marriage])
        try db.execute("UPDATE wis_cards SET marital = 'divorced' WHERE card_no = ?1", [marriages[0][1]])
        return (db, marriage.text!)
    }

    func testACouplesDivorceWithoutTheWifesNumberSupersedesTheirMarriage() throws {
        for engine in try EngineDatabases.engines() {
            let (db, marriage) = try marriageAndDivorce(husbandOf: false, on: engine)
            let run = try Crosschecker(database: db).run(.feed(.marriage))
            XCTAssertEqual(try findings(db, run, "M-DIVORCE"), [.text("ambiguous")], "\(engine): two namesakes born that day fit the divorce")
            XCTAssertEqual(try findings(db, run, marriage), [.text("")], "\(engine): a card that reflects the couple's divorce is consistent")
        }
    }

    func testAnotherHusbandsDivorceDoesNotSupersedeTheMarriage() throws {
        for engine in try EngineDatabases.engines() {
            let (db, marriage) = try marriageAndDivorce(husbandOf: true, on: engine)
            let run = try Crosschecker(database: db).run(.feed(.marriage))
            XCTAssertEqual(try findings(db, run, marriage), [.text("status_stale")],
                           "\(engine): the card says divorced, and no divorce of this couple is registered")
        }
    }
}
