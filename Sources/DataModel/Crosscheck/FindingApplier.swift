// FindingApplier: acts on findings, and undoes what it did. A confirmed call is one
// transaction: it records an apply batch, makes every planned change and writes one
// audit_log entry per change (the action, the record, the columns before and after, the
// script and line that asked). Any failure rolls everything back, so WIS is either
// changed as planned or left exactly as it was. Undo checks that each row still holds
// what the batch wrote before restoring it, and is itself a batch in the log.

import Foundation

/// What one call did.
public struct ApplyOutcome: Sendable {
    /// The batch in apply_batches; nil when nothing was written (a dry run, or nothing to do).
    public var batchID: Int64?
    public var changes: [PlannedChange]
    public var changed: Int { changes.filter { $0.skipped == nil }.count }
}

/// Why an action or an undo was refused; nothing was changed.
public struct ApplyError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Plans, applies and undoes actions on findings, each confirmed call one audited transaction.
public final class FindingApplier {
    public let database: Database
    /// The day written into `updated` of changed cards.
    public let today: CivilDate

    public init(database: Database, today: CivilDate) {
        self.database = database
        self.today = today
    }

    /// The changes `action` would make for these findings, nothing written.
    public func plan(_ findings: [FindingReference], _ action: FindingAction) throws -> [PlannedChange] {
        var planner = ActionPlanner(database: database, today: today)
        return try findings.map { try planner.plan($0, action) }
    }

    /// Makes the changes in one transaction; `origin` is the script and line that asked.
    public func apply(_ findings: [FindingReference], _ action: FindingAction, origin: String) throws -> ApplyOutcome {
        try database.transaction {
            let changes = try plan(findings, action)
            guard changes.contains(where: { $0.skipped == nil }) else { return ApplyOutcome(batchID: nil, changes: changes) }
            let batch = try openBatch(action.rawValue, origin: origin, undoes: nil)
            var count = 0
            for change in changes where change.skipped == nil {
                try write(change)
                try audit(batch, action: action.rawValue, table: change.table, key: change.key, before: change.before,
                          after: change.after, origin: "\(origin) (\(change.feed.rawValue) \(change.recordNo))")
                count += 1
            }
            try database.execute("UPDATE apply_batches SET changes = ?1 WHERE id = ?2", [.integer(Int64(count)), .integer(batch)])
            return ApplyOutcome(batchID: batch, changes: changes)
        }
    }

    /// Reverses a batch, newest change first, as a new batch; refuses when a row changed since.
    public func undo(batch: Int64, origin: String) throws -> ApplyOutcome {
        try database.transaction {
            guard let row = try database.query("SELECT action, undoes, undone_by FROM apply_batches WHERE id = ?1",
                                               [.integer(batch)]).first else {
                throw ApplyError("there is no apply batch \(batch) (apply_batches lists them)")
            }
            if let by = row[2].integer { throw ApplyError("batch \(batch) was already undone by batch \(by)") }
            if row[1].integer != nil { throw ApplyError("batch \(batch) is itself an undo; apply the findings again instead") }
            let entries = try database.query("SELECT table_name, record_key, before, after FROM audit_log "
                                             + "WHERE apply_batch = ?1 ORDER BY id DESC", [.integer(batch)])
            let undo = try openBatch("undo", origin: origin, undoes: batch)
            for entry in entries {
                let table = entry[0].text ?? "", key = entry[1].text ?? ""
                let before = ChangeJSON.decode(entry[2].text), after = ChangeJSON.decode(entry[3].text) ?? [:]
                try restore(table: table, key: key, before: before, after: after, batch: batch)
                try audit(undo, action: "undo", table: table, key: key, before: after, after: before ?? [:],
                          origin: "\(origin) (undo of batch \(batch))")
            }
            try database.execute("UPDATE apply_batches SET changes = ?1 WHERE id = ?2",
                                 [.integer(Int64(entries.count)), .integer(undo)])
            try database.execute("UPDATE apply_batches SET undone_by = ?1 WHERE id = ?2", [.integer(undo), .integer(batch)])
            return ApplyOutcome(batchID: undo, changes: [])
        }
    }

    private func openBatch(_ action: String, origin: String, undoes: Int64?) throws -> Int64 {
        try database.execute("INSERT INTO apply_batches (at, action, origin, changes, undoes) "
                             + "VALUES (\(database.dialect.currentTimestamp), ?1, ?2, 0, ?3)",
                             [.text(action), .text(origin), undoes.map { .integer($0) } ?? .null])
        return try database.lastInsertedRowID
    }

    private func audit(_ batch: Int64, action: String, table: String, key: String, before: [String: SQLValue]?,
                       after: [String: SQLValue], origin: String) throws {
        try database.execute("INSERT INTO audit_log (at, action, table_name, record_key, before, after, origin, apply_batch, "
                             + "db_user) VALUES (\(database.dialect.currentTimestamp), ?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                             + "\(database.dialect.currentUser))",
                             [.text(action), .text(table), .text(key), before.map { .text(ChangeJSON.encode($0)) } ?? .null,
                              .text(ChangeJSON.encode(after)), .text(origin), .integer(batch)])
    }

    /// The key columns of a changed row, from its audit key.
    private static func keyCondition(_ table: String, _ key: String) -> (sql: String, values: [SQLValue]) {
        if table == "wis_children" {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            return ("card_no = ?1 AND birth_order = ?2", [.text(parts.first ?? ""), .integer(Int64(parts.last ?? "") ?? -1)])
        }
        return ("card_no = ?1", [.text(key)])
    }

    private func write(_ change: PlannedChange) throws {
        let columns = change.after.keys.sorted()
        let values = columns.map { change.after[$0]! }
        let q = database.dialect
        if change.before == nil {
            try database.execute("INSERT INTO \(q.quote(change.table)) (\(q.quoteList(columns))) VALUES (\(q.placeholders(columns.count)))",
                                 values)
            return
        }
        let key = FindingApplier.keyCondition(change.table, change.key)
        let sets = columns.enumerated().map { "\(q.quote($1)) = ?\($0 + key.values.count + 1)" }.joined(separator: ", ")
        try database.execute("UPDATE \(q.quote(change.table)) SET \(sets) WHERE \(key.sql)", key.values + values)
    }

    private func restore(table: String, key: String, before: [String: SQLValue]?, after: [String: SQLValue], batch: Int64) throws {
        let q = database.dialect
        let condition = FindingApplier.keyCondition(table, key)
        let columns = after.keys.sorted()
        let current = try database.query("SELECT \(q.quoteList(columns)) FROM \(q.quote(table)) WHERE \(condition.sql)", condition.values)
        guard let row = current.first, row == columns.map({ after[$0]! }) else {
            throw ApplyError("cannot undo batch \(batch): \(table) \(key) has changed since (or is gone); nothing was undone")
        }
        guard let before else {
            do {
                try database.execute("DELETE FROM \(q.quote(table)) WHERE \(condition.sql)", condition.values)
            } catch let error as DatabaseError where error.isForeignKey {
                throw ApplyError("cannot undo batch \(batch): \(table) \(key) has rows depending on it since (children "
                                 + "added to the new card); nothing was undone")
            }
            return
        }
        let names = before.keys.sorted()
        let sets = names.enumerated().map { "\(q.quote($1)) = ?\($0 + condition.values.count + 1)" }.joined(separator: ", ")
        try database.execute("UPDATE \(q.quote(table)) SET \(sets) WHERE \(condition.sql)", condition.values + names.map { before[$0]! })
    }
}
