// RegisterLinker: ties a feed record whose identity number is missing or beyond repair
// to a register person by other evidence: the linker's Fellegi-Sunter model over name,
// birth date, sex and area. Blocking is three indexed look-ups (same birth date, same
// birth date as inside the damaged number, same name), so the cost grows with the
// number of damaged records and never with the size of the register.

import Foundation

/// Thresholds of linking by evidence; documented in docs/crosscheck.md.
public struct CrosscheckOptions: Sendable {
    /// A candidate links when its match weight reaches this many bits.
    public var threshold: Double = 18
    /// The best candidate must lead the runner-up by this many bits, or nobody is chosen.
    public var margin: Double = 4

    public init(threshold: Double? = nil, margin: Double? = nil) {
        if let threshold { self.threshold = threshold }
        if let margin { self.margin = margin }
    }
}

/// A register person considered for a record, with the evidence.
public struct LinkCandidate: Sendable {
    public var personID: String
    public var evidence: MatchEvidence
}

struct RegisterLinker {
    let database: Database
    let options: CrosscheckOptions
    private let registerSize: Double
    /// Surname shares counted so far in this run.
    private let surnames = SurnameShares()

    /// The model: m from how often departments get a field right, u for names and birth
    /// dates from their frequency in the register (looked up per value), the others from
    /// how values spread over unrelated people. See docs/crosscheck.md for the figures.
    static let model = MatchModel(comparisons: [
        FieldComparison("name", kind: .jaroWinkler(partialFrom: 0.7), frequencyAdjusted: true),
        FieldComparison("birth_date", kind: .date(toleranceDays: 0), frequencyAdjusted: true),
        FieldComparison("sex", kind: .exact),
        FieldComparison("area", kind: .area),
        FieldComparison("number", kind: .hamming(maxDifferences: 2)),
    ], weights: [
        FieldWeights(m: [0.95, 0.04, 0.01], u: [0.0001, 0.002, 0.9979]),
        FieldWeights(m: [0.96, 0.03, 0.01], u: [0.00005, 0.0005, 0.99945]),
        FieldWeights(m: [0.99, 0, 0.01], u: [0.5, 0, 0.5]),
        FieldWeights(m: [0.85, 0.1, 0.05], u: [0.01, 0.1, 0.89]),
        // A damaged number is never trusted as it is, but a typing error changes one or
        // two characters: a number further from the candidate's names somebody else.
        FieldWeights(m: [0.99999, 0, 0.00001], u: [0.000001, 0, 0.999999]),
    ])

    init(database: Database, options: CrosscheckOptions) throws {
        self.database = database
        self.options = options
        // The highest rowid stands for the register's size (exact unless rows were deleted):
        // O(log n), where count(*) would walk a whole index of 1.2 million entries.
        registerSize = Double(max(1, try database.scalar("SELECT max(rowid) FROM persons").integer ?? 1))
    }

    /// The candidates for a record, best first.
    func candidates(for record: FeedRecord) throws -> [LinkCandidate] {
        let birth = record.birth ?? record.birthInDamagedID
        let areaColumn = record.feed.linkArea?.register ?? "residence_area"
        var seen = Set<String>()
        var rows: [[SQLValue]] = []
        let select = "SELECT person_id, name, sex, birth_date, \(areaColumn) FROM persons WHERE "
        var lookups: [(String, SQLValue)] = []
        for day in Set([record.birth, record.birthInDamagedID].compactMap({ $0 })) {
            lookups.append(("birth_date = ?1", .text(day.description)))
        }
        if let name = record.name, !name.isEmpty { lookups.append(("name = ?1", .text(name))) }
        for (condition, value) in lookups {
            for row in try database.query(select + condition, [value]) where seen.insert(row[0].text ?? "").inserted {
                rows.append(row)
            }
        }
        let left: [String?] = [record.name, birth?.description, record.sex ?? record.feed.impliedSex, record.linkArea,
                               record.damagedDigits]
        // Only an agreement takes the value's share, and an agreement is on the record's
        // own value: at most one count per field and record, through the field's index.
        var shares: [Int: Double] = [:]
        for (field, column) in [(0, "name"), (1, "birth_date")] {
            guard let v = left[field], rows.contains(where: { $0[field == 0 ? 1 : 3].text == v }) else { continue }
            let n = try database.scalar("SELECT count(*) FROM persons WHERE \(column) = ?1", [.text(v)]).integer ?? 0
            shares[field] = Double(max(n, 1)) / registerSize
        }
        let closeNames = try record.name.flatMap(closeNameShare)
        let scored = rows.map { row -> LinkCandidate in
            let right: [String?] = [row[1].text, row[3].text, row[2].text, row[4].text, row[0].text]
            let evidence = RegisterLinker.model.evidence(left: left, right: right) { field, level, _ in
                level == .agree ? shares[field] : (field == 0 ? closeNames : nil)
            }
            return LinkCandidate(personID: row[0].text ?? "", evidence: evidence)
        }
        return scored.sorted { $0.evidence.total > $1.evidence.total }
    }

    /// The chance that an unrelated person's name is close to `name` (Jaro-Winkler partial):
    /// close names share the surname, so it is the surname's share of the register, all of
    /// it for a two-character name (any 王X is as close to 王芳 as a misspelling) and a
    /// tenth for longer ones, which must share another character too. Frequent surnames
    /// thus weigh less than rare ones. Shares are counted once per surname and run.
    private func closeNameShare(_ name: String) throws -> Double? {
        guard let surname = name.unicodeScalars.first else { return nil }
        let share: Double
        if let known = surnames.shares[surname] {
            share = known
        } else {
            let next = String(Unicode.Scalar(surname.value + 1) ?? surname)
            let n = try database.scalar("SELECT count(*) FROM persons WHERE name >= ?1 AND name < ?2",
                                        [.text(String(surname)), .text(next)]).integer ?? 0
            share = Double(max(n, 1)) / registerSize
            surnames.shares[surname] = share
        }
        return max(share * (name.unicodeScalars.count <= 2 ? 1 : 0.1), RegisterLinker.model.weights[0].u[1])
    }

    /// Links a record by evidence: fuzzy when one candidate clearly wins, none otherwise;
    /// `ambiguousCandidates` counts the register persons who fit equally well.
    func link(_ record: FeedRecord) throws -> (LinkOutcome, [LinkCandidate]) {
        let ranked = try candidates(for: record)
        let namesakes = ranked.filter { candidate in
            let f = candidate.evidence.fields
            return f[0].left == f[0].right && f[1].level == .agree && record.birth?.description == f[1].left
                && (record.sex == nil || f[2].level == .agree)
        }
        guard let best = ranked.first else { return (LinkOutcome(kind: .none), ranked) }
        let score = best.evidence.total
        if namesakes.count >= 2 {
            return (LinkOutcome(kind: .none, score: score, ambiguousCandidates: namesakes.count), ranked)
        }
        guard score >= options.threshold else { return (LinkOutcome(kind: .none, score: score), ranked) }
        if ranked.count > 1, ranked[1].evidence.total >= options.threshold, score - ranked[1].evidence.total < options.margin {
            return (LinkOutcome(kind: .none, score: score, ambiguousCandidates: 2), ranked)
        }
        return (LinkOutcome(kind: .fuzzy, personID: best.personID, score: score), ranked)
    }
}

/// A run's cache of surname shares (a class: the linker is a value passed around).
private final class SurnameShares {
    var shares: [Unicode.Scalar: Double] = [:]
}
