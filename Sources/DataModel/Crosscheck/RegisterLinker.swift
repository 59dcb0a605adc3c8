// RegisterLinker: ties feed records whose identity number is missing or beyond repair
// to register persons (and to WIS cards of women the register no longer lists) by other evidence: the linker's Fellegi-Sunter model over name,
// birth date, sex, area and the damaged number. The records of a feed are linked
// together: RegisterBlocks finds each one's few candidates in one SQL statement, the
// name and birth-date frequencies come with the keys, surname counts are kept for the
// session (SurnameCounts), and each record's side of the comparison is worked out once,
// not once per candidate; so the cost grows with the number of damaged records and hardly with the register.

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

/// A person considered for a record (from the register, or a WIS card for a woman the
/// register no longer lists), with the evidence.
public struct LinkCandidate: Sendable {
    public var personID: String
    public var evidence: MatchEvidence
    /// "register", or "WIS card <card_no>".
    public var foundIn: String = "register"
    /// For a register candidate, by how many bits it is likelier to be the record's
    /// person than someone outside the register who resembles it as closely (OutsideRegister).
    public var outsideLead: Double?

    /// The match weight the decision uses. A damaged number one character from a
    /// candidate's is also one character from a valid number someone else may hold (a
    /// typing error leaves a number whose check fails; fixing the check gives a real
    /// number, and a mistyped birth digit a real date), so the number cannot tell a
    /// person from that neighbour: its agreement counts only beside a name that does not
    /// disagree and, unless the name agrees, a birth date that agrees (a misspelt name
    /// with the right birth date is the person; a close name with the mistyped birth
    /// date is the neighbour). Where the record gives no name (a newborn's mother) the
    /// number counts.
    public var weight: Double {
        let fields = evidence.fields
        guard fields.count > 4, fields[4].level == .agree, let name = fields[0].level else { return evidence.total }
        guard name == .disagree || name == .partial && fields[1].level != .agree else { return evidence.total }
        return evidence.total - fields[4].weight
    }
}

struct RegisterLinker {
    let database: Database
    let options: CrosscheckOptions
    private let registerSize: Double
    private let surnames: SurnameCounts
    private let outside: OutsideRegister

    /// The model: m from how often departments get a field right, u for names and birth
    /// dates from their frequency in the register (counted per record with its keys), the others from
    /// how values spread over unrelated people. See docs/crosscheck.md for the figures.
    static let model = MatchModel(comparisons: [
        FieldComparison("name", kind: .characters, frequencyAdjusted: true),
        FieldComparison("birth_date", kind: .date(toleranceDays: 0), frequencyAdjusted: true),
        FieldComparison("sex", kind: .exact),
        FieldComparison("area", kind: .area),
        // One character: a mistyped digit. Two would also take the many numbers that
        // share the area and birth date and differ in the sequence and the check.
        FieldComparison("number", kind: .hamming(maxDifferences: 1)),
    ], weights: [
        FieldWeights(m: [0.95, 0.04, 0.01], u: [0.0001, 0.002, 0.9979]),
        FieldWeights(m: [0.96, 0.03, 0.01], u: [0.00005, 0.0005, 0.99945]),
        FieldWeights(m: [0.99, 0, 0.01], u: [0.5, 0, 0.5]),
        FieldWeights(m: [0.85, 0.1, 0.05], u: [0.01, 0.1, 0.89]),
        // A damaged number is never trusted as it is, but a typing error changes one
        // character: a number further from the candidate's names somebody else.
        FieldWeights(m: [0.99999, 0, 0.00001], u: [0.000001, 0, 0.999999]),
    ])

    init(database: Database, options: CrosscheckOptions) throws {
        self.database = database
        self.options = options
        // The highest rowid stands for the register's size (exact unless rows were deleted):
        // O(log n), where count(*) would walk a whole index of 1.2 million entries.
        registerSize = Double(max(1, try database.scalar("SELECT max(\(database.dialect.rowOrder)) FROM persons").integer ?? 1))
        surnames = SurnameCounts(database: database)
        try surnames.open()
        outside = try OutsideRegister(database: database, registerSize: registerSize)
        try RegisterBlocks.collectGoneCards(database)
        try RegisterBlocks.forgetCounts(database)
    }

