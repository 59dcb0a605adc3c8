// Crosscheck builtins: cross-checking the department feeds against WIS (spec section 6)
// and showing the evidence behind a record's link. The findings come back as a table
// over the stored run, so they can be filtered, counted, exported and applied.

import DataModel
import Interpreter

enum CrosscheckArguments {
    /// Thresholds from optional `threshold` and `margin` arguments at `i` and `i + 1`.
    static func options(_ c: Call, _ i: Int) throws -> CrosscheckOptions {
        CrosscheckOptions(threshold: try bits(c, i), margin: try bits(c, i + 1))
    }

    /// A weight in bits: a finite number within what a match weight can be (the model's
    /// weights add up to well under 100 bits either way).
    private static func bits(_ c: Call, _ i: Int) throws -> Double? {
        if c.isOmitted(i) { return nil }
        let x = try c.number(i)
        guard x.isFinite, abs(x) <= 1_000 else {
            throw c.error("\(c.function.parameters[i].name) is a weight in bits between -1000 and 1000, got \(x)",
                          hint: "the defaults are threshold: 18, margin: 4")
        }
        return x
    }

    /// Runs database work, reporting its failure at the script's place.
    static func guarding<T>(_ c: Call, _ body: (Database) throws -> T) throws -> T {
        let db = try c.machine.database(at: c.location)
        do {
            return try body(db)
        } catch let e as DatabaseError {
            if e.isInterrupted { throw PopshError(.interrupted, "interrupted", at: c.location) }
            // Another writer or a read-only file is not the data's fault: say which
            // operation could not run, without suggesting the database refused it.
            if e.isBusy || e.isReadOnly { throw c.error("\(c.function.name) could not write: \(e.message)") }
            throw c.error("the database refused \(c.function.name): \(e.message)")
        } catch let e as LinkError {
            throw c.error(e.message)
        } catch let e as ApplyError {
            throw c.error(e.message)
        } catch let e as FileError {
            throw c.error(e.message)
        }
    }

    /// The feed a table reads from, or an error naming the feeds.
    static func feed(_ c: Call, _ t: Table) throws -> CrosscheckFeed {
        guard let feed = CrosscheckFeed.forTable(t.plan.source.table) else {
            throw c.error("crosscheck works on a feed table, not \(t.name)",
                          hint: "one of marriages, births, deaths, abortions, hukou_events (filtered as you like)")
        }
        return feed
    }

    /// The rows of a table as dictionaries of database values (for findings and feeds).
    static func rows(_ c: Call, _ t: Table) throws -> [[String: SQLValue]] {
        let names = t.columns.map(\.name)
        var out: [[String: SQLValue]] = []
        try t.forEachRow(c.machine, at: c.location) { values in
            var row: [String: SQLValue] = [:]
            for (name, value) in zip(names, values) { row[name] = Table.parameter(value)?.0 ?? .null }
            out.append(row)
        }
        return out
    }
}

