// The PostgreSQL server the tests use: the throwaway one scripts/test starts
// (scripts/pg-server), named by POPSH_TEST_POSTGRES. A test that needs it and cannot
// have it fails with the reason; it never skips.

import DataModel
import Foundation
import XCTest

enum PostgresServer {
    static let variable = "POPSH_TEST_POSTGRES"

    /// A connection in a schema of its own, dropped when the test ends.
    static func connect(_ test: XCTestCase) throws -> PostgresConnection {
        guard let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty else {
            throw PostgresError(message: "\(variable) names no server: run the tests through scripts/test, which starts one "
                                + "(or set it to a postgresql:// URL)", sqlState: "", sql: nil)
        }
        let connection = try PostgresConnection(url)
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try connection.execute("CREATE SCHEMA \(schema)")
        try connection.execute("SET search_path = \(schema)")
        test.addTeardownBlock { try? connection.execute("DROP SCHEMA \(schema) CASCADE") }
        return connection
    }
}
