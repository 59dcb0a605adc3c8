// Differential tests: each question asked in popsh and as hand-written SQL over the
// imported sample files must give the same rows. The SQL computes the derived codes,
// ages and population types from the raw columns itself (substr, strftime, LIKE), so
// it checks the stored columns, their triggers and the plan compiler together.
// SQLite only: the hand-written SQL is SQLite's (strftime, instr); EngineDifferentialTests
// holds PostgreSQL's answer to every pipeline equal to SQLite's, so to this SQL's.

import XCTest
import DataModel
import Interpreter

final class DifferentialTests: XCTestCase {
    static let d = "2025-12-31"
    /// Completed years on `day`, written with strftime (the compiler uses substr).
    static func age(_ day: String) -> String {
        "(CAST(strftime('%Y', '\(day)') AS INTEGER) - CAST(strftime('%Y', birth_date) AS INTEGER) "
            + "- (strftime('%m-%d', '\(day)') < strftime('%m-%d', birth_date)))"
    }
    static let ageToday = age(CivilDateToday.text)
    static let township = "(substr(residence_area, 1, 9) || '000')"
    static let county = "(substr(residence_area, 1, 6) || '000000')"
    static let hukouCounty = "(substr(hukou_area, 1, 6) || '000000')"
    static let populationType = "(CASE WHEN residence_area NOT LIKE '3605%' THEN NULL "
        + "WHEN substr(hukou_area, 1, 6) <> substr(residence_area, 1, 6) THEN 'floating' "
        + "WHEN unit_code IS NOT NULL AND unit_code <> '' THEN 'unit' ELSE 'community' END)"
    static let mwcba = "sex = 'F' AND marital = 'married' AND \(age(d)) BETWEEN 15 AND 49"

