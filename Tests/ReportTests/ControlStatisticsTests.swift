// ControlStatisticsTests: section 8's counts and rates on the imported samples, checked
// against a computation written here from the spec's words: whole tables read into
// memory, ages by CivilDate.age(on:), containment by AreaCode, no SQL aggregates.
// Each test runs on every engine.

import DataModel
import EngineSupport
import XCTest

final class ControlStatisticsTests: XCTestCase {
    /// The spec's counts for one area, from the raw rows.
    struct Expected {
        let persons, cards, children, deaths, marriages: [[String?]]
        /// Each marriage record's wife as the cross-check tied her (record_no -> person_id,
        /// nil when nobody or several people fit): the spec places a marriage by her.
        let wives: [String: String?]
        // Lookups made once, so a table of hundreds of areas is checked in seconds.
        let activeCards: [String: [[String?]]]
        let residence: [String: String?]
        let managing: [String: String?]
        let codes: [String: AreaCode]

        init(_ db: Database) throws {
            persons = try rows(db, "SELECT person_id, sex, birth_date, marital, residence_area FROM persons")
            cards = try rows(db, "SELECT card_no, woman_id, status, contraception, marriage_date, managing_area FROM wis_cards")
            children = try rows(db, "SELECT card_no, birth_date, sex, birth_order, policy, pregnancy_recorded FROM wis_children")
            deaths = try rows(db, "SELECT death_date, residence_area FROM deaths")
            marriages = try rows(db, "SELECT reg_date, kind, record_no FROM marriages")
            let run = try Crosschecker(database: db).run(.feed(.marriage))
            wives = Dictionary(try rows(db, "SELECT record_no, max(person_id) FROM crosscheck_findings WHERE run_id = \(run.id) "
                                            + "AND finding <> 'ambiguous' GROUP BY record_no").map { ($0[0]!, $0[1]) },
                               uniquingKeysWith: { a, _ in a })
            activeCards = Dictionary(grouping: cards.filter { $0[2] == "active" }, by: { $0[1] ?? "" })
            residence = Dictionary(persons.map { ($0[0]!, $0[4]) }, uniquingKeysWith: { a, _ in a })
            managing = Dictionary(cards.map { ($0[0]!, $0[5]) }, uniquingKeysWith: { a, _ in a })
            let texts = Set(persons.compactMap { $0[4] } + cards.compactMap { $0[5] } + deaths.compactMap { $0[1] })
            codes = Dictionary(uniqueKeysWithValues: texts.compactMap { text in AreaCode(text).map { (text, $0) } })
        }

        func counts(in area: AreaCode, period: StatisticsPeriod) -> [AreaCount: Int] {
            func inside(_ code: String?) -> Bool { code.flatMap { codes[$0] }.map(area.contains) ?? false }
            func inPeriod(_ date: String?) -> Bool {
                guard let d = date.flatMap(CivilDate.parse) else { return false }
                return d >= period.start && d <= period.end
            }
            var c: [AreaCount: Int] = [:]
            for p in persons where inside(p[4]) {
                c[.population, default: 0] += 1
                let age = CivilDate.parse(p[2]!)!.age(on: period.end)
                guard p[1] == "F", p[3] == "married", (15...49).contains(age) else { continue }
                c[.mwcba, default: 0] += 1
                let own = activeCards[p[0]!] ?? []
                if !own.isEmpty { c[.cardedMwcba, default: 0] += 1 }
                if own.contains(where: { $0[3] != nil && $0[3] != "none" }) { c[.contraceptionUsers, default: 0] += 1 }
            }
            for child in children where inPeriod(child[1]) && inside(managing[child[0]!] ?? nil) {
                c[.births, default: 0] += 1
                if child[4] == "in" { c[.policyBirths, default: 0] += 1 }
                if child[2] == "M" { c[.maleBirths, default: 0] += 1 }
                if child[2] == "F" { c[.femaleBirths, default: 0] += 1 }
                if Int(child[3]!)! >= 3 { c[.thirdPlusBirths, default: 0] += 1 }
                if let recorded = child[5], recorded < child[1]! { c[.pregnanciesEntered, default: 0] += 1 }
            }
            for death in deaths where inPeriod(death[0]) && inside(death[1]) { c[.deaths, default: 0] += 1 }
            for m in marriages where inPeriod(m[0]) && (m[1] == "marry" || m[1] == "remarry") {
                guard let wife = wives[m[2]!] ?? nil, let home = residence[wife], inside(home) else { continue }
                c[.marriages, default: 0] += 1
                if (activeCards[wife] ?? []).contains(where: { $0[4] == m[0] }) { c[.marriagesEntered, default: 0] += 1 }
            }
            c[.naturalGrowth] = (c[.births] ?? 0) - (c[.deaths] ?? 0)
            return c
        }

