// Linker: links the rows of any two tables (a feed and the register, a spreadsheet
// someone mailed and WIS). Blocking picks the candidate pairs: each blocking key hashes
// the right rows by the key's values and a left row meets only the right rows sharing a
// key value with it, so the work grows with the blocks, never with left rows times right
// rows. The match model weighs each candidate, with weights given or estimated by EM;
// each left row keeps its best candidate above the threshold, flagged ambiguous when the
// runner-up is too close to call.

/// Rows of text values under named columns; empty text and nil both mean "missing".
public struct LinkTable: Sendable {
    public var name: String
    public var columns: [String]
    public var rows: [[String?]]
    /// Columns the table holds as dates (ISO text). A column paired with one of them is
    /// read as dates too: `read_csv` types a column as dates only when every value is
    /// one, so the same birth dates can arrive as `1954-10-05` on one side and
    /// `19541005` on the other, and as text they would never block or agree.
    public var dateColumns: Set<String>

    public init(name: String, columns: [String], rows: [[String?]], dateColumns: Set<String> = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.dateColumns = dateColumns
    }

    func position(of column: String) throws -> Int {
        guard let i = columns.firstIndex(of: column) else {
            throw LinkError("\(name) has no column '\(column)' (its columns: \(columns.joined(separator: ", ")))")
        }
        return i
    }
}

/// A blocking key: rows are candidates only when these columns agree exactly.
public struct BlockingKey: Sendable, CustomStringConvertible {
    public var left: [String]
    public var right: [String]

    public init(left: [String], right: [String]? = nil) {
        self.left = left
        self.right = right ?? left
    }

    public var description: String {
        left == right ? left.joined(separator: "+") : "\(left.joined(separator: "+"))=\(right.joined(separator: "+"))"
    }
}

/// What to link on and how to decide.
public struct LinkOptions: Sendable {
    public var comparisons: [FieldComparison]
    public var blocks: [BlockingKey]
    /// Given weights, one per comparison; nil estimates them by EM from the candidates.
    public var weights: [FieldWeights]?
    /// A pair links when its match weight (bits) reaches this.
    public var threshold: Double
    /// A best candidate less than this many bits above the runner-up is too close to call.
    public var margin: Double
    /// Each right row links at most one left row, the heaviest pairs first: for two
    /// tables that each hold a person once, so a left row whose best candidate is
    /// another's better match falls back to its own.
    public var oneToOne: Bool
    /// The two tables are one (a dedupe): a row is never its own candidate, nor drawn
    /// against itself when u is measured.
    public var withinOneTable: Bool

    public init(comparisons: [FieldComparison], blocks: [BlockingKey], weights: [FieldWeights]? = nil,
                threshold: Double = 6, margin: Double = 2, oneToOne: Bool = false, withinOneTable: Bool = false) {
        self.comparisons = comparisons
        self.blocks = blocks
        self.weights = weights
        self.threshold = threshold
        self.margin = margin
        self.oneToOne = oneToOne
        self.withinOneTable = withinOneTable
    }

    /// Without blocking keys only tables this small may be compared pair by pair.
    public static let unblockedPairLimit = 1_000_000
}

/// One left row with its best right row.
public struct LinkedPair: Sendable {
    public var left: Int
    public var right: Int
    public var evidence: MatchEvidence
    public var weight: Double { evidence.total }
    public var runnerUp: Int?
    public var runnerUpWeight: Double?
    /// The runner-up also reaches the threshold and lies within the margin: a person decides.
    public var ambiguous: Bool
}

/// The linked pairs and the model that weighed them.
public struct LinkResult: Sendable {
    public var pairs: [LinkedPair]
    public var model: MatchModel
    public var candidatePairs: Int
    /// Set when the weights were estimated.
    public var estimate: EMEstimate?
}