let crosscheckBuiltins: [Builtin] = [
    Builtin("crosscheck(feed, threshold = null, margin = null)",
            doc: "Cross-checks a feed table (filtered as you like) against the register and WIS: one row per finding, "
                + "one with an empty finding for a consistent record.",
            example: "crosscheck(births | where birth_date >= @2025-07-01) | count by finding",
            result: "┌────────────────┬────┐\n│ finding        │ n  │\n├────────────────┼────┤\n│                │ 16 │\n│ mother_no_card │  1 │\n│ not_local      │  1 │\n└────────────────┴────┘\n3 rows") { c in
        let t = try TableBuiltins.table(c, 0)
        let feed = try CrosscheckArguments.feed(c, t)
        let options = try CrosscheckArguments.options(c, 1)
        let scope: CrosscheckScope
        if t.plan.steps.isEmpty {
            scope = .feed(feed)
        } else {
            guard t.plan.hasColumn("record_no") else {
                throw c.error("the feed table must keep its record_no column", hint: "filter with where before selecting columns")
            }
            let numbers = try CrosscheckArguments.rows(c, t).compactMap { $0["record_no"]?.text }
            scope = .records(feed, numbers)
        }
        let run = try CrosscheckArguments.guarding(c) { try Crosschecker(database: $0, options: options).run(scope) }
        return .table(Table(plan: FindingsTable.plan(run: run.id, language: ReportCapture.findingsLanguage(c.machine))))
    },
    Builtin("crosscheck_all(month = null, threshold = null, margin = null)",
            doc: "Cross-checks every loaded feed record (or those of one month, \"2025-11\") against the register and WIS.",
            example: "crosscheck_all() | where finding != \"\" | count by finding",
            result: "┌──────────────────────┬───┐\n│ finding              │ n │\n├──────────────────────┼───┤\n│ card_not_transferred │ 1 │\n│ mother_no_card       │ 4 │\n│ no_card              │ 1 │\n│ not_local            │ 2 │\n│ pregnancy_still_open │ 1 │\n│ spouse_mismatch      │ 1 │\n│ status_stale         │ 2 │\n└──────────────────────┴───┘\n7 rows") { c in
        var scope = CrosscheckScope.all
        if !c.isOmitted(0) {
            let text = try c.string(0)
            let parts = text.split(separator: "-")
            guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else {
                throw c.error("month \"\(text)\" is not a month", hint: "write it as \"2025-11\"")
            }
            scope = .month(year: year, month: month)
        }
        let options = try CrosscheckArguments.options(c, 1)
        let run = try CrosscheckArguments.guarding(c) { try Crosschecker(database: $0, options: options).run(scope) }
        return .table(Table(plan: FindingsTable.plan(run: run.id, language: ReportCapture.findingsLanguage(c.machine))))
    },
    Builtin("findings(run = null)",
            doc: "The findings of an earlier cross-check run (the latest when no run is named).",
            example: "let f = crosscheck_all(month: \"2025-11\")\nlen(findings()) == len(f)", result: "true") { c in
        let id = try CrosscheckArguments.guarding(c) { db in
            try c.isOmitted(0) ? FindingsTable.latestRun(db) ?? 0 : c.int(0)
        }
        return .table(Table(plan: FindingsTable.plan(run: id, language: ReportCapture.findingsLanguage(c.machine))))
    },
    Builtin("explain_match(finding, threshold = null, margin = null)",
            doc: "Prints why a record was tied to a person: each field on both sides with its weight, the total, the runner-up.",
            example: "explain_match(first(crosscheck(births) | where match == \"fuzzy\"))",
            result: "birth B-2025-000010: match fuzzy\n  identity number is missing; linked by evidence (threshold 18.0 bits, margin 4.0)\n  the person 430102198801173484: found in the register\n  best: 430102198801173484 (register)\n    name: 毛洁丽 | 毛洁丽 -> agree +6.99\n    birth_date: 1988-01-17 | 1988-01-17 -> agree +11.5\n    sex: F | F -> agree +0.99\n    area: 360502108203 | 360502108203 -> agree +6.41\n    number: (empty) | 430102198801173484 -> missing +0.0\n    total +25.89\n    likelier than someone outside the register who resembles this one by +15.22 bits") { c in
        let record: [String: SQLValue]
        switch c[0] {
        case .record(let r):
            record = Dictionary(zip(r.names, r.values.map { Table.parameter($0)?.0 ?? .null }), uniquingKeysWith: { a, _ in a })
        case .table(let t):
            guard let first = try CrosscheckArguments.rows(c, t.adding(.take(1))).first else {
                throw c.error("the findings table is empty: there is no record to explain")
            }
            record = first
        case .null:
            throw c.error("no finding to explain (null)", hint: "pass a row of a findings table, e.g. first(f | where match == \"fuzzy\")")
        default:
            throw c.badArgument(0, expected: "findings row")
        }
        let reference = try CrosscheckArguments.guarding(c) { _ in try FindingsTable.reference(record).get() }
        let options = try CrosscheckArguments.options(c, 1)
        let explanation = try CrosscheckArguments.guarding(c) {
            try Crosschecker(database: $0, options: options).explain(feed: reference.feed, recordNo: reference.recordNo)
        }
        guard let explanation else { throw c.error("\(reference.feed.rawValue) has no record \(reference.recordNo)") }
        c.machine.write(explanation.lines.joined(separator: "\n") + "\n")
        return .null
    },
]
