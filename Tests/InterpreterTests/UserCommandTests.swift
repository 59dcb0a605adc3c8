// `popsh user add|list|remove` through the real binary: on a server a login is made
// with its group, area and a SCRAM verifier (never the password itself), listed and
// dropped; a clerk without an area, an unknown role and a missing password are refused
// with what to do; an SQLite file has no users, and says so.

import DataModel
import EngineSupport
import Foundation
import XCTest

final class UserCommandTests: XCTestCase {
    func testUsersExistOnlyOnAServer() throws {
        let path = NSTemporaryDirectory() + "popsh-users-\(UUID().uuidString).db"
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try CommandLineTests.popsh(["init", path]).status, 0)
        let listed = try CommandLineTests.popsh(["user", "list", "--db", path])
        XCTAssertEqual(listed.status, 1)
        XCTAssertTrue(listed.stderr.contains("users exist only on a PostgreSQL server; \(path) is an SQLite file"), listed.stderr)
    }

    func testAddListAndRemoveOnTheServer() throws {
        guard try EngineDatabases.engines().contains(.postgresql) else {
            throw XCTSkip("\(EngineDatabases.serverVariable) names no PostgreSQL server; scripts/test starts one")
        }
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        defer { remove() }
        let url = EngineDatabases.inSchema(try EngineDatabases.serverURL(), try db.scalar("SELECT current_schema()").text!)
        let name = "t_cli_" + UUID().uuidString.prefix(8).lowercased()
        let secret = NSTemporaryDirectory() + "popsh-secret-\(UUID().uuidString)"
        try "s3cret-line\nignored\n".write(toFile: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: secret) }
        defer { _ = try? CommandLineTests.popsh(["user", "remove", name, "--db", url]) }

        let noArea = try CommandLineTests.popsh(["user", "add", name, "--role", "clerk", "--password-file", secret, "--db", url])
        XCTAssertEqual(noArea.status, 1)
        XCTAssertTrue(noArea.stderr.contains("a clerk works in one area: give it with --area CODE"), noArea.stderr)
        let badRole = try CommandLineTests.popsh(["user", "add", name, "--role", "boss", "--password-file", secret, "--db", url])
        XCTAssertEqual(badRole.status, 2)
        XCTAssertTrue(badRole.stderr.contains("--role boss is not a role"), badRole.stderr)
        let noPassword = try CommandLineTests.popsh(["user", "add", name, "--role", "analyst", "--db", url])
        XCTAssertNotEqual(noPassword.status, 0)
        XCTAssertTrue(noPassword.stderr.contains("give it with --password-file FILE"), noPassword.stderr)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM pg_roles WHERE rolname = ?1", [.text(name)]), .integer(0))

        let added = try CommandLineTests.popsh(["user", "add", name, "--role", "clerk", "--area", "360502001",
                                                "--password-file", secret, "--db", url])
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertTrue(added.stdout.hasPrefix("added \(name) as clerk of area 360502001000"), added.stdout)
        let verifier = try db.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = ?1", [.text(name)]).text ?? ""
        XCTAssertTrue(verifier.hasPrefix("SCRAM-SHA-256$"), "the server keeps a verifier, not the password")
        XCTAssertFalse(verifier.contains("s3cret-line"))
        XCTAssertEqual(try db.scalar("SELECT pg_has_role(?1, 'popsh_clerk', 'MEMBER')", [.text(name)]), .integer(1))
        let again = try CommandLineTests.popsh(["user", "add", name, "--role", "analyst", "--password-file", secret, "--db", url])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("already has a role \(name)"), again.stderr)

        let listed = try CommandLineTests.popsh(["user", "list", "--db", url])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.hasPrefix("login,role,area\n"))
        XCTAssertTrue(listed.stdout.contains("\n\(name),clerk,360502001\n"), listed.stdout)

        let removed = try CommandLineTests.popsh(["user", "remove", name, "--db", url])
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM pg_roles WHERE rolname = ?1", [.text(name)]), .integer(0))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM popsh_user_areas"), .integer(0))
        XCTAssertFalse(try CommandLineTests.popsh(["user", "list", "--db", url]).stdout.contains(name))
    }
}
