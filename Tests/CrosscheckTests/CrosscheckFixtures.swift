// Databases the cross-check tests share: the departments' sample city and a small demo
// city, each imported once per engine and test run and copied for every test that
// writes, so no test sees another's changes.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

enum CrosscheckFixtures {
    /// `Tests/Fixtures/samples`, found from this file's place in the repository.
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/samples")

    enum City {
        /// The departments' sample city.
        case samples
        /// A demo city of 8,000 persons with every finding code (seed used by no other test).
        case demo
    }

    private static let sampleTemplates = PerEngine { try EngineDatabases.template($0, [samples.path]) }

    private static let demoFiles = Result { () throws -> [String] in
        let city = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-xcheck-demo-\(getpid())").path
        AtExit.add { try? FileManager.default.removeItem(atPath: city) }
        _ = try DemoCity.generate(DemoConfig(persons: 8_000, seed: 77_003), into: city)
        return ["areas.csv", "units.csv", "persons.csv", "wis_cards.csv", "wis_children.csv", "feeds"].map { city + "/" + $0 }
    }

    private static let demoTemplates = PerEngine { try EngineDatabases.template($0, try demoFiles.get()) }

    /// A private copy of `city` imported on `engine`, removed when the test ends. A city
    /// that cannot be set up fails each test that reads it, with the reason.
    static func copy(_ city: City, on engine: TestEngine, for test: XCTestCase) throws -> Database {
        let template = try (city == .samples ? sampleTemplates : demoTemplates).get(engine)
        let (db, remove) = try EngineDatabases.copy(template)
        test.addTeardownBlock(remove)
        return db
    }

    /// The WIS tables' content, for before/after comparisons (no engine-only column).
    static func wis(_ db: Database) throws -> [[SQLValue]] {
        let cards = try EngineDatabases.columns(of: "wis_cards", in: db).map(db.dialect.quote).joined(separator: ", ")
        let children = try EngineDatabases.columns(of: "wis_children", in: db).map(db.dialect.quote).joined(separator: ", ")
        return try db.query("SELECT \(cards) FROM wis_cards ORDER BY card_no")
            + db.query("SELECT \(children) FROM wis_children ORDER BY card_no, birth_order")
    }

    /// The findings of a run with a code, as an action reads them.
    static func findings(_ db: Database, run: Int64, code: String) throws -> [FindingReference] {
        try db.query("SELECT feed, record_no, person_id, card_no, finding FROM crosscheck_findings WHERE run_id = ?1 "
                     + "AND finding = ?2 ORDER BY \(db.dialect.rowOrder)", [.integer(run), .text(code)]).map {
            FindingReference(feed: CrosscheckFeed(rawValue: $0[0].text!)!, recordNo: $0[1].text!, personID: $0[2].text,
                             cardNo: $0[3].text, finding: $0[4].text!)
        }
    }
}
