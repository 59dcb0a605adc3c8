// Crosschecker: runs the cross-check of spec section 6. For each feed in scope it reads
// the records with their register person and active card (set-based), links the
// records whose number cannot be trusted by evidence, applies the finding rules and
// writes one row per finding (one row with an empty finding for a consistent record)
// under a new run in crosscheck_findings: read in one transaction without the write
// lock, stored in a short second one. `explain` gives the evidence behind one record's
// link, for `explain_match`.

import Foundation

/// What one run found.
public struct CrosscheckRun: Sendable {
    public var id: Int64
    public var records: Int
    /// Finding rows by code ("" counts consistent records).
    public var counts: [String: Int]
    /// Records linked by evidence, and how long linking them took (the fuzzy share).
    public var fuzzyRecords: Int
    public var fuzzySeconds: Double
}

/// Cross-checks feed records against the register and WIS (spec section 6).
public final class Crosschecker {
    public let database: Database
    public let options: CrosscheckOptions

    public init(database: Database, options: CrosscheckOptions = CrosscheckOptions()) {
        self.database = database
        self.options = options
    }

    /// Cross-checks the records in `scope` and stores the findings as a new run. The
    /// records are read and checked without the write lock, so an import or another
    /// cross-check writing meanwhile does not stop them; only storing the run takes it.
    public func run(_ scope: CrosscheckScope) throws -> CrosscheckRun {
        var result = CrosscheckRun(id: 0, records: 0, counts: [:], fuzzyRecords: 0, fuzzySeconds: 0)
        var rows: [[SQLValue]] = []
        try database.transaction(.reading) {
            let linker = try RegisterLinker(database: database, options: options)
            let loader = CaseLoader(database: database)
            for feed in scope.feeds {
                var cases = try loader.cases(feed, scope: scope)
                let started = Date()
                result.fuzzyRecords += try linkByEvidence(&cases, linker: linker, loader: loader)
                result.fuzzySeconds += Date().timeIntervalSince(started)
                for c in cases {
                    try database.checkInterrupt()
                    result.records += 1
                    let found = FindingRules.findings(c)
                    for finding in found.isEmpty ? [FindingText.consistent] : found {
                        result.counts[finding.code, default: 0] += 1
                        rows.append(Crosschecker.row(c, finding))
                    }
                }
            }
        }
        let flagged = result.counts.filter { !$0.key.isEmpty }.values.reduce(0, +)
        result.id = try store(scope, rows, records: result.records, flagged: flagged)
        return result
    }

