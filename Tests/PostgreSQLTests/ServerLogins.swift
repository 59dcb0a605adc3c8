// Logins of the four roles on the test server, each in the schema of one test's
// database: made through `ServerUsers` as the centre would make them, and opened both
// through popsh's `Database` and through a plain libpq connection, so a test compares
// what popsh and psql see as that person. The tests need the server: without one named
// they are skipped with the reason on a developer's machine and fail in CI (EngineDatabases).

@testable import DataModel
import EngineSupport
import Foundation
import XCTest

/// A login of one role, dropped by `remove()`.
final class TestLogin {
    let name: String
    /// Connects as the login, with the test database's schema as its search path.
    let url: String
    private let admin: Database

    init(_ role: ServerRole, area: String? = nil, in db: Database) throws {
        name = "t_\(role.rawValue)_" + UUID().uuidString.prefix(8).lowercased()
        let password = "pw-" + UUID().uuidString
        try ServerUsers.add(db, login: name, role: role, area: area.flatMap(AreaCode.init), password: password)
        var parts = URLComponents(string: try EngineDatabases.serverURL())!
        parts.user = name
        parts.password = password
        url = EngineDatabases.inSchema(parts.string!, try db.scalar("SELECT current_schema()").text!)
        admin = db
    }

    /// popsh's connection as this login.
    func database() throws -> Database { try Database(path: url, mode: .existing) }

    /// A plain libpq connection as this login, as psql would have.
    func connection() throws -> PostgresConnection { try PostgresConnection(url) }

    func remove() { try? ServerUsers.remove(admin, login: name) }
}

enum ServerLogins {
    /// The township the clerks of these tests work in, and a township of another county.
    static let township = "360502001000", townshipPrefix = "360502001"
    static let elsewhere = "360521001000"

    /// Throws XCTSkip when no server is named and none is expected; in CI `engines()`
    /// throws instead, so the test fails.
    static func requireServer() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else {
            throw XCTSkip("\(EngineDatabases.serverVariable) names no PostgreSQL server; scripts/test starts one")
        }
    }

    /// The sample city on the server, imported by the superuser the tests connect as.
    static func samples() throws -> (database: Database, remove: () -> Void) {
        try requireServer()
        return try EngineDatabases.samplesImported(.postgresql)
    }

    /// The findings of a fresh cross-check run that a new card resolves, chosen by `rule`
    /// on the woman's register row.
    static func newCardFindings(_ db: Database, where rule: String) throws -> [FindingReference] {
        let run = try Crosschecker(database: db).run(.all)
        return try db.query("SELECT f.feed, f.record_no, f.person_id, f.card_no, f.finding FROM crosscheck_findings f "
                            + "JOIN persons p ON p.person_id = f.person_id WHERE f.run_id = ?1 "
                            + "AND f.finding IN ('no_card', 'mother_no_card') AND (\(rule)) ORDER BY f.row_no",
                            [.integer(run.id)]).map(reference)
    }

    static func reference(_ row: [SQLValue]) -> FindingReference {
        FindingReference(feed: CrosscheckFeed(rawValue: row[0].text!)!, recordNo: row[1].text!, personID: row[2].text,
                         cardNo: row[3].text, finding: row[4].text!)
    }

    /// The message of a refused write, or a test failure when it was not refused.
    static func refusal(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("the server allowed it", file: file, line: line)
            return ""
        } catch let error as DatabaseError {
            return error.message
        } catch let error as PostgresError {
            return "\(error.sqlState) \(error.message)"
        } catch {
            return "\(error)"
        }
    }
}
