// SampleDatabase: the department samples of ../shared/samples imported into a fresh
// database, once per test run, as every statistics test reads them.

import DataModel
import Foundation
import XCTest

enum SampleDatabase {
    /// The samples folder beside the repository (`<repo>/../shared/samples`).
    static var samples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/samples").path
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