    /// Writes the run and its findings in one short transaction; returns the run's id.
    private func store(_ scope: CrosscheckScope, _ rows: [[SQLValue]], records: Int, flagged: Int) throws -> Int64 {
        try database.transaction {
            try database.execute("INSERT INTO crosscheck_runs (at, scope, records, findings, threshold, margin) "
                                 + "VALUES (\(database.dialect.currentTimestamp), ?1, ?2, ?3, ?4, ?5)",
                                 [.text(scope.text), .integer(Int64(records)), .integer(Int64(flagged)),
                                  .real(options.threshold), .real(options.margin)])
            let runID = database.lastInsertedRowID
            let insert = try database.prepare("INSERT INTO crosscheck_findings (run_id, feed, record_no, person_id, card_no, "
                                              + "match, score, finding, detail, source, detail_zh) "
                                              + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
            for row in rows {
                try database.checkInterrupt()
                try insert.bind([.integer(runID)] + row)
                while try insert.step() {}
            }
            return runID
        }
    }

    /// The evidence behind one record's link: the candidates best first, or for a record
    /// tied by its number, that number. nil when the feed has no such record.
    public func explain(feed: CrosscheckFeed, recordNo: String) throws -> MatchExplanation? {
        let loader = CaseLoader(database: database)
        guard let c = try loader.cases(feed, scope: .records(feed, [recordNo])).first else { return nil }
        if c.link.kind != .none || c.record.id != nil {
            return MatchExplanation(feed: feed, recordNo: recordNo, match: c.link.kind, idWritten: c.record.idRaw,
                                    idNormalized: c.record.id, candidates: [], threshold: options.threshold, margin: options.margin)
        }
        let (outcome, ranked) = try RegisterLinker(database: database, options: options).explain(c.record)
        return MatchExplanation(feed: feed, recordNo: recordNo, match: outcome.kind, idWritten: c.record.idRaw,
                                idNormalized: nil, candidates: ranked, threshold: options.threshold, margin: options.margin)
    }

    /// Links, all at once, the cases whose number cannot be trusted and that carry some
    /// evidence (a name or a birth date), and reads each linked one again with its person.
    /// Returns how many cases needed evidence.
    private func linkByEvidence(_ cases: inout [CrosscheckCase], linker: RegisterLinker, loader: CaseLoader) throws -> Int {
        let pending = cases.indices.filter { cases[$0].link.kind == .none && cases[$0].record.id == nil }
        let linkable = pending.filter {
            let r = cases[$0].record
            return r.name != nil || r.birth != nil || r.birthInDamagedID != nil
        }
        for (i, outcome) in zip(linkable, try linker.link(linkable.map { cases[$0].record })) {
            try database.checkInterrupt()
            cases[i].link = outcome
            if let person = outcome.personID { cases[i] = try loader.recase(cases[i], personID: person) }
        }
        return pending.count
    }

    /// A finding's columns after run_id.
    private static func row(_ c: CrosscheckCase, _ finding: Finding) -> [SQLValue] {
        let person = c.link.personID ?? (c.link.kind == .none ? nil : c.record.id)
        let card = finding.code == "ambiguous" ? nil : c.card?.cardNo
        return [.text(c.record.feed.rawValue), .text(c.record.recordNo),
                person.map { .text($0) } ?? .null, card.map { .text($0) } ?? .null,
                .text(c.link.kind.rawValue), c.link.score.map { .real(($0 * 100).rounded() / 100) } ?? .null,
                .text(finding.code), .text(finding.detail), .text(c.record.source), .text(finding.chinese)]
    }
}

extension CrosscheckScope {
    /// How a run's scope is recorded.
    var text: String {
        switch self {
        case .all: return "all"
        case .feed(let feed): return feed.rawValue
        case .month(let y, let m): return String(format: "%04d-%02d", y, m)
        case .records(let feed, let numbers): return "\(feed.rawValue): \(numbers.count) records"
        }
    }
}

/// Why a record was (or was not) tied to a register person.
public struct MatchExplanation: Sendable {
    public var feed: CrosscheckFeed
    public var recordNo: String
    public var match: MatchKind
    public var idWritten: String?
    public var idNormalized: String?
    /// Register persons considered, best first (empty for a record tied by its number).
    public var candidates: [LinkCandidate]
    public var threshold: Double
    public var margin: Double

    /// One line per field and candidate, then the totals and the decision.
    public var lines: [String] {
        var out = ["\(feed.rawValue) \(recordNo): match \(match.rawValue)"]
        if let id = idNormalized {
            out.append("  identity number \((idWritten ?? "").quotedExcerpt) " + (idWritten == id ? "is valid as written" : "normalises to \(id)"))
            return out
        }
        out.append("  identity number " + (idWritten.map { "\($0.quotedExcerpt) cannot be trusted" } ?? "is missing")
                   + "; linked by evidence (threshold \(threshold) bits, margin \(margin))")
        for (rank, candidate) in candidates.prefix(2).enumerated() {
            out.append("  \(rank == 0 ? "best" : "runner-up"): \(candidate.personID)")
            for f in candidate.evidence.fields {
                out.append("    \(f.field): \(f.left ?? "(empty)") | \(f.right ?? "(empty)") -> "
                           + "\(f.level?.name ?? "missing") \(format(f.weight))")
            }
            out.append("    total \(format(candidate.evidence.total))")
        }
        if candidates.isEmpty { out.append("  no register person shares the name or the birth date") }
        return out
    }

    private func format(_ w: Double) -> String {
        let rounded = (w * 100).rounded() / 100
        return (rounded >= 0 ? "+" : "") + String(rounded)
    }
}