    /// Links records of one feed by evidence, in order: fuzzy when one candidate clearly
    /// wins, none otherwise. The batch is ranked first, since how often its damaged
    /// records find nobody in the register is part of the evidence (OutsideRegister).
    func link(_ records: [FeedRecord]) throws -> [LinkOutcome] {
        let (ranked, perDay) = try rankAll(records)
        return decide(records, ranked, namesakesPerDay: perDay)
    }

    /// What each record's candidates tell its decision, and how many register persons
    /// bearing its name are born on a day around its birth date (a namesake born the same day).
    func rankAll(_ records: [FeedRecord]) throws -> (ranked: [RankedCandidates], namesakesPerDay: [Double]) {
        var ranked = [RankedCandidates](repeating: RankedCandidates(), count: records.count)
        var perDay = [Double](repeating: 0, count: records.count)
        try rank(records) { slot, candidates, day in
            ranked[slot] = RankedCandidates(records[slot], candidates)
            perDay[slot] = day
        }
        return (ranked, perDay)
    }

    /// Decides a batch of records over their candidates, with the batch's own estimate of
    /// how often such records concern someone outside the register.
    func decide(_ records: [FeedRecord], _ ranked: [RankedCandidates], namesakesPerDay: [Double]) -> [LinkOutcome] {
        var outside = self.outside
        outside.estimate(records, ranked, threshold: options.threshold)
        return records.indices.map { decide(records[$0], ranked[$0], outside, namesakesPerDay: namesakesPerDay[$0]) }
    }

    /// Scores each record's blocked candidates and hands them over in the order found,
    /// record by record (every slot once, with no candidates too).
    private func rank(_ records: [FeedRecord], _ each: (Int, [LinkCandidate], Double) throws -> Void) throws {
        guard let feed = records.first?.feed else { return }
        precondition(records.allSatisfy { $0.feed == feed }, "one feed at a time: the area column is the feed's")
        guard case .hamming(let maxDifferences) = RegisterLinker.model.comparisons[4].kind else { preconditionFailure("number") }
        let blocks = RegisterBlocks(database: database, areaColumn: feed.linkArea?.register ?? "residence_area",
                                    maxDifferences: maxDifferences)
        let keys = records.map(BlockingKeys.init)
        let counts = try blocks.load(keys)
        let sides = try records.indices.map { try side(records[$0], keys[$0], counts[$0]) }
        let cards = try blocks.cards()
        var slot = 0, pending: [LinkCandidate] = []
        func flush(upTo next: Int) throws {
            while slot < next {
                // Women the register no longer lists (moved out, died), looked for on their
                // cards with the same evidence.
                for card in cards[slot] ?? [] {
                    var candidate = score(sides[slot], card.row)
                    candidate.foundIn = "WIS card \(card.cardNo)"
                    pending.append(candidate)
                }
                // Other bearers of the name born within a year either side, per day.
                try each(slot, pending, Double(max(0, counts[slot].bornNear - 1)) / 1096)
                pending = []
                slot += 1
            }
        }
        try blocks.candidates(records.indices.map { reach(keys[$0], sides[$0], counts[$0]) }) { candidate in
            try flush(upTo: candidate.slot)
            pending.append(score(sides[slot], candidate.row))
        }
        try flush(upTo: records.count)
    }

    /// A record's side of every comparison: its values, and the chances that an
    /// unrelated person agrees with them (an agreement is on the record's own value,
    /// whose share was counted with the keys) or has a close name.
    private struct RecordSide {
        let values: [String?]
        let shares: [Int: Double]
        /// The name's share among persons born within a year of the record's birth year.
        let nameInCohort: Double?
        let closeNames: Double?
        /// The record has no name and no written birth date: its date is the damaged number's.
        let dateFromNumber: Bool
    }

    private func side(_ record: FeedRecord, _ keys: BlockingKeys,
                      _ counts: (namesakes: Int, bornThatDay: Int, bornNear: Int, samePrefix: Int)) throws -> RecordSide {
        var cohort: Double?
        if let year = keys.birth?.year, keys.name != nil {
            let born = try (year - 1...year + 1).reduce(0) { $0 + (try surnames.born(year: $1)) }
            cohort = Double(max(counts.bornNear, 1)) / Double(max(born, 1))
        }
        return RecordSide(values: [keys.name, keys.birth?.description, record.sex ?? record.feed.impliedSex,
                                   record.linkArea, record.damagedDigits],
                          shares: [0: Double(max(counts.namesakes, 1)) / registerSize,
                                   1: Double(max(counts.bornThatDay, 1)) / registerSize],
                          nameInCohort: cohort,
                          closeNames: try keys.name.flatMap { try closeNameShare($0, samePrefix: counts.samePrefix) },
                          dateFromNumber: keys.name == nil && record.birth == nil)
    }