    /// (popsh pipeline, equivalent SQL with the same column order and row order).
    static let cases: [(String, String)] = [
        ("people | count by sex", "SELECT sex, COUNT(*) FROM persons GROUP BY sex ORDER BY sex"),
        ("mwcba(on: @2025-12-31) | count by township",
         "SELECT \(township) t, COUNT(*) FROM persons WHERE \(mwcba) GROUP BY t ORDER BY t"),
        ("mwcba(on: @2025-12-31) | where population_type == \"floating\" | count by county",
         "SELECT \(county) c, COUNT(*) FROM persons WHERE \(mwcba) AND \(populationType) = 'floating' GROUP BY c ORDER BY c"),
        ("people | where inside(residence_area, \"渝水区\") and age between 15 and 49 | summarize n = count(), married = count_if(marital == \"married\") by township",
         "SELECT \(township) t, COUNT(*), SUM(marital = 'married') FROM persons WHERE residence_area LIKE '360502%' "
            + "AND \(ageToday) BETWEEN 15 AND 49 GROUP BY t ORDER BY t"),
        ("mwcba(on: @2025-12-31) | join wis on person_id == woman_id | count by contraception",
         "SELECT w.contraception, COUNT(*) FROM persons p JOIN wis_cards w ON w.woman_id = p.person_id "
            + "WHERE \(mwcba.replacingOccurrences(of: "birth_date", with: "p.birth_date").replacingOccurrences(of: "marital", with: "p.marital")) "
            + "GROUP BY w.contraception ORDER BY w.contraception"),
        ("people(on: @2025-12-31) | where age >= 60 | count by county",
         "SELECT \(county) c, COUNT(*) FROM persons WHERE \(age(d)) >= 60 GROUP BY c ORDER BY c"),
        ("people(on: @2025-12-31) | where age == 30 | count by sex",
         "SELECT sex, COUNT(*) FROM persons WHERE \(age(d)) = 30 GROUP BY sex ORDER BY sex"),
        ("people(on: @2025-12-31) | where age > 49 or age < 15 | count by sex",
         "SELECT sex, COUNT(*) FROM persons WHERE \(age(d)) > 49 OR \(age(d)) < 15 GROUP BY sex ORDER BY sex"),
        ("people(on: @2025-03-01) | where 20 <= age and age < 30 | count by sex",
         "SELECT sex, COUNT(*) FROM persons WHERE \(age("2025-03-01")) BETWEEN 20 AND 29 GROUP BY sex ORDER BY sex"),
        ("people | count", "SELECT COUNT(*) FROM persons"),
        ("wis | where status == \"active\" | count by managing_area | sort -n, managing_area | take 5",
         "SELECT managing_area, COUNT(*) n FROM wis_cards WHERE status = 'active' GROUP BY managing_area ORDER BY n DESC, managing_area LIMIT 5"),
        ("people | select person_id, name | sort person_id | take 10",
         "SELECT person_id, name FROM persons ORDER BY person_id LIMIT 10"),
        ("people | derive y = year(birth_date) | count by y",
         "SELECT CAST(strftime('%Y', birth_date) AS INTEGER) y, COUNT(*) FROM persons GROUP BY y ORDER BY y"),
        ("people | where starts_with(name, \"王\") | count by sex",
         "SELECT sex, COUNT(*) FROM persons WHERE name LIKE '王%' GROUP BY sex ORDER BY sex"),
        ("people | where contains(address, \"小区\") | count by county",
         "SELECT \(county) c, COUNT(*) FROM persons WHERE instr(address, '小区') GROUP BY c ORDER BY c"),
        ("people | where unit_code == null | count by population_type",
         "SELECT \(populationType) p, COUNT(*) FROM persons WHERE unit_code IS NULL GROUP BY p ORDER BY p"),
        ("people | where unit_code != null | count by county",
         "SELECT \(county) c, COUNT(*) FROM persons WHERE unit_code IS NOT NULL GROUP BY c ORDER BY c"),
        ("people | where marital in [\"divorced\", \"widowed\"] | count by marital",
         "SELECT marital, COUNT(*) FROM persons WHERE marital = 'divorced' OR marital = 'widowed' GROUP BY marital ORDER BY marital"),
        ("people | where marital not in [\"married\"] | count by sex",
         "SELECT sex, COUNT(*) FROM persons WHERE marital <> 'married' GROUP BY sex ORDER BY sex"),
        ("wis | summarize n = count(), pregnant = count_if(pregnant_since != null), iud = share(contraception == \"iud\") by status",
         "SELECT status, COUNT(*), SUM(pregnant_since IS NOT NULL), 100.0 * SUM(contraception = 'iud') / COUNT(*) "
            + "FROM wis_cards GROUP BY status ORDER BY status"),
        ("children | summarize n = count(), earliest = min(birth_date), latest = max(birth_date), mean_order = avg(birth_order) by policy",
         "SELECT policy, COUNT(*), MIN(birth_date), MAX(birth_date), AVG(birth_order) FROM wis_children GROUP BY policy ORDER BY policy"),
        ("children | where birth_order >= 3 | count by sex",
         "SELECT sex, COUNT(*) FROM wis_children WHERE birth_order >= 3 GROUP BY sex ORDER BY sex"),
        ("marriages | where month(reg_date) >= 6 | count by kind",
         "SELECT kind, COUNT(*) FROM marriages WHERE CAST(strftime('%m', reg_date) AS INTEGER) >= 6 GROUP BY kind ORDER BY kind"),
        ("births | summarize n = count(), orders = sum(birth_order) by child_sex",
         "SELECT child_sex, COUNT(*), SUM(birth_order) FROM births GROUP BY child_sex ORDER BY child_sex"),
        ("people | distinct county | sort county", "SELECT DISTINCT \(county) c FROM persons ORDER BY c"),
        ("people | select county, township | distinct | count by county",
         "SELECT c, COUNT(*) FROM (SELECT DISTINCT \(county) c, \(township) t FROM persons) GROUP BY c ORDER BY c"),
        ("people | count by township | where n > 50 | sort -n, township",
         "SELECT \(township) t, COUNT(*) n FROM persons GROUP BY t HAVING COUNT(*) > 50 ORDER BY n DESC, t"),
        ("people | count by township | sort -n, township | take 3 | sort township",
         "SELECT t, n FROM (SELECT \(township) t, COUNT(*) n FROM persons GROUP BY t ORDER BY n DESC, t LIMIT 3) ORDER BY t"),
        ("people | sort person_id | take 100 | count by sex",
         "SELECT sex, COUNT(*) FROM (SELECT sex FROM persons ORDER BY person_id LIMIT 100) GROUP BY sex ORDER BY sex"),
        ("units | join people on unit_code == unit_code | count by kind",
         "SELECT u.kind, COUNT(*) FROM units u JOIN persons p ON p.unit_code = u.unit_code GROUP BY u.kind ORDER BY u.kind"),
        ("units | join people on unit_code == unit_code, kind: \"left\" | summarize staff = count_if(person_id != null) by unit_code",
         "SELECT u.unit_code, COUNT(p.person_id) FROM units u LEFT JOIN persons p ON p.unit_code = u.unit_code "
            + "GROUP BY u.unit_code ORDER BY u.unit_code"),
        ("people | where upper(sex) == \"F\" and lower(marital) == \"married\" | count by hukou_county",
         "SELECT \(hukouCounty) h, COUNT(*) FROM persons WHERE sex = 'F' AND marital = 'married' GROUP BY h ORDER BY h"),
        ("people | where substr(person_id, 0, 6) == \"360502\" | count by sex",
         "SELECT sex, COUNT(*) FROM persons WHERE person_id LIKE '360502%' GROUP BY sex ORDER BY sex"),
        ("people | where len(name) == 2 | count by sex",
         "SELECT sex, COUNT(*) FROM persons WHERE length(name) = 2 GROUP BY sex ORDER BY sex"),
        ("women(ages: 15..49, on: @2025-12-31) | count by marital",
         "SELECT marital, COUNT(*) FROM persons WHERE sex = 'F' AND \(age(d)) BETWEEN 15 AND 49 GROUP BY marital ORDER BY marital"),
        ("people | in_area(\"360521\") | count by township",
         "SELECT \(township) t, COUNT(*) FROM persons WHERE residence_area LIKE '360521%' GROUP BY t ORDER BY t"),
        ("people | in_area(\"渝水区\", by: \"hukou\") | count by local_hukou",
         "SELECT 1, COUNT(*) FROM persons WHERE hukou_area LIKE '360502%'"),
        ("population_types(people, by: \"county\")",
         "SELECT \(county) c, COUNT(*), IFNULL(SUM(\(populationType) = 'community'), 0), "
            + "IFNULL(SUM(\(populationType) = 'unit'), 0), IFNULL(SUM(\(populationType) = 'floating'), 0), "
            + "100.0 * IFNULL(SUM(\(populationType) = 'floating'), 0) / COUNT(*) "
            + "FROM persons GROUP BY c ORDER BY c"),
        ("people | where residence_since >= @2025-06-30 | count by county",
         "SELECT \(county) c, COUNT(*) FROM persons WHERE residence_since >= '2025-06-30' GROUP BY c ORDER BY c"),
        ("people | where local_hukou and population_type != \"floating\" | count by county",
         "SELECT \(county) c, COUNT(*) FROM persons WHERE hukou_area LIKE '3605%' AND \(populationType) <> 'floating' "
            + "GROUP BY c ORDER BY c"),
        ("people | where age(birth_date, on: day) between 20 and 29 | count by sex",
         "SELECT sex, COUNT(*) FROM persons WHERE \(age(d)) BETWEEN 20 AND 29 GROUP BY sex ORDER BY sex"),
        ("people(on: day) | derive next_year = age + 1 | where next_year == 31 | count",
         "SELECT COUNT(*) FROM persons WHERE \(age(d)) = 30"),
        ("people | where hukou_township == township | count by county",
         "SELECT \(county) c, COUNT(*) FROM persons WHERE substr(hukou_area, 1, 9) = substr(residence_area, 1, 9) "
            + "GROUP BY c ORDER BY c"),
        ("areas(level: \"township\", in: \"渝水区\") | count by parent",
         "SELECT parent, COUNT(*) FROM areas WHERE level = 'township' AND code LIKE '360502%' GROUP BY parent ORDER BY parent"),
        ("by_unit(first(units | sort unit_code).unit_code) | count by relation",
         "SELECT CASE WHEN p.residence_area LIKE substr(u.area, 1, 6) || '%' THEN "
            + "CASE WHEN p.hukou_area LIKE substr(u.area, 1, 6) || '%' THEN 'lives_here_hukou_here' ELSE 'lives_here_hukou_elsewhere' END "
            + "ELSE CASE WHEN p.hukou_area LIKE substr(u.area, 1, 6) || '%' THEN 'hukou_here_lives_elsewhere' "
            + "ELSE 'lives_elsewhere_hukou_elsewhere' END END r, COUNT(*) "
            + "FROM persons p JOIN units u ON u.unit_code = p.unit_code "
            + "WHERE u.unit_code = (SELECT MIN(unit_code) FROM units) GROUP BY r ORDER BY r"),
        ("people | where inside(residence_area, \"360502001\") | summarize oldest = min(birth_date), n = count()",
         "SELECT MIN(birth_date), COUNT(*) FROM persons WHERE residence_area LIKE '360502001%'"),
        ("people | where residence_area == community and township != null | count",
         "SELECT COUNT(*) FROM persons WHERE substr(residence_area, 10, 3) <> '000'"),
        // Keys with a few constant outcomes are grouped by conditional aggregates, not sorted
        // (OutcomeGroups): every aggregate, an outcome no row has, a null outcome, an
        // outcome two branches share, and verbs after the grouping.
        ("people | derive band = (if age(birth_date, on: day) < 15 then \"child\" else if age(birth_date, on: day) < 50 "
            + "then \"adult\" else \"older\") | summarize n = count(), women = count_if(sex == \"F\"), "
            + "f = share(sex == \"F\"), oldest = min(birth_date), youngest = max(birth_date), "
            + "letters = sum(len(name)), mean = avg(len(name)) by band",
         "SELECT CASE WHEN \(age(d)) < 15 THEN 'child' WHEN \(age(d)) < 50 THEN 'adult' ELSE 'older' END b, COUNT(*), "
            + "SUM(sex = 'F'), 100.0 * SUM(sex = 'F') / COUNT(*), MIN(birth_date), MAX(birth_date), "
            + "SUM(length(name)), AVG(length(name)) FROM persons GROUP BY b ORDER BY b"),
        ("people | derive g = (if sex == \"F\" then \"woman\" else if sex == \"X\" then \"other\" "
            + "else if marital == \"married\" then null else \"woman\") | count by g",
         "SELECT CASE WHEN sex = 'F' THEN 'woman' WHEN marital = 'married' THEN NULL ELSE 'woman' END g, COUNT(*) "
            + "FROM persons GROUP BY g ORDER BY g"),
        ("people | derive band = (if marital == \"married\" then 1 else 2) | count by band | where n > 10 "
            + "| summarize groups = count(), total = sum(n)",
         "SELECT COUNT(*), SUM(n) FROM (SELECT CASE WHEN marital = 'married' THEN 1 ELSE 2 END m, COUNT(*) n FROM persons GROUP BY m HAVING n > 10)"),
        ("people | derive old = (if birth_date < @1960-01-01 then \"yes\" else \"no\") | count by old | sort -n | take 1",
         "SELECT CASE WHEN birth_date < '1960-01-01' THEN 'yes' ELSE 'no' END o, COUNT(*) n FROM persons "
            + "GROUP BY o ORDER BY n DESC LIMIT 1"),
        ("separation(people, level: \"county\", on: day) | where sex == \"F\" | count by separation",
         "SELECT CASE WHEN substr(hukou_area, 1, 6) = substr(residence_area, 1, 6) THEN 'local' "
            + "WHEN residence_area NOT LIKE '3605%' AND hukou_area NOT LIKE '3605%' THEN NULL "
            + "WHEN residence_since > '2025-06-30' THEN 'recent' WHEN residence_area LIKE '3605%' THEN 'inflow' "
            + "ELSE 'outflow' END s, COUNT(*) FROM persons WHERE sex = 'F' GROUP BY s ORDER BY s"),
    ]

