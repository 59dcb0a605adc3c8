// ServerUsers: the centre's people as PostgreSQL logins, each granted one of the four
// groups of `ServerRoles`, a clerk with an area in `popsh_user_areas`. DDL takes no bound
// parameters, so names and password verifiers reach the statements through the server's
// own `format('%I', …)` and `format('%L', …)` quoting, never through popsh's text; the
// password leaves popsh only as the verifier libpq computes (SCRAM), never in clear.

import CLibPQ

/// One login popsh knows on the server.
public struct ServerUser: Sendable, Equatable {
    public let login: String
    public let role: ServerRole
    /// The clerk's area prefix (2 to 12 digits); nil for the other roles.
    public let area: String?
}

public enum ServerUsers {
    /// Creates `login` with `password`, granted `role`; a clerk needs `area`, the others
    /// must not have one. Runs as a server user with CREATEROLE.
    public static func add(_ db: Database, login: String, role: ServerRole, area: AreaCode?, password: String) throws {
        let engine = try server(db)
        guard !login.isEmpty, !login.hasPrefix("popsh_"), !login.hasPrefix("pg_") else {
            throw DatabaseError(message: "\(login.isEmpty ? "an empty name" : login) cannot be a login: names starting "
                                + "with popsh_ or pg_ are the server's and popsh's own roles")
        }
        if role == .clerk, area == nil {
            throw DatabaseError(message: "a clerk works in one area: give it with --area CODE (a township's 12-digit code)")
        }
        if role != .clerk, let area {
            throw DatabaseError(message: "only a clerk has an area; \(role.rawValue) \(login) sees the whole city "
                                + "(drop --area \(area.full))")
        }
        if try db.scalar("SELECT count(*) FROM pg_roles WHERE rolname = ?1", [.text(login)]) != .integer(0) {
            throw DatabaseError(message: "the server already has a role \(login); choose another name, or remove it "
                                + "first with: popsh user remove \(login)")
        }
        let verifier = try encrypt(password, for: login, engine)
        try db.transaction {
            try runFormatted(db, "CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I", [login, verifier, role.group])
            if let area {
                try db.execute("INSERT INTO \(ServerRoles.userAreas) (role, area_prefix) VALUES (?1, ?2)",
                               [.text(login), .text(area.prefix)])
            }
        }
    }

    /// Every login granted one of popsh's groups, by name.
    public static func list(_ db: Database) throws -> [ServerUser] {
        _ = try server(db)
        return try db.query("SELECT m.rolname, g.rolname, a.area_prefix FROM pg_auth_members am "
                            + "JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member "
                            + "LEFT JOIN \(ServerRoles.userAreas) a ON a.role = m.rolname "
                            + "WHERE g.rolname LIKE 'popsh\\_%' AND m.rolcanlogin ORDER BY m.rolname, g.rolname")
            .compactMap { row in
                guard let login = row[0].text, let role = row[1].text.flatMap(ServerRole.init(group:)) else { return nil }
                return ServerUser(login: login, role: role, area: row[2].text)
            }
    }

    /// Drops `login`'s role and area. The audit keeps the name in the rows it wrote.
    public static func remove(_ db: Database, login: String) throws {
        _ = try server(db)
        guard try list(db).contains(where: { $0.login == login }) else {
            throw DatabaseError(message: "\(login) is not one of popsh's users on \(db.path) (popsh user list shows them)")
        }
        try db.transaction {
            try db.execute("DELETE FROM \(ServerRoles.userAreas) WHERE role = ?1", [.text(login)])
            try runFormatted(db, "DROP ROLE %I", [login])
        }
    }

    private static func server(_ db: Database) throws -> PostgresEngine {
        guard let engine = db.engine as? PostgresEngine else {
            throw DatabaseError(message: "users exist only on a PostgreSQL server: \(db.path) is an SQLite file, which "
                                + "whoever can read the file reads whole (open a postgresql:// URL with --db)")
        }
        return engine
    }

    /// Has the server quote `values` into `template` and runs the statement it made.
    private static func runFormatted(_ db: Database, _ template: String, _ values: [String]) throws {
        let arguments = values.indices.map { "?\($0 + 2)::text" }.joined(separator: ", ")
        guard let statement = try db.scalar("SELECT format(?1::text, \(arguments))", [.text(template)] + values.map(SQLValue.text)).text
        else { throw DatabaseError(message: "the server could not write the statement for \(template)") }
        try db.execute(statement)
    }

    /// The verifier the server stores, computed here with the server's own algorithm.
    private static func encrypt(_ password: String, for login: String, _ engine: PostgresEngine) throws -> String {
        guard !password.isEmpty else { throw DatabaseError(message: "the password for \(login) is empty") }
        guard let result = PQencryptPasswordConn(engine.connection.handle, password, login, nil) else {
            throw DatabaseError(message: "cannot compute the password verifier for \(login): "
                                + String(cString: PQerrorMessage(engine.connection.handle)))
        }
        defer { PQfreemem(result) }
        return String(cString: result)
    }
}
