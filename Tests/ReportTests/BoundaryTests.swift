// BoundaryTests: the days where a rule turns (the 15th and 50th birthdays, a 29 February
// birthday in a common year, the six-months day), on persons added to the samples for
// the test and removed after it, so an off-by-one day in the SQL cannot pass unseen.
// Each test runs on every engine.

import DataModel
import EngineSupport
import XCTest

final class BoundaryTests: XCTestCase {
    static let community = "360502001098"

    /// (person_id, birth_date, residence_since, hukou_area): married women living in `community`.
    static let persons: [(String, String, String, String)] = [
        ("T00000000000000001", "2010-12-31", "2020-01-01", community),        // 15 on 2025-12-31
        ("T00000000000000002", "2011-01-01", "2020-01-01", community),        // 14
        ("T00000000000000003", "1976-01-01", "2025-06-30", "360521100001"),   // 49, moved in on the six-months day
        ("T00000000000000004", "1975-12-31", "2025-07-01", "360521100001"),   // 50, moved in the day after
        ("T00000000000000005", "2008-02-29", "2020-01-01", community),        // 14 on 2023-02-28, 15 on 2023-03-01
        ("T00000000000000006", "2008-02-28", "2020-01-01", community),        // 15 on 2023-02-28
    ]

    /// Runs `body` on each engine's samples with the persons added, and removes them after.
    func onEveryEngine(_ body: (TestEngine, Database) throws -> Void) throws {
        for engine in try EngineDatabases.engines() {
            let db = try SeparationTests.shared.get(engine)
            for p in Self.persons {
                try db.execute("""
                    INSERT INTO persons (person_id, name, sex, birth_date, marital, hukou_area, hukou_kind,
                                         residence_area, residence_since) VALUES (?1, ?2, 'F', ?3, 'married', ?4, 'family', ?5, ?6)
                    """, [.text(p.0), .text("测试"), .text(p.1), .text(p.3), .text(Self.community), .text(p.2)])
            }
            defer { _ = try? db.execute("DELETE FROM persons WHERE person_id LIKE 'T%'") }
            try body(engine, db)
        }
    }

    func mwcba(_ db: Database, until end: CivilDate) throws -> Int {
        let period = StatisticsPeriod(start: end.addingMonths(-12)!.addingDays(1)!, end: end)!
        let table = try ControlStatistics.table(db, period: period, by: .community, in: AreaCode("360502001")!)
        return try XCTUnwrap(table.first { $0.area.full == Self.community }, db.dialect.name).counts[.mwcba]
    }

    func testBirthdaysAtFifteenAndFifty() throws {
        // Person 1 turns 15 and person 4 turns 50 on the day; 2 is 14; 5 and 6 are 17.
        try onEveryEngine { engine, db in
            XCTAssertEqual(try mwcba(db, until: CivilDate(year: 2025, month: 12, day: 31)!), 4, "\(engine)")
        }
    }

    func testTwentyNinthOfFebruaryInACommonYear() throws {
        // Persons 3 and 4 are 47 then; on 2023-02-28 person 5 (born 2008-02-29) is still 14
        // while 6 is 15; on 2023-03-01 both are 15. Persons 1 and 2 are children.
        try onEveryEngine { engine, db in
            XCTAssertEqual(try mwcba(db, until: CivilDate(year: 2023, month: 2, day: 28)!), 3, "\(engine)")
            XCTAssertEqual(try mwcba(db, until: CivilDate(year: 2023, month: 3, day: 1)!), 4, "\(engine)")
        }
    }

    func testTheSixMonthsDayIsNotRecent() throws {
        try onEveryEngine { engine, db in
            let rule = try SeparationRule(level: .township, on: CivilDate(year: 2025, month: 12, day: 31)!)
            let classes = try SeparationTests.classes(db, rule)
            XCTAssertEqual(classes["T00000000000000001"]?.0, "local", "\(engine)")
            XCTAssertEqual(classes["T00000000000000003"]?.0, "inflow", "\(engine)")
            XCTAssertEqual(classes["T00000000000000004"]?.0, "recent", "\(engine)")
        }
    }
}
