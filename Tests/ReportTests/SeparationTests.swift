// SeparationTests: section 7's classes and household flags on the imported samples,
// against the rules applied here person by person with AreaCode and CivilDate, on every
// engine.

import DataModel
import EngineSupport
import XCTest

final class SeparationTests: XCTestCase {
    static let shared = PerEngine { try SampleDatabase.make(on: $0) }

    /// The section-7 class of one person, written from the spec's words.
    static func expectedClass(hukou: AreaCode, residence: AreaCode, since: CivilDate?, rule: SeparationRule)
        -> (String?, Bool) {
        // Neither in the city: outside at every level, never local.
        guard residence.isInCity || hukou.isInCity else { return ("outside", false) }
        let same = hukou.ancestor(at: rule.level) == residence.ancestor(at: rule.level)
            || (hukou.level < rule.level && hukou == residence)
        if same { return ("local", false) }
        let cutoff = rule.day.addingMonths(-6)!
        let withinCity = residence.isInCity && hukou.isInCity
        if let since, since > cutoff { return ("recent", withinCity) }
        return (residence.isInCity ? "inflow" : "outflow", withinCity)
    }

    func testEveryPersonIsClassedAsTheRulesSay() throws {
        for engine in try EngineDatabases.engines() {
            let db = try Self.shared.get(engine)
            let persons = try rows(db, "SELECT person_id, hukou_area, residence_area, residence_since FROM persons")
            for level in [AreaLevel.community, .township, .county, .city] {
                let rule = try SeparationRule(level: level, on: CivilDate(year: 2025, month: 12, day: 31)!)
                let byPerson = try Self.classes(db, rule)
                XCTAssertEqual(byPerson.count, persons.count, "\(engine)")
                var seen: Set<String> = []
                for p in persons {
                    let want = Self.expectedClass(hukou: AreaCode(p[1]!)!, residence: AreaCode(p[2]!)!,
                                             since: p[3].flatMap(CivilDate.parse), rule: rule)
                    let got = try XCTUnwrap(byPerson[p[0]!], "\(engine): \(p)")
                    XCTAssertEqual(got.0, want.0, "\(engine): \(p) at \(level)")
                    XCTAssertNotNil(got.0, "\(engine): every register person has a class")
                    XCTAssertEqual(got.1, want.1, "\(engine): within_city of \(p) at \(level)")
                    if let c = got.0 { seen.insert(c) }
                }
                XCTAssertTrue(seen.isSubset(of: Set(SeparationClass.allCases.map(\.rawValue))), "\(engine): \(seen)")
                if level == .township { XCTAssertTrue(seen.isSuperset(of: ["local", "inflow", "outflow", "recent"]), "\(engine): \(seen)") }
            }
        }
    }

    /// Every register person's class, as `separation(people, ...)` computes it.
    static func classes(_ db: Database, _ rule: SeparationRule) throws -> [String: (String?, Bool)] {
        let people = TableCatalog.plan(named: "people", on: rule.day)!
        let plan = try Separation.adding(to: people, rule).adding(.select(
            ["person_id", "separation", "within_city"].map { ($0, PlanExpr.column($0)) }))
        var compiler = SQLCompiler(dialect: db.dialect)
        let query = compiler.compile(plan)
        return Dictionary(uniqueKeysWithValues: try db.query(query.sql, query.parameters).map {
            ($0[0].text!, ($0[1].text, $0[2].integer == 1))
        })
    }

    func testSixMonthsBeforeTheEndOfDecemberIsTheEndOfJune() throws {
        let rule = try SeparationRule(on: CivilDate(year: 2025, month: 12, day: 31)!)
        XCTAssertEqual(rule.recentAfter.description, "2025-06-30")
        let august = try SeparationRule(on: CivilDate(year: 2025, month: 8, day: 31)!)
        XCTAssertEqual(august.recentAfter.description, "2025-02-28")
    }

    func testHalfHouseholdsAreCouplesWithHukouInTwoAreas() throws {
        for engine in try EngineDatabases.engines() {
            let db = try Self.shared.get(engine)
            let rule = try SeparationRule(level: .township, on: CivilDate(year: 2025, month: 12, day: 31)!)
            let plan = try Households.half(rule, in: db)
            let listed = Set(try rows(db, "SELECT husband_id, wife_id FROM \"\(plan.source.table)\"").map { "\($0[0]!) \($0[1]!)" })
            let persons = try rows(db, "SELECT person_id, sex, marital, spouse_id, hukou_area FROM persons")
            let byID = Dictionary(uniqueKeysWithValues: persons.map { ($0[0]!, $0) })
            var expected: Set<String> = []
            for h in persons where h[1] == "M" && h[2] == "married" {
                guard let wifeID = h[3], let w = byID[wifeID], w[1] == "F", w[2] == "married" else { continue }
                if AreaCode(h[4]!)!.ancestor(at: .township) != AreaCode(w[4]!)!.ancestor(at: .township) {
                    expected.insert("\(h[0]!) \(wifeID)")
                }
            }
            XCTAssertFalse(expected.isEmpty, "\(engine): the samples hold half households")
            XCTAssertEqual(listed, expected, "\(engine)")
        }
    }

    func testPocketHouseholdsHaveACollectiveHukouElsewhere() throws {
        for engine in try EngineDatabases.engines() {
            let db = try Self.shared.get(engine)
            let rule = try SeparationRule(level: .township, on: CivilDate(year: 2025, month: 12, day: 31)!)
            let plan = try Households.pocket(rule, in: db)
            let listed = Set(try rows(db, "SELECT person_id FROM \"\(plan.source.table)\"").map { $0[0]! })
            let persons = try rows(db, "SELECT person_id, hukou_kind, hukou_area, residence_area FROM persons")
            let expected = Set(persons.filter {
                $0[1] == "collective" && AreaCode($0[2]!)!.ancestor(at: .township) != AreaCode($0[3]!)!.ancestor(at: .township)
            }.map { $0[0]! })
            XCTAssertFalse(expected.isEmpty, "\(engine): the samples hold pocket households")
            XCTAssertEqual(listed, expected, "\(engine)")
        }
    }
}
