// Linking by evidence through blocking passes decides exactly as comparing each record
// with every register person would. Records of the demo city lose their number and
// suffer each damage the passes are built for (a misspelt surname or given name, a birth
// date one digit off or with month and day swapped, a name not close at all beside a
// number one typing error away, no name and no birth date beside a number whose typing
// error fell in the birth year, so that only the number finds her; a number two typing
// errors off beside the right name and a birth date one digit off); the reference scores each of them against the whole
// register with frequencies counted here, in Swift, and the linker's decision over that
// full ranking must equal its decision over its own few candidates. Surname counts kept
// for the session follow the register. Each test runs on every engine.

import EngineSupport
import XCTest
@testable import DataModel

final class RegisterBlockingTests: XCTestCase {
    private struct Person: Equatable {
        let id, name, sex, birth, area: String
    }

    func testBlocksDecideAsTheWholeRegisterWould() throws {
        // A record's whole-register ranking depends only on it and the register: an engine
        // reading the same register as the last reuses the rankings of the records it knows.
        var reference: (register: [Person], gone: [Person], rankings: [String: [LinkCandidate]])?
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            // Records as the register writes them, so each suffers exactly the one damage given here.
            let row = db.dialect.rowOrder
            let chosen = try db.query("SELECT b.\(row), b.mother_id, b.mother_name, b.mother_birth FROM births b "
                                      + "JOIN persons p ON p.person_id = b.mother_id AND p.name = b.mother_name "
                                      + "AND p.birth_date = b.mother_birth ORDER BY b.\(row)")
            XCTAssertGreaterThan(chosen.count, 40, "\(engine)")
            for (i, record) in chosen.enumerated() {
                let id = record[1].text!, name = record[2].text!, birth = CivilDate.parse(record[3].text!)!
                var (newName, newBirth, raw): (String, CivilDate, String?) = (name, birth, nil)
                switch i % 8 {
                case 1: newName = "某" + name.dropFirst()
                case 2: newName = name.dropLast() + "某"
                case 3: newBirth = CivilDate(year: birth.year + (birth.year % 10 == 9 ? -1 : 1), month: birth.month, day: birth.day) ?? birth
                case 4: newBirth = CivilDate(year: birth.year, month: birth.day <= 12 ? birth.day : birth.month,
                                             day: birth.day <= 12 ? birth.month : birth.day)!
                case 5:
                    newName = "某某"
                    let digit = id.utf8[id.utf8.index(id.utf8.startIndex, offsetBy: 15)]
                    raw = String(id.prefix(15)) + (digit == UInt8(ascii: "0") ? "1" : "0") + String(id.suffix(2))
                case 6:
                    // 19xx becomes 14xx: the number's date is nobody's birthday.
                    newName = ""
                    raw = String(id.prefix(7)) + (id.dropFirst(7).first == "4" ? "5" : "4") + String(id.dropFirst(8))
                case 7:
                    // Two typing errors, one in the decade of the number's birth date: the
                    // number disagrees with everyone, and its date is not hers; only the
                    // name and a written birth date one digit off can find her.
                    newBirth = CivilDate(year: birth.year + (birth.year % 10 == 9 ? -1 : 1), month: birth.month, day: birth.day) ?? birth
                    let c = Array(id)
                    raw = String(c[0..<8]) + (c[8] == "0" ? "1" : "0") + String(c[9..<15]) + (c[15] == "0" ? "1" : "0")
                        + String(c[16...])
                default: break
                }
                try db.execute("UPDATE births SET mother_id = NULL, mother_id_raw = ?2, mother_name = ?3, mother_birth = ?4 "
                               + "WHERE \(row) = ?1", [record[0], raw.map { .text($0) } ?? .null,
                                                      newName.isEmpty ? .null : .text(newName),
                                                      i % 8 == 6 ? .null : .text(newBirth.description)])
            }
            // Two typing errors in the number weigh against a link: those records are left out
            // of the count of how many link.
            let twoErrors = Set(chosen.enumerated().filter { $0.offset % 8 == 7 }.map { $0.element[0] })
            let records = try CaseLoader(database: db).cases(.birth, scope: .feed(.birth))
                .map(\.record).filter { $0.id == nil && chosen.map { $0[0] }.contains(.integer($0.rowID)) }
            XCTAssertEqual(records.count, chosen.count, "\(engine)")
            let register = try db.query("SELECT person_id, name, sex, birth_date, residence_area FROM persons "
                                        + "ORDER BY person_id").map {
                Person(id: $0[0].text!, name: $0[1].text!, sex: $0[2].text!, birth: $0[3].text!, area: $0[4].text!)
            }
            // Women gone from the register are compared through their cards (the lowest card
            // number of each), as the linker does.
            let gone = try db.query("SELECT woman_id, name, birth_date, managing_area FROM wis_cards w WHERE NOT EXISTS "
                                    + "(SELECT 1 FROM persons p WHERE p.person_id = w.woman_id) "
                                    + "AND card_no = (SELECT min(card_no) FROM wis_cards v WHERE v.woman_id = w.woman_id) "
                                    + "ORDER BY woman_id").map {
                Person(id: $0[0].text!, name: $0[1].text!, sex: "F", birth: $0[2].text!, area: $0[3].text!)
            }
            if reference?.register != register || reference?.gone != gone { reference = (register, gone, [:]) }
            let everyone = records.map { record in
                let key = String(describing: record)
                if let known = reference?.rankings[key] { return known }
                let ranking = rankAgainstEveryone(record, register, gone: gone)
                reference?.rankings[key] = ranking
                return ranking
            }
            for threshold in [18.0, 12.0, 8.0, 4.0] {
                let linker = try RegisterLinker(database: db, options: CrosscheckOptions(threshold: threshold))
                let blocked = try linker.link(records)
                let whole = zip(records, everyone).map(RankedCandidates.init)
                let (ranked, perDay) = try linker.rankAll(records)
                let expectedAll = linker.decide(records, whole, namesakesPerDay: perDay)
                var fuzzy = 0, counted = 0
                for (k, (record, outcome)) in zip(records, blocked).enumerated() {
                    // Whoever reaches the threshold in the whole register is among the blocked
                    // candidates: the best register candidate weighs the same.
                    if whole[k].bestInRegister >= threshold {
                        XCTAssertEqual(ranked[k].bestInRegister, whole[k].bestInRegister, accuracy: 1e-9,
                                       "\(engine): \(record.recordNo) at \(threshold) bits")
                    }
                    let expected = expectedAll[k]
                    XCTAssertEqual(outcome.kind, expected.kind, "\(engine): \(record.recordNo) at \(threshold) bits")
                    XCTAssertEqual(outcome.personID, expected.personID, "\(engine): \(record.recordNo) at \(threshold) bits")
                    XCTAssertEqual(outcome.ambiguousCandidates, expected.ambiguousCandidates, "\(engine): \(record.recordNo)")
                    if outcome.kind == .fuzzy {
                        XCTAssertEqual(outcome.score ?? 0, expected.score ?? 1, accuracy: 1e-9, "\(engine)")
                    }
                    guard !twoErrors.contains(.integer(record.rowID)) else { continue }
                    counted += 1
                    if outcome.kind == .fuzzy { fuzzy += 1 }
                }
                print("threshold \(threshold): \(fuzzy) of \(counted) linked by evidence")
                XCTAssertGreaterThan(fuzzy, counted * 3 / 4, "\(engine): most damaged records still link at \(threshold) bits")
            }
        }
    }

    /// The blocking's frequencies are counted once per distinct name, day, window and
    /// prefix: records that share them, and records that differ from each other in one of
    /// them only, each get what a count over the whole register gives for that record.
    func testFrequenciesHoldForRecordsThatShareKeys() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let register = try db.query("SELECT name, birth_date FROM persons").map { (name: $0[0].text!, birth: $0[1].text!) }
            // The commonest three-character name, two of its bearers born years apart, and a two-character name.
            let bearers = Dictionary(grouping: register.filter { $0.name.unicodeScalars.count == 3 }, by: \.name)
            let (name, born) = try XCTUnwrap(bearers.filter { Set($0.value.map { $0.birth.prefix(4) }).count > 1 }
                .max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }, "\(engine)")
            let years = born.map(\.birth).sorted()
            let first = CivilDate.parse(years.first!)!, last = CivilDate.parse(years.last!)!
            let short = try XCTUnwrap(register.first { $0.name.unicodeScalars.count == 2 }, "\(engine)")
            let template = try XCTUnwrap(try CaseLoader(database: db).cases(.birth, scope: .feed(.birth)).first?.record)
            func keys(_ name: String?, _ birth: CivilDate?, days: [CivilDate]) -> BlockingKeys {
                var k = BlockingKeys(template)
                (k.name, k.birth, k.days, k.digits) = (name, birth, days, nil)
                return k
            }
            let records = [keys(name, first, days: [first]), keys(name, first, days: [first]),
                           keys(name, last, days: [last, first]), keys(short.name, first, days: [first]),
                           keys("某某某", last, days: [last]), keys(nil, nil, days: [])]
            let blocks = RegisterBlocks(database: db, areaColumn: "residence_area", maxDifferences: 1)
            let counts = try blocks.load(records)
            XCTAssertEqual(counts.count, records.count, "\(engine)")
            for (slot, (k, found)) in zip(records, counts).enumerated() {
                let birth = k.birth?.description
                let near = k.birth.map { (String(format: "%04d", $0.year - 1), String(format: "%04d", $0.year + 2)) }
                let prefix = k.name.flatMap { $0.unicodeScalars.count == 3 ? String($0.unicodeScalars.prefix(2)) : nil }
                XCTAssertEqual(found.namesakes, register.filter { $0.name == k.name }.count, "\(engine): slot \(slot)")
                XCTAssertEqual(found.bornThatDay, register.filter { $0.birth == birth }.count, "\(engine): slot \(slot)")
                XCTAssertEqual(found.bornNear, register.filter { p in
                    near.map { p.name == k.name && p.birth >= $0.0 && p.birth < $0.1 } ?? false
                }.count, "\(engine): slot \(slot)")
                XCTAssertEqual(found.samePrefix, register.filter { p in
                    prefix.map { p.name.unicodeScalars.count == 3 && p.name.hasPrefix($0) } ?? false
                }.count, "\(engine): slot \(slot)")
            }
            XCTAssertGreaterThan(counts[0].namesakes, 1, "\(engine): the name is shared in the register")
            XCTAssertNotEqual(first.year, last.year, "\(engine): the two windows differ")
            for row in try db.query("SELECT day, born FROM link_days") {
                XCTAssertEqual(Int(row[1].integer ?? -1), register.filter { $0.birth == row[0].text }.count, "\(engine)")
            }
            // A later batch of the same linker reuses the counts of the keys it shares with
            // this one and counts its new ones; a new linker counts the register as it is then.
            let again = try blocks.load([records[3], keys(short.name, last, days: [last]), records[0]])
            XCTAssertEqual(again.map(\.namesakes), [counts[3].namesakes, counts[3].namesakes, counts[0].namesakes], "\(engine)")
            XCTAssertEqual(again[1].bornThatDay, register.filter { $0.birth == last.description }.count, "\(engine)")
            XCTAssertEqual(again.map(\.samePrefix), [counts[3].samePrefix, counts[3].samePrefix, counts[0].samePrefix],
                           "\(engine)")
            try db.execute("DELETE FROM persons WHERE name = ?1 AND birth_date = ?2", [.text(name), .text(first.description)])
            _ = try RegisterLinker(database: db, options: CrosscheckOptions())
            let after = try blocks.load([records[0]])
            XCTAssertEqual(after[0].namesakes, counts[0].namesakes - born.filter { $0.birth == first.description }.count,
                           "\(engine): counted again after the register changed")
            XCTAssertLessThan(after[0].namesakes, counts[0].namesakes, "\(engine)")
        }
    }

    func testSurnameCountsFollowTheRegister() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let counts = SurnameCounts(database: db)
            let surname = try XCTUnwrap(try db.scalar("SELECT name FROM persons ORDER BY \(db.dialect.rowOrder) LIMIT 1")
                .text?.unicodeScalars.first, "\(engine)")
            let bearers = { Int(try db.scalar("SELECT count(*) FROM persons WHERE substr(name, 1, 1) = ?1",
                                              [.text(String(surname))]).integer ?? -1) }
            try counts.open()
            XCTAssertEqual(try counts.persons(surname), try bearers(), "\(engine)")
            try db.execute("INSERT INTO persons (person_id, name, sex, birth_date, hukou_area, residence_area) "
                           + "VALUES ('360502199001010018', ?1, 'M', '1990-01-01', '360502001001', '360502001001')",
                           [.text(String(surname) + "某")])
            try counts.open()
            XCTAssertEqual(try counts.persons(surname), try bearers(), "\(engine): a changed register is counted again")
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM link_surnames"), .integer(1), "\(engine): kept once per surname")
        }
    }

    /// Every register person and gone woman's card scored against the record, best first,
    /// with the name, birth date and surname frequencies counted over the whole register.
    private func rankAgainstEveryone(_ record: FeedRecord, _ register: [Person], gone: [Person]) -> [LinkCandidate] {
        let size = Double(register.count)
        let name = record.name?.trimmed()
        let birth = (record.birth ?? record.birthInDamagedID)?.description
        let namesakes = register.filter { $0.name == name }.count
        let born = register.filter { $0.birth == birth }.count
        let surname = name?.unicodeScalars.first
        let surnameShare = Double(max(1, register.filter { $0.name.unicodeScalars.first == surname }.count)) / size
        let length = name?.unicodeScalars.count ?? 0
        let prefix = name.map { String($0.unicodeScalars.prefix(2)) } ?? ""
        let samePrefix = register.filter { $0.name.unicodeScalars.count == 3 && $0.name.hasPrefix(prefix) }.count
        let close = max(length == 3 ? 2 * Double(max(1, samePrefix)) / size : surnameShare * (length <= 2 ? 1 : 0.1),
                        RegisterLinker.model.weights[0].u[1])
        // The name's share among persons born within a year of the record's birth year.
        let year = birth.flatMap { Int($0.prefix(4)) }
        let cohort = register.filter { p in year.map { abs((Int(p.birth.prefix(4)) ?? 0) - $0) <= 1 } ?? false }
        let inCohort = Double(max(1, cohort.filter { $0.name == name }.count)) / Double(max(1, cohort.count))
        let left: [String?] = [name, birth, record.sex ?? record.feed.impliedSex, record.linkArea, record.damagedDigits]
        let goneIDs = Set(gone.map(\.id))
        // With neither name nor written birth date, the date is the number's own: where the
        // number agrees within a typing error the date is not counted a second time.
        let dateFromNumber = name == nil && record.birth == nil
        return (register + gone).map { p in
            var left = left
            if dateFromNumber, RegisterLinker.model.comparisons[4].kind.compare(left[4], p.id) == .agree { left[1] = nil }
            let nearBirth = RegisterLinker.model.comparisons[1].kind.compare(birth, p.birth).map { $0 != .disagree } ?? false
            let evidence = RegisterLinker.model.evidence(left: left, right: [p.name, p.birth, p.sex, p.area, p.id]) { field, level, _ in
                if level == .agree {
                    return field == 0 && nearBirth && year != nil ? inCohort : Double(max(1, field == 0 ? namesakes : born)) / size
                }
                return field == 0 ? close : nil
            }
            return LinkCandidate(personID: p.id, evidence: evidence, foundIn: goneIDs.contains(p.id) ? "WIS card" : "register")
        }.sorted { $0.evidence.total > $1.evidence.total }
    }
}
