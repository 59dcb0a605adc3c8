// MorselAggregate: an aggregate split into parts over rowid ranges on parallel
// connections gives exactly the values of one pass, every value compared as stored
// (reals bit for bit); plans whose merge would not be exact, or that read what another
// connection cannot see, run as they are.
// SQLite only: the parallel read connections are opened on the file (a server plans its own).

import XCTest
@testable import DataModel

final class MorselAggregateTests: XCTestCase {
    private let day = CivilDate.parse("2025-12-31")!

    private func samples() throws -> Database {
        let db = try TestSupport.database(self)
        let failed = Importer(database: db).importPaths([TestSupport.samples.path]).compactMap(\.error)
        XCTAssertTrue(failed.isEmpty, "\(failed)")
        return db
    }

    private func people() -> Plan { TableCatalog.plan(named: "people", on: day)! }

    private func rows(_ plan: Plan, _ db: Database) throws -> [[SQLValue]] {
        var compiler = SQLCompiler(dialect: db.dialect)
        let query = compiler.compile(plan)
        return try db.query(query.sql, query.parameters)
    }

    /// The rows of one pass and of the parts, and whether the parts ran.
    private func bothWays(_ plan: Plan, _ db: Database) throws -> (plain: [[SQLValue]], parts: [[SQLValue]], split: Bool) {
        db.parallelAggregateRows = Int64.max
        let plain = try rows(try MorselAggregate.prepare(plan, in: db), db)
        db.parallelAggregateRows = 0
        let prepared = try MorselAggregate.prepare(plan, in: db)
        return (plain, try rows(prepared, db), prepared.source.table.hasPrefix("morsel_parts_"))
    }

    private func text(_ s: String) -> PlanExpr { .value(.text(s), .text) }

    func testEveryAggregateMergesToTheValueOfOnePass() throws {
        let db = try samples()
        let name = PlanExpr.function(.length, [.column("name")])
        let isWoman = PlanExpr.binary(.equal, .column("sex"), text("F"))
        let plans: [Plan] = [
            people().adding(.aggregate(groups: [("township", .column("township"))], values: [
                ("n", .aggregate(.count, nil)), ("women", .aggregate(.countIf, isWoman)),
                ("share", .aggregate(.share, isWoman)), ("oldest", .aggregate(.min, .column("birth_date"))),
                ("youngest", .aggregate(.max, .column("birth_date"))), ("letters", .aggregate(.sum, name)),
                ("mean", .aggregate(.avg, name)),
                ("ratio", .binary(.divide, .aggregate(.countIf, isWoman), .aggregate(.count, nil))),
            ])),
            // No row: one row of a zero count and an empty minimum, as one pass gives.
            people().adding(.filter(.binary(.equal, .column("sex"), text("Z"))))
                .adding(.aggregate(groups: [], values: [("n", .aggregate(.count, nil)),
                                                        ("first", .aggregate(.min, .column("name"))),
                                                        ("mean", .aggregate(.avg, name))])),
            // Steps after the aggregate run over the merged rows.
            people().adding(.aggregate(groups: [("county", .column("county")), ("sex", .column("sex"))],
                                       values: [("n", .aggregate(.count, nil))]))
                .adding(.filter(.binary(.greater, .column("n"), .value(.integer(2), .integer))))
                .adding(.sort([(.column("n"), true), (.column("county"), false), (.column("sex"), false)]))
                .adding(.take(3)),
            // A join of another table, read again by each part.
            people().adding(.join(TableCatalog.plan(named: "wis", on: day)!, left: "person_id", right: "woman_id",
                                  kind: .left))
                .adding(.aggregate(groups: [("township", .column("township"))],
                                   values: [("carded", .aggregate(.countIf, .isNull(.column("card_no"), negated: true)))])),
        ]
        for (i, plan) in plans.enumerated() {
            let result = try bothWays(plan, db)
            XCTAssertTrue(result.split, "plan \(i) should run in parts")
            XCTAssertEqual(result.parts, result.plain, "plan \(i)")
            XCTAssertFalse(result.plain.isEmpty, "plan \(i)")
        }
    }