    /// Names follow the fashion of their decade: a candidate born near the record's birth
    /// date shares its name as often as the name's cohort share says, not its share of
    /// the whole register (both sides of a coincidence come from the same cohort).
    private func score(_ side: RecordSide, _ row: [SQLValue]) -> LinkCandidate {
        let right: [String?] = [row[1].text, row[3].text, row[2].text, row[4].text, row[0].text]
        var left = side.values
        // The date inside a damaged number is part of the number: where the number agrees
        // within a typing error, the date only tells where the error fell (in a birth digit,
        // or elsewhere, much as likely), and a neighbour holding the typed digits is born
        // on the typed date; it is not counted a second time.
        if side.dateFromNumber, RegisterLinker.model.comparisons[4].kind.compare(left[4], right[4]) == .agree { left[1] = nil }
        let nearBirth = RegisterLinker.model.comparisons[1].kind.compare(side.values[1], right[1]).map { $0 != .disagree } ?? false
        let evidence = RegisterLinker.model.evidence(left: left, right: right) { field, level, _ in
            if level == .agree { return field == 0 && nearBirth ? side.nameInCohort ?? side.shares[0] : side.shares[field] }
            return field == 0 ? side.closeNames : nil
        }
        return LinkCandidate(personID: row[0].text ?? "", evidence: evidence)
    }

    /// How far each pass must reach for the record: a candidate a pass leaves out cannot
    /// reach the threshold even with every field the pass does not look at agreeing. What
    /// the record itself gives bounds those fields: sex and area weigh nothing where it
    /// has none, and beside a damaged number every register person whose number is not
    /// one typing error away (pass 3 takes those) disagrees on it, which costs more than
    /// a birthday and a close name together weigh. So a record with a damaged number
    /// needs of passes 1 and 2 only its namesakes born that day, however crowded the day.
    private func reach(_ keys: BlockingKeys, _ side: RecordSide,
                       _ counts: (namesakes: Int, bornThatDay: Int, bornNear: Int, samePrefix: Int)) -> BlockingReach {
        let w = RegisterLinker.model.weights
        let given = { (field: Int) in side.values[field].map { !$0.trimmed().isEmpty } ?? false }
        let sex = given(2) ? w[2].weight(.agree) : 0
        let area = given(3) ? max(0, w[3].weight(.agree)) : 0, nearArea = given(3) ? max(0, w[3].weight(.partial)) : 0
        let number = given(4) ? w[4].weight(.disagree) : 0
        // Each reach twice: for the register persons of other areas (whose area is close at
        // best) and for those of the record's own area.
        func both<T>(_ reach: (Double) -> T) -> (anywhere: T, sameArea: T) {
            (reach(sex + nearArea + number), reach(sex + area + number))
        }
        let birthday = w[1].m[0]
        guard keys.name != nil else {
            return BlockingReach(everyone: both { limit(m: birthday, rest: $0) }, closeName: (0, 0),
                                 everyNamesake: (false, false), closeDates: (false, false))
        }
        let close = side.closeNames.map { w[0].weight(.partial, share: $0) } ?? w[0].weight(.partial)
        // A namesake born near the record's birth date weighs the name by its cohort's share.
        let namesakeShare = Double(max(counts.namesakes, 1)) / registerSize
        let name = w[0].weight(.agree, share: min(side.nameInCohort ?? namesakeShare, namesakeShare))
        // Without a birth date a namesake's date weighs nothing; with one, a namesake born on
        // an unrelated day disagrees on it.
        let anyDay = keys.birth == nil ? 0 : w[1].weight(.disagree)
        return BlockingReach(everyone: both { limit(m: birthday, rest: w[0].weight(.disagree) + $0) },
                             closeName: both { limit(m: birthday, rest: close + $0) },
                             everyNamesake: both { counts.namesakes <= limit(m: w[0].m[0], rest: anyDay + $0) },
                             closeDates: both { name + w[1].weight(.partial) + $0 >= options.threshold })
    }

    /// The largest n with log2(m / (n / N)) + rest >= threshold.
    private func limit(m: Double, rest: Double) -> Int {
        let n = (m * registerSize / pow(2, options.threshold - rest)).rounded(.down)
        // No day has more people born on it than the register holds; a low threshold
        // makes n infinite, a NaN one meaningless.
        return n.isNaN ? 0 : Int(min(max(n, 0), registerSize))
    }

