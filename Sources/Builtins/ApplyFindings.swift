// Apply builtins: acting on findings and undoing it. Without confirm: true, apply only
// prints what it would change; with it, the changes are one transaction with an audit
// entry each, tied to a batch that undo(batch) reverses.

import DataModel
import Interpreter

enum ApplyOutput {
    static let columns = [PlanColumn("batch", .integer), PlanColumn("action", .text), PlanColumn("feed", .text),
                          PlanColumn("record_no", .text), PlanColumn("table_name", .text), PlanColumn("record_key", .text),
                          PlanColumn("before", .text), PlanColumn("after", .text), PlanColumn("skipped", .text)]

    /// One row per finding: the change made (or planned), or why nothing is done.
    static func table(_ c: Call, _ changes: [PlannedChange], batch: Int64?) throws -> Value {
        let rows = changes.map { change -> [SQLValue] in
            [change.skipped == nil ? batch.map { .integer($0) } ?? .null : .null, .text(change.action.rawValue),
             .text(change.feed.rawValue), .text(change.recordNo), .text(change.table), .text(change.key),
             change.before.map { .text(describe($0)) } ?? .null,
             change.skipped == nil ? .text(describe(change.after)) : .null, change.skipped.map { .text($0) } ?? .null]
        }
        return try CrosscheckArguments.guarding(c) { db in
            .table(Table(plan: try ScratchTable.create(db, prefix: "changes", columns: columns, rows: rows)))
        }
    }

    static func describe(_ values: [String: SQLValue]) -> String {
        values.keys.sorted().map { "\($0) = \(text(values[$0]!))" }.joined(separator: ", ")
    }

    static func text(_ v: SQLValue) -> String {
        switch v {
        case .null: return "empty"
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        }
    }
}

let applyBuiltins: [Builtin] = [
    Builtin("apply(findings, action, confirm = false)",
            doc: "Acts on findings: new_card, add_child, close_card, transfer_card or close_pregnancy. Returns the changes "
                + "(batch empty: only planned); confirm: true makes them in one audited transaction that undo(batch) reverses.",
            example: "apply((crosscheck(abortions) | where finding == \"pregnancy_still_open\"), \"close_pregnancy\") "
                + "| select record_no, record_key, batch",
            result: "┌───────────────┬─────────────┬───────┐\n│ record_no     │ record_key  │ batch │\n├───────────────┼─────────────┼───────┤\n│ A-2025-000002 │ WIS00000174 │       │\n└───────────────┴─────────────┴───────┘\n1 row") { c in
        let t = try TableBuiltins.table(c, 0)
        let name = try c.string(1)
        guard let action = FindingAction(rawValue: name) else {
            throw c.error("\"\(name)\" is not an action", hint: "one of " + FindingAction.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let confirm = try c.bool(2)
        let references = try CrosscheckArguments.rows(c, t).map { row in
            try CrosscheckArguments.guarding(c) { _ in try FindingsTable.reference(row).get() }
        }
        let applier = try CrosscheckArguments.guarding(c) { FindingApplier(database: $0, today: TableBuiltins.today()) }
        guard confirm else {
            return try ApplyOutput.table(c, try CrosscheckArguments.guarding(c) { _ in try applier.plan(references, action) }, batch: nil)
        }
        let outcome = try CrosscheckArguments.guarding(c) { _ in
            try applier.apply(references, action, origin: c.location.description)
        }
        return try ApplyOutput.table(c, outcome.changes, batch: outcome.batchID)
    },
    Builtin("undo(batch)",
            doc: "Reverses an apply batch, newest change first, as a new audited batch; refuses if a changed row changed since.",
            example: "let done = apply((crosscheck(abortions) | where finding == \"pregnancy_still_open\"), \"close_pregnancy\", "
                + "confirm: true)\nundo(first(done).batch)",
            result: "{batch: 2, undoes: 1}") { c in
        let batch = try c.int(0)
        let outcome = try CrosscheckArguments.guarding(c) { db in
            try FindingApplier(database: db, today: TableBuiltins.today()).undo(batch: batch, origin: c.location.description)
        }
        return .record(Record([("batch", outcome.batchID.map { .int($0) } ?? .null), ("undoes", .int(batch))]))
    },
]
