// SampleDatabase: the department samples of Tests/Fixtures/samples, or a small demo city,
// imported into a fresh database on an engine, as the statistics tests read them.

import DataModel
import EngineSupport
import Foundation
import XCTest

enum SampleDatabase {
    /// The repository's samples folder (`Tests/Fixtures/samples`).
    static var samples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/samples").path
    }

    /// A new database on `engine` with every sample file imported, kept until the tests end.
    static func make(on engine: TestEngine = .sqlite) throws -> Database {
        let db = try EngineDatabases.shared(engine, [samples])
        let files = try db.scalar("SELECT count(*) FROM imports").integer ?? 0
        guard files > 40 else { throw DatabaseError(message: "sample import on \(engine) read only \(files) files") }
        return db
    }

    private static let templates = PerEngine { try EngineDatabases.template($0, [samples]) }

    /// A private copy of the imported samples on `engine`, removed when `test` ends.
    static func copy(on engine: TestEngine, for test: XCTestCase) throws -> Database {
        let (db, remove) = try EngineDatabases.copy(try templates.get(engine))
        test.addTeardownBlock(remove)
        return db
    }
}

extension SampleDatabase {
    /// A demo city of `persons` generated into a temporary folder (`files`) and imported
    /// into a fresh database on `engine`, kept until the tests end and removed then.
    static func demoCity(persons: Int, seed: UInt64, on engine: TestEngine = .sqlite) throws
        -> (database: Database, files: String) {
        let parent = NSTemporaryDirectory() + "popsh-report-demo-\(UUID().uuidString)"
        AtExit.add { try? FileManager.default.removeItem(atPath: parent) }
        let folder = parent + "/files"
        let demo = try DemoCity.generate(DemoConfig(persons: persons, seed: seed), into: folder)
        // truth.csv is the generator's answer key for the cross-check, not data.
        return (try EngineDatabases.shared(engine, demo.files.filter { !$0.hasSuffix("/truth.csv") }), folder)
    }
}

/// Every row of a query as text columns (NULL as nil), for computations done in the test.
func rows(_ db: Database, _ sql: String) throws -> [[String?]] {
    try db.query(sql).map { row in
        row.map { value in
            switch value {
            case .null: return nil
            case .integer(let i): return String(i)
            case .real(let d): return String(d)
            case .text(let s): return s
            }
        }
    }
}
