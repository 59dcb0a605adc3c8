// SampleDatabase: the department samples of Tests/Fixtures/samples, or a small demo city,
// imported into a fresh database, as the statistics tests read them.

import DataModel
import Foundation
import XCTest

enum SampleDatabase {
    /// The repository's samples folder (`Tests/Fixtures/samples`).
    static var samples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/samples").path
    }

    /// A new database in a temporary folder with every sample file imported.
    static func make() throws -> Database {
        let folder = NSTemporaryDirectory() + "popsh-report-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = try Database(path: folder + "/samples.db")
        let summaries = Importer(database: db).importPaths([samples])
        let failed = summaries.compactMap(\.error)
        guard failed.isEmpty, summaries.count > 40 else {
            throw DatabaseError(message: "sample import failed: \(failed) (\(summaries.count) files)")
        }
        return db
    }
}

extension SampleDatabase {
    /// A demo city of `persons` generated and imported into a fresh database.
    static func demoCity(persons: Int, seed: UInt64) throws -> Database {
        let folder = NSTemporaryDirectory() + "popsh-report-demo-\(UUID().uuidString)"
        let demo = try DemoCity.generate(DemoConfig(persons: persons, seed: seed), into: folder + "/files")
        let db = try Database(path: folder + "/demo.db")
        // truth.csv is the generator's answer key for the cross-check, not data.
        let data = demo.files.filter { !$0.hasSuffix("/truth.csv") }
        let failed = Importer(database: db).importPaths(data).compactMap(\.error)
        guard failed.isEmpty else { throw DatabaseError(message: "demo city import failed: \(failed)") }
        return db
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