        /// The period's feed records no area can hold: deaths without a residence,
        /// marriages whose wife nobody (or several people) fit or the register does not list.
        func unplaced(period: StatisticsPeriod) -> [AreaCount: Int] {
            func inPeriod(_ date: String?) -> Bool {
                guard let d = date.flatMap(CivilDate.parse) else { return false }
                return d >= period.start && d <= period.end
            }
            var c: [AreaCount: Int] = [:]
            for death in deaths where inPeriod(death[0]) && death[1] == nil { c[.deaths, default: 0] += 1 }
            for m in marriages where inPeriod(m[0]) && (m[1] == "marry" || m[1] == "remarry") {
                guard let wife = wives[m[2]!] ?? nil, residence[wife] != nil else {
                    c[.marriages, default: 0] += 1
                    continue
                }
            }
            return c
        }
    }

    static let shared = PerEngine { engine throws -> (Database, Expected) in
        let db = try SampleDatabase.make(on: engine)
        return (db, try Expected(db))
    }

    /// A small demo city: it holds every case the generator plants (separations, half
    /// and pocket households, outflow women carded at home), unlike the samples' 3,000.
    static let demo = PerEngine { engine throws -> (Database, Expected) in
        let db = try SampleDatabase.demoCity(persons: 6_000, seed: 7, on: engine).database
        return (db, try Expected(db))
    }

    @discardableResult
    func check(_ engine: TestEngine, by level: AreaLevel, period: StatisticsPeriod, in scope: AreaCode = .city,
               on city: PerEngine<(Database, Expected)> = shared) throws -> [AreaStatistics] {
        let (db, expected) = try city.get(engine)
        let table = try ControlStatistics.table(db, period: period, by: level, in: scope)
        XCTAssertFalse(table.isEmpty, "\(engine)")
        for row in table {
            let want = expected.counts(in: row.area, period: period)
            for count in AreaCount.allCases {
                XCTAssertEqual(row.counts[count], want[count] ?? 0, "\(engine): \(count) of \(row.area) \(row.name)")
            }
            for indicator in Indicator.all {
                let d = want[indicator.denominator] ?? 0, n = want[indicator.numerator] ?? 0
                if d == 0 {
                    XCTAssertNil(row.rate(indicator), "\(engine): \(indicator.name) of \(row.area) has no denominator")
                } else {
                    XCTAssertEqual(row.rate(indicator)!, Double(n) * indicator.scale / Double(d), accuracy: 1e-9,
                                   "\(engine): \(indicator.name) of \(row.area)")
                }
            }
        }
        let codes = table.map(\.area.full)
        XCTAssertEqual(codes, codes.sorted(), "\(engine): rows in code order")
        return table
    }

    func testTownshipTableAgreesWithTheSpecComputation() throws {
        for engine in try EngineDatabases.engines() {
            let table = try check(engine, by: .township, period: .year(2025)!)
            XCTAssertEqual(table.first?.area, AreaCode.city, "\(engine)")
            XCTAssertTrue(table.first!.isTotal, "\(engine)")
            let counties = table.filter { $0.level == .county }
            XCTAssertGreaterThanOrEqual(counties.count, 2, "\(engine)")
            XCTAssertTrue(counties.allSatisfy(\.isTotal), "\(engine)")
            XCTAssertGreaterThan(table.first!.counts[.population], 2_000, "\(engine)")
            XCTAssertGreaterThan(table.first!.counts[.births], 0, "\(engine)")
            XCTAssertGreaterThan(table.first!.counts[.marriages], 0, "\(engine)")
            // The city total sums the counts of its counties, it does not average their rates.
            var summed = AreaCounts()
            for county in counties { summed.add(county.counts) }
            XCTAssertEqual(summed, table.first!.counts, "\(engine)")
        }
    }

