// The query path of the whole-city questions: equal values share one placeholder, and a
// key of few outcomes is computed once per row and counted without a sort; a grouped table's row count comes from the
// statement that showed it; migration 7's covering indexes serve the three benchmark
// questions; a query leaves the connection's page cache as it found it. The row count
// runs on every engine; the plans, covering indexes and page cache are SQLite's own (the
// pipelines' answers on PostgreSQL are EngineDifferentialTests').

import EngineSupport
import XCTest
import DataModel
import Interpreter
@testable import Builtins

final class QueryPathTests: XCTestCase {
    let day = CivilDate(year: 2025, month: 12, day: 31)!

    func testEqualValuesShareAPlaceholderAndAKeyOfFewOutcomesIsNeverSorted() throws {
        let rule = try SeparationRule(level: .township, on: day)
        let plan = try Separation.adding(to: TableCatalog.plan(named: "people", on: day)!, rule)
            .adding(.aggregate(groups: [("separation", .column("separation"))], values: [("n", .aggregate(.count, nil))]))
        var compiler = SQLCompiler(dialect: SQLiteDialect())
        let query = compiler.compile(plan)
        XCTAssertEqual(query.parameters.count, Set(query.parameters).count, query.sql)
        XCTAssertEqual(query.parameters.filter { $0 == .text("3605") }.count, 1)
        // The class is computed once per row in a sub-query SQLite streams, and its five
        // outcomes are counted by condition: no GROUP BY, no sort of the register.
        XCTAssertFalse(query.sql.contains("GROUP BY"), query.sql)
        XCTAssertEqual(query.sql.components(separatedBy: "substr(t0.\"hukou_area\"").count - 1, 1, query.sql)
        let steps = try TestDatabase.shared.query("EXPLAIN QUERY PLAN " + query.sql, query.parameters).map { $0.last?.text ?? "" }
        XCTAssertTrue(steps.contains { $0.hasPrefix("CO-ROUTINE") }, steps.joined(separator: "\n"))
        XCTAssertFalse(steps.contains { $0.contains("GROUP BY") }, steps.joined(separator: "\n"))
        // And the numbers are still section 7's, counted here by hand in SQL.
        let byHand = try TestDatabase.shared.query("""
            SELECT CASE WHEN substr(residence_area, 1, 4) <> '3605' AND substr(hukou_area, 1, 4) <> '3605' THEN 'outside'
                        WHEN substr(hukou_area, 1, 9) = substr(residence_area, 1, 9) THEN 'local'
                        WHEN residence_since > '2025-06-30' THEN 'recent'
                        WHEN substr(residence_area, 1, 4) = '3605' THEN 'inflow' ELSE 'outflow' END AS s, count(*)
            FROM persons GROUP BY s ORDER BY s
            """)
        XCTAssertEqual(try TestDatabase.shared.query(query.sql, query.parameters), byHand)
    }

    func testAGroupedTableCountsItsRowsFromTheStatementThatShowedThem() throws {
        for engine in try EngineDatabases.engines() {
            let db = try TestDatabase.shared(on: engine)
            let (session, output) = try TestDatabase.session(db)
            try session.run("show(people | count by community, rows: 3)", name: "t")
            let communities = try db.scalar("SELECT COUNT(DISTINCT coalesce(community, '')) FROM persons").integer!
            XCTAssertGreaterThan(communities, 3, "\(engine)")
            let lines = output().split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.suffix(2), ["… \(communities - 3) more rows", "\(communities) rows"], "\(engine): " + output())
            for limit in [1, Int(communities) - 1, Int(communities), Int(communities) + 1] {
                let (session, output) = try TestDatabase.session(db)
                try session.run("show(people | count by community, rows: \(limit))", name: "t")
                let lines = output().split(separator: "\n").map(String.init)
                XCTAssertEqual(lines.last, "\(communities) rows", "\(engine): limit \(limit)")
                let shown = lines.filter { $0.hasPrefix("│") }.count - 1
                XCTAssertEqual(shown, min(limit, Int(communities)), "\(engine): limit \(limit)\n\(output())")
            }
        }
    }

    func testTheBenchmarkQuestionsReadCoveringIndexesOnly() throws {
        let (session, output) = try TestDatabase.session()
        try session.run("""
            explain(mwcba(on: @2025-12-31) | count by township)
            explain(separation(people, level: "township", on: @2025-12-31) | count by separation)
            explain(mwcba(on: @2025-12-31) | join (wis | where status == "active") on person_id == woman_id, kind: "left" | summarize mwcba = count(), carded = count_if(card_no != null) by township)
            """, name: "t")
        let plans = output().components(separatedBy: "sqlite plan:").dropFirst().map { $0.components(separatedBy: "SELECT").first! }
        XCTAssertEqual(plans.count, 3, output())
        for plan in plans {
            let lines = plan.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            // Every table read is an index read; the scans of sub-queries and constant rows read no table.
            let subqueries = Set(lines.compactMap { line in
                ["CO-ROUTINE ", "MATERIALIZE "].first(where: line.hasPrefix).map { String(line.dropFirst($0.count)) }
            })
            for line in lines where line.hasPrefix("SCAN ") || line.hasPrefix("SEARCH ") {
                let alias = String(line.split(separator: " ")[1])
                guard !subqueries.contains(alias), alias != "CONSTANT" else { continue }
                XCTAssertTrue(line.contains("COVERING INDEX"), "reads table rows: \(line)\n\(output())")
            }
        }
        XCTAssertTrue(plans[0].contains("idx_persons_cohort_by_township") && !plans[0].contains("TEMP B-TREE"), plans[0])
        XCTAssertTrue(plans[1].contains("idx_persons_separation"), plans[1])
        XCTAssertTrue(plans[2].contains("idx_wis_cards_woman_status_card"), plans[2])
    }

    func testAQueryLeavesTheConnectionsPageCacheAsItWas() throws {
        let db = try TestDatabase.fresh()
        let before = try db.scalar("PRAGMA cache_size")
        let (session, _) = try TestDatabase.session(db)
        try session.run("len(people)\npeople | count by township\nfor p in people | take 2 { p.name }", name: "t")
        XCTAssertEqual(try db.scalar("PRAGMA cache_size"), before)
        let indexes = try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN "
                                   + "('idx_persons_separation', 'idx_persons_cohort_by_township', 'idx_wis_cards_woman_status_card')")
        XCTAssertEqual(indexes.count, 3)
    }
}