    func testAnAggregateWhoseMergeIsNotExactRunsInOnePass() throws {
        let db = try samples()
        let real = PlanExpr.binary(.multiply, .function(.length, [.column("name")]), .value(.real(1.5), .real))
        let unsplit: [Plan] = [
            // A sum of reals depends on the order of its terms.
            people().adding(.aggregate(groups: [], values: [("x", .aggregate(.sum, real))])),
            people().adding(.aggregate(groups: [], values: [("x", .aggregate(.avg, real))])),
            // Rows taken or made distinct before the aggregate depend on the whole table.
            people().adding(.take(10)).adding(.aggregate(groups: [], values: [("n", .aggregate(.count, nil))])),
            people().adding(.select([("sex", .column("sex"))])).adding(.distinct)
                .adding(.aggregate(groups: [], values: [("n", .aggregate(.count, nil))])),
            // No aggregate at all.
            people().adding(.take(5)),
        ]
        for (i, plan) in unsplit.enumerated() {
            let result = try bothWays(plan, db)
            XCTAssertFalse(result.split, "plan \(i) must run in one pass")
            XCTAssertEqual(result.parts, result.plain, "plan \(i)")
        }
    }

    func testPartsRunOnlyWhereOtherConnectionsSeeTheSameRows() throws {
        let db = try samples()
        db.parallelAggregateRows = 0
        let count = people().adding(.aggregate(groups: [("sex", .column("sex"))], values: [("n", .aggregate(.count, nil))]))
        // Inside a transaction another connection would miss its changes.
        XCTAssertThrowsError(try db.transaction {
            try db.execute("DELETE FROM persons WHERE sex = 'F'")
            let prepared = try MorselAggregate.prepare(count, in: db)
            XCTAssertEqual(prepared.source.table, "persons")
            XCTAssertEqual(try rows(prepared, db).map { $0[0] }, [.text("M")])
            throw CancelError()
        })
        // A temporary table is this connection's alone.
        try db.execute("CREATE TEMP TABLE mine AS SELECT person_id AS pid FROM persons LIMIT 3")
        let joined = people()
            .adding(.join(Plan(name: "mine", source: PlanSource(table: "mine", columns: [(PlanColumn("pid", .text), .column("pid"))])),
                          left: "person_id", right: "pid", kind: .inner))
            .adding(.aggregate(groups: [], values: [("n", .aggregate(.count, nil))]))
        XCTAssertEqual(try MorselAggregate.prepare(joined, in: db).source.table, "persons")
        XCTAssertEqual(try rows(try MorselAggregate.prepare(joined, in: db), db), [[.integer(3)]])
        // A small table runs in one pass unless asked otherwise.
        db.parallelAggregateRows = MorselAggregate.largeTable
        XCTAssertEqual(try MorselAggregate.prepare(count, in: db).source.table, "persons")
    }

    /// Half and pocket households read the register in parts on a large register: the
    /// same rows in the same order as one pass.
    func testHouseholdListsInPartsAreTheListsOfOnePass() throws {
        let db = try samples()
        let rule = try SeparationRule(level: .township, on: day)
        for list in [Households.half, Households.pocket] {
            db.parallelAggregateRows = Int64.max
            let plain = try rows(try list(rule, db), db)
            db.parallelAggregateRows = 0
            let parts = try rows(try list(rule, db), db)
            XCTAssertFalse(plain.isEmpty)
            XCTAssertEqual(parts, plain)
        }
    }

    /// Pocket households read the persons with a collective hukou through the partial
    /// index of migration 15, not every row of the register.
    func testPocketHouseholdsReadTheCollectiveHukouIndex() throws {
        let db = try samples()
        let select = Households.pocketSelect(try SeparationRule(level: .township, on: day), db.dialect)
        let plan = try db.query(db.dialect.explainQueryPlan(select.sql), select.parameters).compactMap { $0.last?.text }
        XCTAssertTrue(plan.contains { $0.contains("USING INDEX \(QueryIndexes.collectiveHukou.name)") },
                      plan.joined(separator: "\n"))
    }

    /// The control statistics count the married women in parts on a large register:
    /// every count of every area as one pass gives it.
    func testControlStatisticsInPartsAreTheStatisticsOfOnePass() throws {
        let db = try samples()
        func table() throws -> [String] {
            try ControlStatistics.table(db, period: .year(2025)!, by: .community)
                .map { row in "\(row.area) " + AreaCount.allCases.map { "\(row.counts[$0])" }.joined(separator: " ") }
        }
        db.parallelAggregateRows = Int64.max
        let plain = try table()
        db.parallelAggregateRows = 0
        XCTAssertEqual(try table(), plain)
        XCTAssertTrue(plain.contains { !$0.hasSuffix(" 0 0 0 0 0 0 0 0 0 0 0 0 0 0") })
    }
}

private struct CancelError: Error {}
