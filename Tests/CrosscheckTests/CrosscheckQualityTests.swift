// Holds the cross-check's quality on a demo city against the generator's answer key:
// at least 99.5% precision and 99% recall for every finding code, and no record ever
// tied to the wrong person, by its number or by evidence. POPSH_QUALITY_PERSONS and POPSH_QUALITY_SEED
// measure another city (docs/quality.md gives the command that produced its figures).
// The city is cross-checked on every engine.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class CrosscheckQualityTests: XCTestCase {
    func testQualityOnADemoCity() throws {
        let env = ProcessInfo.processInfo.environment
        let persons = env["POPSH_QUALITY_PERSONS"].flatMap(Int.init) ?? 12_000
        let seed = env["POPSH_QUALITY_SEED"].flatMap(UInt64.init) ?? 4_242_017
        let folder = try temporaryFolder()
        for engine in try EngineDatabases.engines() {
            try check(try QualitySupport.measure(persons: persons, seed: seed, in: folder, on: engine),
                      persons: persons, seed: seed, on: engine)
        }
    }

    private func check(_ figures: QualityFigures, persons: Int, seed: UInt64, on engine: TestEngine) {
        print("quality on \(engine): \(persons) persons, seed \(seed), \(figures.records) records, "
              + String(format: "%.2f s (linking by evidence %.2f s)", figures.seconds, figures.fuzzySeconds))
        print(figures.table)
        print(figures.matchingTable)
        print("right person: \(figures.rightPerson) of \(figures.records); linked by evidence \(figures.linkedByEvidence); "
              + "wrong by number \(figures.wrongByNumber); wrong by evidence \(figures.wrongByEvidence)")
        for line in figures.mistakes.prefix(40) { print("  " + line) }
        XCTAssertGreaterThan(figures.records, 100, "\(engine)")
        XCTAssertEqual(figures.wrongByNumber, 0, "\(engine): no wrong person may be linked by an identity number")
        XCTAssertEqual(figures.wrongByEvidence, 0, "\(engine): no wrong person may be linked by evidence")
        for code in figures.codes.keys.sorted() {
            XCTAssertGreaterThanOrEqual(figures.precision(code), 0.995, "\(engine): precision of \(code)")
            XCTAssertGreaterThanOrEqual(figures.recall(code), 0.99, "\(engine): recall of \(code)")
        }
        XCTAssertGreaterThanOrEqual(Double(figures.rightPerson) / Double(figures.records), 0.995, "\(engine)")
        XCTAssertGreaterThanOrEqual(Double(figures.rightByEvidence) / Double(max(1, figures.linkedByEvidence)), 0.995,
                                    "\(engine): precision of linking by evidence")
        XCTAssertGreaterThanOrEqual(Double(figures.rightByEvidence) / Double(max(1, figures.linkableByEvidence)), 0.99,
                                    "\(engine): recall of linking by evidence")
    }

    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-quality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