/// A link that cannot be made as asked (an unknown column, no blocking key for large tables).
public struct LinkError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Links two tables: blocking, weighing, and the best candidate per left row.
public enum Linker {
    public static func link(_ left: LinkTable, _ right: LinkTable, _ options: LinkOptions) throws -> LinkResult {
        guard !options.comparisons.isEmpty else { throw LinkError("name at least one field to compare") }
        var options = options
        options.comparisons = try pairedTranspositions(options.comparisons)
        let (left, right) = try DatePairs(left, right, options).canonical()
        let leftFields = try options.comparisons.map { try left.position(of: $0.left) }
        let rightFields = try options.comparisons.map { try right.position(of: $0.right) }
        let candidates = try Blocking(left, right, keys: options.blocks, skippingSelf: options.withinOneTable)
        let pairs = candidates.pairs
        var model = MatchModel(comparisons: options.comparisons,
                               weights: options.weights ?? options.comparisons.map { MatchModel.defaultWeights(for: $0.kind) })
        if let given = options.weights, given.count != options.comparisons.count {
            throw LinkError("\(given.count) sets of weights given for \(options.comparisons.count) compared fields")
        }
        let leftValues = left.rows.map { row in leftFields.map { row[$0] } }
        let rightValues = right.rows.map { row in rightFields.map { row[$0] } }
        var estimate: EMEstimate?
        if options.weights == nil {
            let u = randomPairAgreement(leftValues, rightValues, model, skippingSelf: options.withinOneTable)
            for i in u.indices { model.weights[i].u = u[i] }
            estimate = estimateM(&model, candidates, leftValues, rightValues, blocks: options.blocks)
        }
        let shares = valueShares(rightValues, model.comparisons)
        let share: (Int, ComparisonLevel, String) -> Double? = { field, level, value in
            level == .agree ? shares[field]?[value] : nil
        }
        var best: [Int: [(right: Int, evidence: MatchEvidence)]] = [:]
        for pair in pairs {
            let evidence = model.evidence(left: leftValues[pair.left], right: rightValues[pair.right], share: share)
            best[pair.left, default: []].append((pair.right, evidence))
        }
        var ranked: [Int: [(right: Int, evidence: MatchEvidence)]] = [:]
        for (l, candidates) in best { ranked[l] = candidates.sorted { $0.evidence.total > $1.evidence.total } }
        let chosen = options.oneToOne ? assignedOnce(ranked, threshold: options.threshold) : ranked.mapValues { _ in 0 }
        var linked: [LinkedPair] = []
        for l in chosen.keys.sorted() {
            let candidates = ranked[l]!, top = candidates[chosen[l]!]
            guard top.evidence.total >= options.threshold else { continue }
            let second = candidates.indices.first { $0 != chosen[l]! }.map { candidates[$0] }
            let close = second.map {
                $0.evidence.total >= options.threshold && abs(top.evidence.total - $0.evidence.total) < options.margin
            } ?? false
            linked.append(LinkedPair(left: l, right: top.right, evidence: top.evidence, runnerUp: second?.right,
                                     runnerUpWeight: second?.evidence.total, ambiguous: close))
        }
        return LinkResult(pairs: linked, model: model, candidatePairs: pairs.count, estimate: estimate)
    }

    /// For each left row, the place in its ranked candidates of the right row it keeps
    /// when every right row is taken once, heaviest pair first. Greedy rather than the
    /// assignment of greatest total weight: a sure pair is never given up so that two
    /// doubtful ones can both be made.
    private static func assignedOnce(_ ranked: [Int: [(right: Int, evidence: MatchEvidence)]], threshold: Double) -> [Int: Int] {
        var pairs: [(left: Int, place: Int, weight: Double)] = []
        for (l, candidates) in ranked {
            for (place, c) in candidates.enumerated() where c.evidence.total >= threshold {
                pairs.append((l, place, c.evidence.total))
            }
        }
        pairs.sort { ($0.weight, $1.left, $1.place) > ($1.weight, $0.left, $0.place) }
        var chosen: [Int: Int] = [:], taken = Set<Int>()
        for pair in pairs where chosen[pair.left] == nil {
            let right = ranked[pair.left]![pair.place].right
            guard taken.insert(right).inserted else { continue }
            chosen[pair.left] = pair.place
        }
        return chosen
    }

    /// The comparisons with each transposition named on both fields (naming it on one
    /// names it on the other), refused when it names a field not compared.
    private static func pairedTranspositions(_ comparisons: [FieldComparison]) throws -> [FieldComparison] {
        var out = comparisons
        for c in comparisons {
            guard let partner = c.swappedWith else { continue }
            guard let j = out.firstIndex(where: { $0.name == partner }), out[j].name != c.name else {
                throw LinkError("\(c.name) may be swapped with '\(partner)', which is not another compared field "
                                + "(compared: \(comparisons.map(\.name).joined(separator: ", ")))")
            }
            if out[j].swappedWith == nil { out[j].swappedWith = c.name }
        }
        return out
    }