    func testPopshAgreesWithHandWrittenSQL() throws {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 30)
        try agree(on: try TestDatabase.shared)
    }

    /// The same answers with every aggregate that can be split run in parts on parallel
    /// connections (MorselAggregate), as on a large table; the parts must have run.
    func testAggregatesInPartsAgreeWithHandWrittenSQL() throws {
        let db = try TestDatabase.fresh()
        db.parallelAggregateRows = 0
        try agree(on: db)
        let parts = try db.scalar("SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'morsel_parts_%'")
        XCTAssertGreaterThanOrEqual(parts.integer ?? 0, 30, "most cases should have run in parts")
    }

    private func agree(on db: Database) throws {
        let (session, _) = try TestDatabase.session(db)
        try session.run("let day = @2025-12-31", name: "setup")
        var nonEmpty = 0
        for (i, (popsh, sql)) in Self.cases.enumerated() {
            try session.run("let result = \(popsh)", name: "case \(i)")
            guard case .table(let table)? = session.value(of: "result") else {
                XCTFail("case \(i): \(popsh) did not give a table"); continue
            }
            var mine: [[String]] = []
            try table.forEachRow(session.machine, at: SourceLocation(source: Source(name: "t", text: ""), line: 1, column: 1)) {
                mine.append($0.map(Self.normal))
            }
            let theirs = try db.query(sql).map { $0.map(Self.normal) }
            XCTAssertEqual(mine, theirs, "case \(i): \(popsh)\n  vs \(sql)")
            if !theirs.isEmpty, theirs != [["0"]] { nonEmpty += 1 }
        }
        // A comparison of empty results would prove nothing.
        XCTAssertGreaterThanOrEqual(nonEmpty, Self.cases.count - 1)
    }

    /// One text per value, so that a popsh bool and a SQL 0/1, or a date and its ISO
    /// text, compare equal, and reals compare to 9 digits.
    static func normal(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "1" : "0"
        case .float(let f): return String(format: "%.9g", f)
        default: return v.text
        }
    }

    static func normal(_ v: SQLValue) -> String {
        switch v {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .real(let f): return String(format: "%.9g", f)
        case .text(let s): return s
        }
    }
}

/// Today as the machine's local calendar sees it, for the `people` table's default age.
enum CivilDateToday {
    static var text: String {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return CivilDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!.description
    }
}
