// StatisticsBuiltinTests: the builtins as a script uses them, on the imported samples.
// The two separation lines must give the counts the rules give person by
// person; control_stats takes an area by name; every mistake a user can make with these
// builtins is an error at its place that says what to write instead. Each test runs on
// every engine.

import Builtins
import DataModel
import EngineSupport
import Interpreter
import XCTest

final class StatisticsBuiltinTests: XCTestCase {
    func session(_ engine: TestEngine) throws -> Session {
        let db = try ReportFixture.databases.get(engine)
        let session = Session(library: Builtins.library(), write: { _ in })
        session.machine.openDatabase = { db }
        return session
    }

    /// The rows of `code` as (key columns joined by "|") → n.
    func counts(_ code: String, keys: [String], on engine: TestEngine) throws -> [String: Int] {
        let s = try session(engine)
        try s.run("let result = rows(\(code))", name: "test")
        guard case .list(let rows)? = s.value(of: "result") else { XCTFail("\(engine): rows"); return [:] }
        var out: [String: Int] = [:]
        for case .record(let row) in rows {
            let key = keys.map { row[$0].map { $0.isNull ? "" : $0.text } ?? "?" }.joined(separator: "|")
            guard case .int(let n)? = row["n"] else { XCTFail("\(engine): n of \(row)"); continue }
            out[key] = Int(n)
        }
        return out
    }

    /// Each person's class by the rules, written here; the key is `extra` of the person.
    func expected(level: AreaLevel, key: (AreaCode) -> String?, only: String? = nil, on engine: TestEngine) throws
        -> [String: Int] {
        let db = try ReportFixture.databases.get(engine)
        let rule = try SeparationRule(level: level, on: CivilDate(year: 2025, month: 12, day: 31)!)
        var out: [String: Int] = [:]
        for p in try rows(db, "SELECT hukou_area, residence_area, residence_since FROM persons") {
            let hukou = AreaCode(p[0]!)!, residence = AreaCode(p[1]!)!
            let (cls, _) = SeparationTests.expectedClass(hukou: hukou, residence: residence,
                                                         since: p[2].flatMap(CivilDate.parse), rule: rule)
            if let only, cls != only { continue }
            let k = (only == nil ? [cls ?? ""] : []) + [key(residence) ?? ""]
            out[k.joined(separator: "|"), default: 0] += 1
        }
        return out
    }

    func testSeparationByClassAndCounty() throws {
        for engine in try EngineDatabases.engines() {
            let got = try counts("separation(people, level: \"township\", on: @2025-12-31) | count by separation, county",
                                 keys: ["separation", "county"], on: engine)
            XCTAssertEqual(got, try expected(level: .township, key: { $0.ancestor(at: .county)?.full }, on: engine), "\(engine)")
        }
    }

    func testInflowAtCountyLevelByTownship() throws {
        for engine in try EngineDatabases.engines() {
            let got = try counts("separation(people, level: \"county\", on: @2025-12-31) | where separation == \"inflow\" | count by township",
                                 keys: ["township"], on: engine)
            XCTAssertEqual(got, try expected(level: .county, key: { $0.ancestor(at: .township)?.full }, only: "inflow", on: engine), "\(engine)")
            XCTAssertGreaterThan(got.count, 10, "\(engine)")
        }
    }

    func testControlStatsInADistrictNamedInChinese() throws {
        for engine in try EngineDatabases.engines() {
            let s = try session(engine)
            try s.run("""
                let t = rows(control_stats(year: 2025, by: "township", in: "渝水区") | where area != "unplaced")
                let first_area = t[0].area
                let all_inside = len(filter(t, fn(r) => starts_with(r.area, "360502"))) == len(t)
                let same = len(control_stats(year: 2025, in: area("渝水区")) | where area != "unplaced") == len(t)
                """, name: "test")
            XCTAssertEqual(s.value(of: "same")?.text, "true", "\(engine): an area record names the same area")
            XCTAssertEqual(s.value(of: "first_area")?.text, "360502000000", "\(engine)")
            XCTAssertEqual(s.value(of: "all_inside")?.text, "true", "\(engine)")
        }
    }

    func testMistakesAreErrorsThatSayWhatToWrite() throws {
        for engine in try EngineDatabases.engines() {
            let cases: [(String, String)] = [
                ("control_stats(year: 2025, by: \"parish\")", "use one of \"county\", \"township\", \"community\""),
                ("control_stats(by: \"county\")", "control_stats(year: 2025"),
                ("control_stats(period: [@2025-06-30, @2025-01-01])", "write the earlier date first"),
                ("control_stats(year: 2025, in: \"不存在区\")", "no area is called \"不存在区\""),
                ("control_stats(year: 2025, by: \"county\", in: \"城南街道\")", "choose a level below the area"),
                ("indicator(\"birthrate\")", "birth_rate"),
                ("separation(units)", "hukou_area, residence_area, residence_since"),
                ("separation(people, level: \"province\")", "use one of"),
                ("report(\"x\", lang: \"fr\")", "lang: \"zh\""),
            ]
            for (code, hint) in cases {
                let s = try session(engine)
                do {
                    try s.run(code, name: "test")
                    XCTFail("\(engine): \(code) should fail")
                } catch let e as PopshError {
                    XCTAssertTrue(e.render().contains(hint), "\(engine): \(code): \(e.render())")
                    XCTAssertTrue(e.render().hasPrefix("test:1:"), "\(engine): \(code) is reported at its place: \(e.render())")
                }
            }
        }
    }
}
