// The database the Builtins tests query: the shared sample files imported once per test
// run into a temporary file, and sessions wired to it.

import Foundation
import XCTest
import DataModel
import Interpreter
import Builtins

enum TestDatabase {
    /// `<repo>/../shared/samples`, found from this file's place in the repository.
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/samples").path

    /// The imported samples, shared by every test of the run (tests only read it,
    /// except those that make their own with `fresh()`).
    static let shared: Database = {
        try! fresh()
    }()

    static func fresh() throws -> Database {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = try Database(path: folder.appendingPathComponent("samples.db").path)
        let summaries = Importer(database: db).importPaths([samples])
        precondition(summaries.allSatisfy { $0.error == nil }, "the samples did not import: \(summaries.compactMap(\.error))")
        return db
    }

    /// A session over `db`, collecting what it prints.
    static func session(_ db: Database = shared) -> (Session, () -> String) {
        let output = OutputBox()
        let session = Session(library: Builtins.library(), write: { output.text += $0 })
        session.machine.openDatabase = { db }
        return (session, { output.text })
    }
}

final class OutputBox: @unchecked Sendable {
    var text = ""
}
