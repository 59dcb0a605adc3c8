// EngineDatabases: the engines a database test runs on, and a fresh database on each.
// SQLite always; PostgreSQL on the server POPSH_TEST_POSTGRES names (scripts/test starts
// one). When CI is set, or scripts/test said a server is expected, and none is named or
// it cannot be reached, `engines()` throws: the test fails, it never skips silently.
// Each PostgreSQL database is a schema of its own on that server, dropped afterwards.

import DataModel
import Foundation

public enum TestEngine: String, CaseIterable, Sendable {
    case sqlite, postgresql
}

public enum EngineDatabases {
    public static let serverVariable = "POPSH_TEST_POSTGRES"

    /// The engines to run each database test on.
    public static func engines() throws -> [TestEngine] {
        let env = ProcessInfo.processInfo.environment
        if let url = env[serverVariable], !url.isEmpty {
            return [.sqlite, .postgresql]
        }
        if env["CI"] != nil || env["POPSH_TEST_POSTGRES_EXPECTED"] != nil {
            throw DatabaseError(message: "\(serverVariable) names no PostgreSQL server, and this run expects one "
                                + "(CI or scripts/test): the PostgreSQL half of this test cannot run")
        }
        return [.sqlite]
    }

    /// A new database on `engine` at the current schema, and what removes it.
    public static func fresh(_ engine: TestEngine) throws -> (database: Database, remove: () -> Void) {
        let (path, remove) = try emptyLocation(engine)
        do {
            return (try Database(path: path), remove)
        } catch {
            remove()
            throw error
        }
    }

    /// Where a database on `engine` may be made (a file path, or a URL naming an empty
    /// schema), for a test that opens it at an older schema version; and what removes it.
    public static func emptyLocation(_ engine: TestEngine) throws -> (path: String, remove: () -> Void) {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-engine-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return (folder.appendingPathComponent("test.db").path, { try? FileManager.default.removeItem(at: folder) })
        case .postgresql:
            let schema = "popsh_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try onServer("CREATE SCHEMA \(schema)")
            return (inSchema(try serverURL(), schema), { try? onServer("DROP SCHEMA \(schema) CASCADE") })
        }
    }

    /// Runs `sql` on the test server on a connection of its own, closed at once: a whole
    /// run makes and drops hundreds of schemas, and the server takes 100 connections.
    public static func onServer(_ sql: String) throws {
        try PostgresConnection(try serverURL()).execute(sql)
    }

    /// `url` with its connections' search path set to `schema` (libpq's `options`).
    public static func inSchema(_ url: String, _ schema: String) -> String {
        url + (url.contains("?") ? "&" : "?") + "options=-c%20search_path%3D\(schema)"
    }

    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[serverVariable], !url.isEmpty else {
            throw DatabaseError(message: "\(serverVariable) names no server: run the tests through scripts/test")
        }
        return url
    }

    /// `Tests/Fixtures/samples`, found from this file's place in the repository.
    public static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/samples").path

    /// A fresh database on `engine` with the sample city imported.
    public static func samplesImported(_ engine: TestEngine) throws -> (database: Database, remove: () -> Void) {
        let (db, remove) = try fresh(engine)
        let summaries = Importer(database: db).importPaths([samples])
        let failed = summaries.compactMap(\.error)
        guard failed.isEmpty, !summaries.isEmpty else {
            remove()
            throw DatabaseError(message: "the samples did not import on \(engine.rawValue): \(failed.joined(separator: "; "))")
        }
        return (db, remove)
    }
}