    func testCountyTableAndAHalfYear() throws {
        let half = StatisticsPeriod(start: CivilDate(year: 2025, month: 1, day: 1)!, end: CivilDate(year: 2025, month: 6, day: 30)!)!
        for engine in try EngineDatabases.engines() {
            let table = try check(engine, by: .county, period: half)
            XCTAssertTrue(table.dropFirst().allSatisfy { $0.level == .county && !$0.isTotal }, "\(engine)")
        }
    }

    func testCommunityTableInsideOneDistrict() throws {
        let yushui = AreaCode("360502")!
        for engine in try EngineDatabases.engines() {
            let table = try check(engine, by: .community, period: .year(2025)!, in: yushui)
            XCTAssertEqual(table.first?.area, yushui, "\(engine)")
            XCTAssertTrue(table.allSatisfy { yushui.contains($0.area) }, "\(engine)")
        }
    }

    func testAnAreaWithNobodyHasEmptyRates() throws {
        for engine in try EngineDatabases.engines() {
            let (db, _) = try Self.shared.get(engine)
            try db.execute("INSERT INTO areas (code, name, level, parent) VALUES (?1, ?2, ?3, ?4)",
                           [.text("360521999000"), .text("空白乡"), .text("township"), .text("360521000000")])
            defer { try? db.execute("DELETE FROM areas WHERE code = ?1", [.text("360521999000")]) }
            let table = try check(engine, by: .township, period: .year(2025)!)
            let empty = try XCTUnwrap(table.first { $0.area.full == "360521999000" }, "\(engine)")
            XCTAssertEqual(empty.name, "空白乡", "\(engine)")
            XCTAssertEqual(empty.counts, AreaCounts(), "\(engine)")
            XCTAssertTrue(Indicator.all.allSatisfy { empty.rate($0) == nil }, "\(engine)")
        }
    }

    func testADemoCityAgreesAtEveryLevel() throws {
        for engine in try EngineDatabases.engines() {
            for level in [AreaLevel.county, .township, .community] {
                let table = try check(engine, by: level, period: .year(2025)!, on: Self.demo)
                XCTAssertGreaterThan(table.first!.counts[.mwcba], 500, "\(engine)")
                XCTAssertGreaterThan(table.first!.counts[.marriages], 0, "\(engine)")
            }
            try check(engine, by: .township, period: StatisticsPeriod(start: CivilDate(year: 2025, month: 7, day: 1)!,
                                                                      end: CivilDate(year: 2025, month: 9, day: 30)!)!,
                      in: AreaCode("360521")!, on: Self.demo)
        }
    }

    /// A marriage whose wife's number was typed wrong is still the marriage of the area
    /// she lives in; one nobody fits is counted on the unplaced line.
    func testFeedRecordsArePlacedByTheirPersonAndTheRestAreUnplaced() throws {
        for engine in try EngineDatabases.engines() { try checkPlacement(engine) }
    }

