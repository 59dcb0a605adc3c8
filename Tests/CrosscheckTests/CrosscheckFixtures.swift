// Databases the cross-check tests share: the departments' sample city and a small demo
// city, each imported once per test run and copied for every test that writes, so no
// test sees another's changes.

import Foundation
import XCTest
@testable import DataModel

enum CrosscheckFixtures {
    /// `Tests/Fixtures/samples`, found from this file's place in the repository.
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/samples")

    private static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-xcheck-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // The fixtures live as long as the test process; it removes them when it exits.
        atexit { try? FileManager.default.removeItem(at: CrosscheckFixtures.folder) }
        return url
    }()

    /// The sample city, imported. Like every fixture here, one that cannot be set up
    /// fails each test that reads it, with the reason; the run goes on.
    static var sampleCity: String {
        get throws { try importedSamples.get() }
    }

    /// A demo city of 8,000 persons with every finding code (seed used by no other test).
    static var demoCity: String {
        get throws { try importedDemo.get() }
    }

    private static let importedSamples = Result { try imported("samples") { [samples.path] } }

    private static let importedDemo = Result {
        try imported("demo") {
            let city = folder.appendingPathComponent("demo-files").path
            _ = try DemoCity.generate(DemoConfig(persons: 8_000, seed: 77_003), into: city)
            return ["areas.csv", "units.csv", "persons.csv", "wis_cards.csv", "wis_children.csv", "feeds"].map { city + "/" + $0 }
        }
    }

    private static func imported(_ name: String, _ paths: () throws -> [String]) throws -> String {
        let path = folder.appendingPathComponent("\(name).db").path
        try? FileManager.default.removeItem(atPath: path)
        let db = try Database(path: path)
        let summaries = Importer(database: db).importPaths(try paths())
        let failed = summaries.compactMap(\.error)
        guard failed.isEmpty, !summaries.isEmpty else {
            throw DatabaseError(message: "the \(name) fixture did not import: \(failed)")
        }
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return path
    }

    /// A private copy of a fixture database, removed when the test ends.
    static func copy(_ source: String, for test: XCTestCase) throws -> Database {
        let path = folder.appendingPathComponent("copy-\(UUID().uuidString).db").path
        try FileManager.default.copyItem(atPath: source, toPath: path)
        test.addTeardownBlock {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        return try Database(path: path)
    }

    /// The WIS tables' content, for before/after comparisons.
    static func wis(_ db: Database) throws -> [[SQLValue]] {
        try db.query("SELECT * FROM wis_cards ORDER BY card_no") + db.query("SELECT * FROM wis_children ORDER BY card_no, birth_order")
    }

    /// The findings of a run with a code, as an action reads them.
    static func findings(_ db: Database, run: Int64, code: String) throws -> [FindingReference] {
        try db.query("SELECT feed, record_no, person_id, card_no, finding FROM crosscheck_findings WHERE run_id = ?1 "
                     + "AND finding = ?2 ORDER BY rowid", [.integer(run), .text(code)]).map {
            FindingReference(feed: CrosscheckFeed(rawValue: $0[0].text!)!, recordNo: $0[1].text!, personID: $0[2].text,
                             cardNo: $0[3].text, finding: $0[4].text!)
        }
    }
}
