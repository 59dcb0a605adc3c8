// ServerRoles: the four kinds of people who work on the city's shared server, as
// PostgreSQL group roles, and what each may read and write (migration 16). popsh's
// tables are handed to the `popsh_admin` group, so every admin imports and migrates as
// their owner; analysts read everything; clerks read and write through the area
// policies of `AreaPolicies`; departments read only the summary views. On an SQLite
// file there are no database users and the step does nothing.

/// A kind of person working on the shared database; each is a PostgreSQL group role.
public enum ServerRole: String, CaseIterable, Sendable {
    case analyst, clerk, department, admin

    /// The group role a login is granted.
    public var group: String { "popsh_" + rawValue }

    /// What the role may do, as `popsh user` and the docs say it.
    public var summary: String {
        switch self {
        case .analyst: return "reads everything, writes nothing"
        case .clerk: return "reads and applies findings for persons, cards and feed records of one area"
        case .department: return "reads the summary views the centre publishes back, no person's row"
        case .admin: return "imports, migrates, cross-checks and applies for the whole city"
        }
    }

    /// The role whose group is `group`, nil for any other role name.
    public init?(group: String) {
        guard group.hasPrefix("popsh_"), let role = ServerRole(rawValue: String(group.dropFirst(6))) else { return nil }
        self = role
    }
}

enum ServerRoles {
    /// Who works in which area: one row per clerk, keyed by the login (`session_user`).
    static let userAreas = "popsh_user_areas"

    /// The tables a clerk changes when applying findings (and undoing them).
    static let clerkWrites = ["wis_cards", "wis_children"]

    /// The server's refusal (SQLSTATE 42501) in words a clerk can act on. Whatever the
    /// statement was, its transaction is rolled back, so nothing of it was written.
    static func refusal(_ message: String, user: String, location: String) -> String {
        let table = message.split(separator: "\"").dropFirst().first.map(String.init)
            ?? message.split(separator: " ").last.map(String.init) ?? "it"
        if message.hasPrefix("new row violates row-level security") {
            return "\(user) may not write that row of \(table): it lies outside the area \(user) works in "
                + "(row-level security on \(location)); nothing was written"
        }
        if message.hasPrefix("permission denied for") {
            return "\(user) may not \(message.hasPrefix("permission denied for view") ? "read" : "use") \(table) this way: "
                + "the role \(user) has on \(location) does not allow it (popsh user list shows each user's role); "
                + "nothing was written"
        }
        return "\(user) is not allowed to do this on \(location): \(message); nothing was written"
    }

    /// Migration 16.
    static func migrate(_ db: Database) throws {
        guard let engine = db.engine as? PostgresEngine else { return }
        try createGroups(db, engine)
        try db.execute("CREATE TABLE \(userAreas) (role TEXT COLLATE \"C\" PRIMARY KEY, "
                       + "area_prefix TEXT COLLATE \"C\" NOT NULL CHECK (area_prefix ~ '^[0-9]{2,12}$'))")
        try AreaPolicies.create(db)
        // Granted once, by the schema's owner: an admin who migrates later need not own it.
        let everyone = ServerRole.allCases.map(\.group).joined(separator: ", ")
        try db.execute("GRANT USAGE ON SCHEMA \(try schema(db)) TO \(everyone)")
        try db.execute("GRANT CREATE ON SCHEMA \(try schema(db)) TO popsh_admin")
    }

    /// The schema popsh's tables are in, quoted.
    private static func schema(_ db: Database) throws -> String {
        db.dialect.quote(try db.scalar("SELECT current_schema()").text ?? "public")
    }

    /// The groups are the server's, shared by every database on it: made once, kept when
    /// they exist (another city's database, or a second `popsh init`).
    private static func createGroups(_ db: Database, _ engine: PostgresEngine) throws {
        let names = ServerRole.allCases.map(\.group)
        let existing = Set(try db.query("SELECT rolname FROM pg_roles WHERE rolname = ANY(string_to_array(?1, ','))",
                                        [.text(names.joined(separator: ","))]).compactMap { $0[0].text })
        let missing = names.filter { !existing.contains($0) }
        guard !missing.isEmpty else { return }
        let mayCreate = try db.scalar("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        guard mayCreate == .integer(1) else {
            throw DatabaseError(message: "\(engine.user) may not create roles, and the server lacks popsh's group roles "
                                + missing.joined(separator: ", ") + ": migrate once as a user with CREATEROLE, or have "
                                + "the server's administrator run " + missing.map { "CREATE ROLE \($0) NOLOGIN;" }.joined(separator: " "))
        }
        for name in missing {
            // Two servers' first migrations may race for the same name: the loser keeps the winner's role.
            try db.execute("DO $$ BEGIN CREATE ROLE \(name) NOLOGIN; "
                           + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
        }
    }

    /// Gives each group its rights on every popsh table of the schema, and the tables to
    /// `popsh_admin`. Idempotent: `Migrations` runs it after every migration from 16 on
    /// (once `popsh_schema` exists), so a table a later step makes is handed over and
    /// readable as well.
    static func grant(_ db: Database) throws {
        let s = try schema(db)
        try handOver(db)
        try db.execute("GRANT SELECT ON ALL TABLES IN SCHEMA \(s) TO popsh_analyst, popsh_clerk")
        // The quarantine keeps whole raw lines of every area's people.
        try db.execute("REVOKE SELECT ON quarantine FROM popsh_clerk")
        try db.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON \(clerkWrites.joined(separator: ", ")) TO popsh_clerk")
        try db.execute("GRANT INSERT, UPDATE ON apply_batches TO popsh_clerk")
        try db.execute("GRANT INSERT ON audit_log TO popsh_clerk")
        // lastval() after an insert wants the identity's sequence readable.
        try db.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \(s) TO popsh_clerk")
        try db.execute("GRANT SELECT ON popsh_schema, areas TO popsh_department")
        let views = try db.query("SELECT viewname FROM pg_views WHERE schemaname = current_schema() AND viewname LIKE 'summary\\_%'")
            .compactMap { $0[0].text }
        for view in views { try db.execute("GRANT SELECT ON \(db.dialect.quote(view)) TO popsh_department") }
    }

    /// Makes `popsh_admin` the owner of the schema's tables and views this login owns: an
    /// admin then migrates, builds indexes and analyzes as the owner, and the owner's
    /// reads are not filtered by the area policies.
    private static func handOver(_ db: Database) throws {
        let superuser = try db.scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == .integer(1)
        if !superuser, try db.scalar("SELECT pg_has_role(current_user, 'popsh_admin', 'MEMBER')") != .integer(1) {
            // ALTER … OWNER TO wants the new owner to be a role this login belongs to.
            try db.execute("DO $$ BEGIN EXECUTE format('GRANT popsh_admin TO %I', current_user); END $$")
        }
        try db.execute("""
            DO $$ DECLARE r record; BEGIN
              FOR r IN SELECT c.relname, c.relkind FROM pg_class c
                       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v', 'p')
                         AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) LOOP
                EXECUTE format(CASE r.relkind WHEN 'v' THEN 'ALTER VIEW %I OWNER TO popsh_admin'
                                              ELSE 'ALTER TABLE %I OWNER TO popsh_admin' END, r.relname);
              END LOOP;
            END $$
            """)
    }
}