    private func checkPlacement(_ engine: TestEngine) throws {
        let db = try SampleDatabase.demoCity(persons: 6_000, seed: 11, on: engine).database
        let wife = try XCTUnwrap(try db.query("SELECT m.record_no, m.wife_id, p.residence_area FROM marriages m "
                                              + "JOIN persons p ON p.person_id = m.wife_id AND p.name = m.wife_name "
                                              + "AND p.birth_date = m.wife_birth WHERE m.kind = 'marry' "
                                              + "ORDER BY m.\(db.dialect.rowOrder) LIMIT 1").first, "\(engine)")
        var typed = Array(wife[1].text!)
        typed[15] = typed[15] == "1" ? "2" : "1"
        try db.execute("UPDATE marriages SET wife_id = NULL, wife_id_raw = ?2 WHERE record_no = ?1", [wife[0], .text(String(typed))])
        try db.execute("UPDATE marriages SET wife_id = NULL, wife_id_raw = NULL, wife_name = '无名氏', wife_birth = NULL "
                       + "WHERE record_no = (SELECT record_no FROM marriages WHERE kind = 'marry' AND record_no <> ?1 "
                       + "ORDER BY \(db.dialect.rowOrder) LIMIT 1)", [wife[0]])
        let expected = try Expected(db)
        let period = StatisticsPeriod.year(2025)!
        let result = try ControlStatistics.result(db, period: period, by: .community)
        let home = try XCTUnwrap(result.rows.first { $0.area.full == wife[2].text! }, "\(engine)")
        XCTAssertEqual(home.counts[.marriages], expected.counts(in: home.area, period: period)[.marriages] ?? 0, "\(engine)")
        XCTAssertEqual(expected.wives[wife[0].text!] ?? nil, wife[1].text, "\(engine): the cross-check ties the typed number to her")
        let unplaced = expected.unplaced(period: period)
        XCTAssertGreaterThanOrEqual(unplaced[.marriages] ?? 0, 1, "\(engine)")
        for count in [AreaCount.deaths, .marriages] {
            XCTAssertEqual(result.unplaced[count], unplaced[count] ?? 0, "\(engine): unplaced \(count)")
        }
        // The city's placed marriages and the unplaced ones are every marriage of the period.
        let all = expected.marriages.filter { ($0[1] == "marry" || $0[1] == "remarry") && $0[0]!.hasPrefix("2025") }.count
        let placedOutside = all - result.rows[0].counts[.marriages] - result.unplaced[.marriages]
        XCTAssertGreaterThanOrEqual(placedOutside, 0, "\(engine): no marriage counted twice")
        let plan = try ControlStatistics.plan(db, period: period, by: .county)
        var compiler = SQLCompiler(dialect: db.dialect)
        let query = compiler.compile(plan)
        let line = try XCTUnwrap(try db.query(query.sql, query.parameters).first { $0[0].text == "unplaced" }, "\(engine)")
        XCTAssertEqual(line[plan.columns.firstIndex { $0.name == "marriages" }!], .integer(Int64(result.unplaced[.marriages])),
                       "\(engine)")
        XCTAssertEqual(line[plan.columns.firstIndex { $0.name == "population" }!], .null, "\(engine)")
    }

    /// A year no feed covers: its deaths and marriages are empty and named, not 0.
    func testAFeedWithoutRecordsForThePeriodIsEmptyNotZero() throws {
        for engine in try EngineDatabases.engines() {
            let (db, _) = try Self.shared.get(engine)
            let result = try ControlStatistics.result(db, period: .year(2024)!, by: .county)
            XCTAssertEqual(result.missingFeeds, ["death", "marriage"], "\(engine)")
            let city = result.rows[0]
            XCTAssertNil(city.count(.deaths), "\(engine)")
            XCTAssertNil(city.rate(Indicator.named("death_rate")!), "\(engine)")
            XCTAssertNil(city.rate(Indicator.named("natural_growth_rate")!), "\(engine)")
            XCTAssertNil(city.count(.marriages), "\(engine)")
            XCTAssertNotNil(city.count(.population), "\(engine): the register still counts")
            let plan = try ControlStatistics.plan(db, period: .year(2024)!, by: .county)
            var compiler = SQLCompiler(dialect: db.dialect)
            let query = compiler.compile(plan)
            let rows = try db.query(query.sql, query.parameters)
            XCTAssertEqual(rows[0][plan.columns.firstIndex { $0.name == "deaths" }!], .null, "\(engine)")
            XCTAssertTrue(rows.contains { $0[0].text == "missing" && $0[1].text!.contains("death, marriage") }, "\(engine)")
            XCTAssertEqual(try ControlStatistics.result(db, period: .year(2025)!, by: .county).missing, [], "\(engine)")
        }
    }

    func testScopeBelowTheLevelIsRefused() throws {
        for engine in try EngineDatabases.engines() {
            let (db, _) = try Self.shared.get(engine)
            XCTAssertThrowsError(try ControlStatistics.table(db, period: .year(2025)!, by: .county, in: AreaCode("360502001")!),
                                 "\(engine)")
        }
    }
}