    /// m of each field by EM, u held at its random-pair value. Candidates of a blocking
    /// key all agree on the key, which says nothing about matching, so each key's pairs
    /// estimate m only for the other fields (the method of Splink). A field's m is the
    /// mean over the keys that leave it free, each weighed by the matches EM found among
    /// its pairs: a key that meets few true pairs (a transposed name) has little to say
    /// about how matches look. A field no key leaves free keeps its default.
    private static func estimateM(_ model: inout MatchModel, _ candidates: Blocking, _ left: [[String?]], _ right: [[String?]],
                                  blocks: [BlockingKey]) -> EMEstimate {
        let rounds = blocks.isEmpty ? [-1] : Array(blocks.indices)
        var sums = model.comparisons.map { _ in [0.0, 0.0, 0.0] }, counts = model.comparisons.map { _ in 0.0 }
        var shares: [Double] = [], iterations = 0, converged = true
        for k in rounds {
            let keyFields = k < 0 ? [] : model.comparisons.indices.filter {
                blocks[k].left.contains(model.comparisons[$0].left) || blocks[k].right.contains(model.comparisons[$0].right)
            }
            var levels: [[ComparisonLevel?]] = []
            for (p, pair) in candidates.pairs.enumerated() where k < 0 || candidates.keysOfPair[p] & (1 << UInt64(k)) != 0 {
                var pattern = model.levels(left: left[pair.left], right: right[pair.right])
                for f in keyFields { pattern[f] = nil }
                levels.append(pattern)
            }
            guard !levels.isEmpty else { continue }
            let round = EMEstimator.estimate(patterns: levels, initial: model.weights, fixedU: true)
            let matches = round.matchShare * Double(levels.count)
            for f in model.comparisons.indices where !keyFields.contains(f) {
                for level in 0..<3 { sums[f][level] += matches * round.weights[f].m[level] }
                counts[f] += matches
            }
            shares.append(round.matchShare)
            iterations = max(iterations, round.iterations)
            converged = converged && round.converged
        }
        for f in model.comparisons.indices where counts[f] > 0 { model.weights[f].m = sums[f].map { $0 / counts[f] } }
        let share = shares.isEmpty ? 0 : shares.reduce(0, +) / Double(shares.count)
        return EMEstimate(weights: model.weights, matchShare: share, iterations: iterations, converged: converged)
    }

    /// u of each field measured on up to `randomPairs` pairs drawn at random (nearly all
    /// of them non-matches): the chance that unrelated records agree by coincidence.
    private static func randomPairAgreement(_ left: [[String?]], _ right: [[String?]], _ model: MatchModel,
                                            skippingSelf: Bool) -> [[Double]] {
        var counts = model.comparisons.map { _ in [1.0, 1.0, 1.0] }    // one pseudo-count per level
        guard !left.isEmpty, !right.isEmpty else { return counts.map { $0.map { $0 / 3 } } }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<min(randomPairs, left.count * right.count) {
            // xorshift64: reproducible draws, the same u for the same tables every run.
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let l = Int(state % UInt64(left.count)), r = Int((state >> 32) % UInt64(right.count))
            if skippingSelf && l == r { continue }
            for (i, level) in model.levels(left: left[l], right: right[r]).enumerated() {
                if let level { counts[i][level.rawValue] += 1 }
            }
        }
        return counts.map { c in c.map { $0 / c.reduce(0, +) } }
    }

    static let randomPairs = 50_000

    /// Each frequency-adjusted field's values with their share of the right rows.
    private static func valueShares(_ rows: [[String?]], _ comparisons: [FieldComparison]) -> [Int: [String: Double]] {
        var shares: [Int: [String: Double]] = [:]
        for (i, c) in comparisons.enumerated() where c.frequencyAdjusted {
            var counts: [String: Double] = [:]
            for row in rows { if let v = row[i]?.trimmed(), !v.isEmpty { counts[v, default: 0] += 1 } }
            let n = Double(max(rows.count, 1))
            shares[i] = counts.mapValues { $0 / n }
        }
        return shares
    }
}
