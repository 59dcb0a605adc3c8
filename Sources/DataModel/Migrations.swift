// Migrations: the schema's version history, one definition for both engines (DDL goes
// through the dialect). The version lives where the engine keeps it (SQLite's
// `PRAGMA user_version`, PostgreSQL's `popsh_schema` table); opening a database runs
// every step above its version, all in one transaction, so a database is either wholly
// migrated or left as it was.
// A released step never changes: a later change to a table is a new step that alters it.

enum Migrations {
    struct Step: Sendable {
        let version: Int
        let summary: String
        let apply: @Sendable (Database) throws -> Void
    }

    static let steps: [Step] = [
        Step(version: 1, summary: "register, WIS, feed and import tables") { db in
            for table in Schema.coreTables { try db.execute(table.createStatement(db.dialect)) }
        },
        Step(version: 2, summary: "audit log and analyst indexes") { db in
            try db.execute(Schema.auditLog.createStatement(db.dialect))
            for index in Schema.indexes {
                try db.execute(Schema.createIndexStatement(table: index.table, columns: index.columns, db.dialect))
            }
        },
        Step(version: 3, summary: "stored residence and hukou codes, population type, cohort indexes") { db in
            try DerivedColumns.migrate(db)
        },
        Step(version: 4, summary: "cross-check runs and findings, apply batches, audit entries tied to them") { db in
            try CrosscheckSchema.migrate(db)
        },
        Step(version: 5, summary: "derived register codes written by the importer, not by triggers") { db in
            try DerivedColumns.dropTriggers(db)
        },
        Step(version: 6, summary: "covering index of the control statistics' married-women count") { db in
            try StatisticsSchema.migrate(db)
        },
        Step(version: 7, summary: "covering indexes of separation, cohorts by township and card coverage") { db in
            try QueryIndexes.migrate(db)
        },
        Step(version: 8, summary: "drop the residence-area index that the separation index makes redundant") { db in
            try QueryIndexes.dropRedundant(db)
        },
        Step(version: 9, summary: "the register's key as an index the importer can build after a load") { db in
            try RegisterKey.migrate(db)
        },
        Step(version: 10, summary: "birth-date and name indexes widened for linking by evidence; the county index dropped") { db in
            try QueryIndexes.reshapeForLinkage(db)
        },
        Step(version: 11, summary: "one quarantine row per file line; corrected rows counted apart from loaded ones") { db in
            try ImportBookkeeping.migrate(db)
        },
        Step(version: 12, summary: "findings name a newborn's child beside the mother; runs keep the day they check for; "
             + "WIS cards searchable by name and birth date") { db in
            try CrosscheckSchema.migratePersonConcerned(db)
        },
        Step(version: 13, summary: "targets (考核目标) with the seed's three as defaults; findings' sentences in Chinese; "
             + "the official form's settings") { db in
            try Targets.migrate(db)
            try CrosscheckSchema.addChineseDetail(db)
            try ReportSettings.migrate(db)
        },
        Step(version: 14, summary: "the audit names the database user who made each change") { db in
            try db.execute("ALTER TABLE audit_log ADD COLUMN db_user \(db.dialect.typeName(.text))")
        },
        Step(version: 15, summary: "a partial index of the register's collective hukou, for pocket households") { db in
            try QueryIndexes.addCollectiveHukou(db)
        },
        Step(version: 16, summary: "on a server: the analyst, clerk, department and admin roles, clerks' areas, "
             + "row-level security on persons, cards and feed records") { db in
            try ServerRoles.migrate(db)
        },
        Step(version: 17, summary: "summary views of births, marriages, pregnancies and migration by township and month; "
             + "every card's number as a view; each import names the database user who ran it") { db in
            try SummaryViews.migrate(db)
            try db.execute("ALTER TABLE imports ADD COLUMN db_user \(db.dialect.typeName(.text))")
        },
        Step(version: 18, summary: "a birthday's people by given name and a name's bearers by month and day, "
             + "for linking by evidence") { db in
            try QueryIndexes.addLinkageProbes(db)
        },
    ]

    /// The first version whose server tables carry the roles' rights.
    static let rolesVersion = 16

    static var latestVersion: Int { steps.last!.version }

    /// The schema version the database is at (0 for a new file).
    static func version(of db: Database) throws -> Int {
        try db.engine.schemaVersion()
    }

    /// Opens a server's database: `.create` makes or migrates the schema, `.existing`
    /// wants one popsh made (a server's empty database is not silently filled).
    static func open(_ db: Database, to target: Int, mode: OpenMode) throws {
        if mode == .existing, try version(of: db) == 0 {
            throw DatabaseError(message: "\(db.path) holds no popsh database (no popsh_schema table in its search path); "
                                + "create one with: popsh init \(db.path)")
        }
        try migrate(db, to: target)
    }

    /// Refuses a database a read-only connection cannot use: one that needs migrating
    /// (which writes) or was written by a newer popsh.
    static func requireCurrent(_ db: Database) throws {
        let current = try version(of: db)
        guard current != latestVersion else { return }
        throw DatabaseError(message: current > latestVersion
            ? "\(db.path) has schema version \(current), newer than this popsh knows (\(latestVersion)); open it with a newer popsh"
            : "\(db.path) has schema version \(current) and this popsh needs \(latestVersion), but it is read-only; "
                + "open it once where it can be written to migrate it")
    }

    /// Brings `db` up to `target`; refuses a database written by a newer popsh.
    static func migrate(_ db: Database, to target: Int) throws {
        let current = try version(of: db)
        guard current <= latestVersion else {
            throw DatabaseError(message: "\(db.path) has schema version \(current), newer than this popsh "
                                + "knows (\(latestVersion)); open it with a newer popsh")
        }
        let pending = steps.filter { $0.version > current && $0.version <= target }
        guard !pending.isEmpty else { return }
        try db.transaction {
            // Another popsh may have migrated while this one waited for the writer's lock.
            guard try version(of: db) == current else { return }
            for step in pending {
                do {
                    try step.apply(db)
                } catch let error as DatabaseError {
                    throw DatabaseError(message: "migration \(step.version) (\(step.summary)) failed: \(error.message)",
                                        sql: error.sql, code: error.code, sqlState: error.sqlState)
                }
            }
            try db.engine.setSchemaVersion(pending.last!.version)
            // After the version table exists, which the groups read too.
            if db.engine is PostgresEngine, pending.last!.version >= rolesVersion { try ServerRoles.grant(db) }
        }
    }
}
