// The database the Builtins tests query: the repository's sample files imported once per
// test run and engine, and sessions wired to it.

import Foundation
import XCTest
import DataModel
import EngineSupport
import Interpreter
import Builtins

enum TestDatabase {
    /// `Tests/Fixtures/samples`, found from this file's place in the repository.
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/samples").path

    /// The imported samples, shared by every test of the run (tests only read it,
    /// except those that make their own with `fresh()`). A failed import fails each
    /// test that reads it, with the reason, and the run goes on.
    static var shared: Database {
        get throws { try shared(on: .sqlite) }
    }

    private static let imported = PerEngine { try EngineDatabases.shared($0, [samples]) }

    /// The imported samples on `engine`, shared like `shared` (the SQLite one).
    static func shared(on engine: TestEngine) throws -> Database { try imported.get(engine) }

    /// A private import of the samples on SQLite, its folder removed when the run ends.
    static func fresh() throws -> Database {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        AtExit.add { try? FileManager.default.removeItem(at: folder) }
        let db = try Database(path: folder.appendingPathComponent("samples.db").path)
        let summaries = Importer(database: db).importPaths([samples])
        let failed = summaries.compactMap(\.error)
        guard failed.isEmpty, !summaries.isEmpty else {
            throw DatabaseError(message: "the samples in \(samples) did not import: \(failed)")
        }
        return db
    }

    /// A private import of the samples on `engine`, removed when `test` ends.
    static func fresh(on engine: TestEngine, for test: XCTestCase) throws -> Database {
        let (db, remove) = try EngineDatabases.samplesImported(engine)
        test.addTeardownBlock(remove)
        return db
    }

    /// A session over `db`, collecting what it prints.
    static func session(_ db: Database? = nil) throws -> (Session, () -> String) {
        let db = try db ?? shared
        let output = OutputBox()
        let session = Session(library: Builtins.library(), write: { output.text += $0 })
        session.machine.openDatabase = { db }
        return (session, { output.text })
    }
}

final class OutputBox: @unchecked Sendable {
    var text = ""
}
