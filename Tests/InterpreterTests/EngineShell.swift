// EngineShell: what the binary and REPL tests give popsh's --db on each engine: an empty
// place for `popsh init` (a file path not yet made, or a URL naming an empty schema on the
// test server), and the sample city imported once per engine for the tests that read it.

import DataModel
import EngineSupport
import Foundation
import XCTest

enum EngineShell {
    /// Where `popsh init` makes a database on `engine`, removed when `test` ends.
    static func emptyLocation(_ engine: TestEngine, for test: XCTestCase) throws -> String {
        let (path, remove) = try EngineDatabases.emptyLocation(engine)
        test.addTeardownBlock(remove)
        return path
    }

    /// `popsh init` of a new database on `engine`; its path or URL.
    static func initialised(_ engine: TestEngine, for test: XCTestCase) throws -> String {
        let path = try emptyLocation(engine, for: test)
        let made = try CommandLineTests.popsh(["init", path])
        XCTAssertEqual(made.status, 0, "\(engine): popsh init \(path): \(made.stderr)")
        return path
    }

    /// Whether anything was made at `location`: the file, or a table in the schema.
    static func holdsADatabase(_ location: String) throws -> Bool {
        guard Database.isServer(location) else { return FileManager.default.fileExists(atPath: location) }
        let tables = try PostgresConnection(location).scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        return tables != .integer(0)
    }

    /// The sample city imported once per engine, for tests that only read it: a file
    /// path, or the URL of the server's schema holding it.
    static func samples(_ engine: TestEngine) throws -> String {
        switch engine {
        case .sqlite: return try BuiltinExampleTests.sampleDatabase
        case .postgresql: return try serverSamples.get(engine)
        }
    }

    /// The URL itself, not the database's name for it, which hides a password.
    private static let serverSamples = PerEngine { engine in
        let db = try EngineDatabases.shared(engine, [BuiltinExampleTests.samplesDirectory.path])
        return EngineDatabases.inSchema(try EngineDatabases.serverURL(), try db.scalar("SELECT current_schema()").text!)
    }
}