    /// The chance that an unrelated person's name is close to `name` (one character
    /// replaced). For a two-character name, the surname's share of the register (any 王X
    /// is as close to 王芳 as a misspelling). For a three-character name, twice the share
    /// of names with its first two characters (`samePrefix`, counted through the name
    /// index; as many again keep the surname and the last character, which no index
    /// finds, and fewer the given name alone). Longer names: a tenth of the surname's
    /// share. Surnames are counted once per register (SurnameCounts).
    private func closeNameShare(_ name: String, samePrefix: Int) throws -> Double? {
        guard let surname = name.unicodeScalars.first else { return nil }
        let length = name.unicodeScalars.count
        let share = length == 3 ? 2 * Double(max(samePrefix, 1)) / registerSize
            : Double(max(try surnames.persons(surname), 1)) / registerSize * (length <= 2 ? 1 : 0.1)
        return max(share, RegisterLinker.model.weights[0].u[1])
    }

    /// The decision over a record's ranked candidates: `ambiguousCandidates` counts the
    /// persons who fit equally well. A register candidate must also be clearly likelier
    /// (by the margin) than someone outside the register who resembles it as closely; a
    /// WIS card is already the place where someone gone from the register is looked for.
    func decide(_ record: FeedRecord, _ candidates: RankedCandidates, _ outside: OutsideRegister,
                namesakesPerDay: Double) -> LinkOutcome {
        var ranked = candidates.leaders
        for i in ranked.indices where ranked[i].foundIn == "register" {
            ranked[i].outsideLead = outside.lead(ranked[i], of: record, namesakesPerDay: namesakesPerDay)
        }
        let considered = ranked
        guard let best = ranked.first else { return LinkOutcome(kind: .none) }
        let score = best.weight
        if candidates.namesakes >= 2 {
            return LinkOutcome(kind: .none, score: score, ambiguousCandidates: candidates.namesakes, considered: considered)
        }
        guard score >= options.threshold else { return LinkOutcome(kind: .none, score: score, considered: considered) }
        // Likelier someone outside than the best: nobody here is the person, and two
        // register persons who both resemble an outsider do not make the record ambiguous.
        if let lead = best.outsideLead, lead < options.margin {
            return LinkOutcome(kind: .none, score: score, considered: considered)
        }
        if ranked.count > 1, ranked[1].weight >= options.threshold, score - ranked[1].weight < options.margin {
            return LinkOutcome(kind: .none, score: score, ambiguousCandidates: 2, considered: considered)
        }
        return LinkOutcome(kind: .fuzzy, personID: best.personID, score: score, foundIn: best.foundIn, considered: considered)
    }
}

/// What a record's decision (RegisterLinker.decide) and the batch's estimate
/// (OutsideRegister.estimate) take from its scored candidates, kept instead of them: a
/// crowded birthday gives a record hundreds of candidates in a big city, and holding every
/// one's evidence for a year's damaged records took 400 MB at 12 million persons.
struct RankedCandidates {
    /// The two heaviest, heaviest first; of equal weights, the one found first.
    private(set) var leaders: [LinkCandidate] = []
    /// The heaviest register candidate's weight.
    private(set) var bestInRegister = -Double.infinity
    /// Some register candidate's number lies within the model's typing errors of the damaged one.
    private(set) var numberNeighbour = false
    /// Candidates bearing the record's name, born on its birth date, of its sex when it gives one.
    private(set) var namesakes = 0

    init() {}

    init(_ record: FeedRecord, _ candidates: [LinkCandidate]) {
        for candidate in candidates {
            let f = candidate.evidence.fields
            if f[0].left == f[0].right && f[1].level == .agree && record.birth?.description == f[1].left
                && (record.sex == nil || f[2].level == .agree) { namesakes += 1 }
            let weight = candidate.weight
            if candidate.foundIn == "register" {
                bestInRegister = max(bestInRegister, weight)
                if f[4].level == .agree { numberNeighbour = true }
            }
            // A stable sort's first two: a later candidate displaces only a lighter one.
            if leaders.count < 2 || weight > leaders[1].weight {
                let place = leaders.firstIndex { weight > $0.weight } ?? leaders.count
                leaders.insert(candidate, at: place)
                if leaders.count > 2 { leaders.removeLast() }
            }
        }
    }
}
