// The differential cases once per engine: every popsh pipeline of DifferentialTests,
// compiled through SQLite's dialect on the file and through PostgreSQL's on the server,
// over the same imported samples, gives the same rows in the same order.

import DataModel
import EngineSupport
import Interpreter
import XCTest

final class EngineDifferentialTests: XCTestCase {
    private func rows(_ db: Database, _ engine: TestEngine) throws -> [[[String]]] {
        let (session, _) = try TestDatabase.session(db)
        try session.run("let day = @2025-12-31", name: "setup")
        var all: [[[String]]] = []
        for (i, (popsh, _)) in DifferentialTests.cases.enumerated() {
            try session.run("let result = \(popsh)", name: "case \(i) on \(engine)")
            guard case .table(let table)? = session.value(of: "result") else {
                XCTFail("\(engine), case \(i): \(popsh) did not give a table")
                all.append([])
                continue
            }
            var mine: [[String]] = []
            try table.forEachRow(session.machine, at: SourceLocation(source: Source(name: "t", text: ""), line: 1, column: 1)) {
                mine.append($0.map(DifferentialTests.normal))
            }
            all.append(mine)
        }
        return all
    }

    func testEveryPipelineGivesTheSameRowsOnBothEngines() throws {
        var answers: [TestEngine: [[[String]]]] = [:]
        for engine in try EngineDatabases.engines() {
            let (db, remove) = try EngineDatabases.samplesImported(engine)
            defer { remove() }
            answers[engine] = try rows(db, engine)
        }
        guard let sqlite = answers[.sqlite], let postgres = answers[.postgresql] else { return }
        XCTAssertEqual(sqlite.count, DifferentialTests.cases.count)
        for (i, (s, p)) in zip(sqlite, postgres).enumerated() {
            XCTAssertEqual(p, s, "case \(i): \(DifferentialTests.cases[i].0)")
        }
        XCTAssertGreaterThan(sqlite.filter { !$0.isEmpty }.count, DifferentialTests.cases.count - 2)
    }
}
