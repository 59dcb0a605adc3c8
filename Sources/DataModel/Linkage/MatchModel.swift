// MatchModel: the Fellegi-Sunter model and its estimation. For each compared field, m is
// the chance of each level when the two records are the same person and u when they
// are not; a level weighs log2(m/u) bits and a pair's match weight is the sum over its
// fields. A field marked frequency-adjusted takes u for an agreement from the agreed
// value's share of the right side, so agreeing on 王伟 proves less than agreeing on 欧阳菁.
// EMEstimator estimates m and u from candidate pairs alone (Winkler's EM under
// conditional independence); pairs are grouped by their pattern of levels first, so each
// iteration costs the same for a hundred pairs or a million.

import Foundation

/// m and u probabilities of one field, indexed by `ComparisonLevel.rawValue`.
public struct FieldWeights: Sendable, Equatable {
    public var m: [Double]
    public var u: [Double]

    public init(m: [Double], u: [Double]) {
        precondition(m.count == 3 && u.count == 3, "weights need agree, partial and disagree probabilities")
        self.m = m
        self.u = u
    }

    /// Probabilities are kept away from 0 and 1 so that no single field gives an infinite weight.
    static func clamp(_ p: Double) -> Double { min(max(p, 1e-6), 1 - 1e-6) }

    /// The weight in bits of a level.
    public func weight(_ level: ComparisonLevel) -> Double {
        log2(FieldWeights.clamp(m[level.rawValue]) / FieldWeights.clamp(u[level.rawValue]))
    }

    /// The weight of a level when unrelated records reach it with chance `share` (the
    /// agreed value's frequency, or how common names close to this one are).
    public func weight(_ level: ComparisonLevel, share: Double) -> Double {
        log2(FieldWeights.clamp(m[level.rawValue]) / FieldWeights.clamp(share))
    }
}

/// One field's part of a match weight, as `explain_match` shows it.
public struct FieldEvidence: Sendable {
    public var field: String
    public var left: String?
    public var right: String?
    /// nil when either side was empty: the field then weighs nothing.
    public var level: ComparisonLevel?
    public var weight: Double
}

/// The evidence for one candidate pair.
public struct MatchEvidence: Sendable {
    public var fields: [FieldEvidence]
    public var total: Double { fields.reduce(0) { $0 + $1.weight } }
}

/// Comparisons with their weights.
public struct MatchModel: Sendable {
    public var comparisons: [FieldComparison]
    public var weights: [FieldWeights]

    public init(comparisons: [FieldComparison], weights: [FieldWeights]) {
        precondition(comparisons.count == weights.count, "one set of weights per comparison")
        self.comparisons = comparisons
        self.weights = weights
    }

    /// Starting weights before estimation (or when nothing better is known): agreement
    /// nine times likelier between a match, disagreement likelier between non-matches.
    public static func defaultWeights(for kind: ComparisonKind) -> FieldWeights {
        switch kind {
        case .exact: return FieldWeights(m: [0.95, 0, 0.05], u: [0.05, 0, 0.95])
        default: return FieldWeights(m: [0.9, 0.07, 0.03], u: [0.03, 0.07, 0.9])
        }
    }

    /// The levels of one pair; `left` and `right` hold each comparison's values in order.
    public func levels(left: [String?], right: [String?]) -> [ComparisonLevel?] {
        comparisons.indices.map { level($0, left: left, right: right) }
    }

    /// The level of comparison `i`. A field that disagrees but whose value sits in its
    /// transposition partner on the other record, and the partner's in it, partly agrees:
    /// a clerk who wrote the surname first has not recorded another person.
    public func level(_ i: Int, left: [String?], right: [String?]) -> ComparisonLevel? {
        let kind = comparisons[i].kind
        let level = kind.compare(left[i], right[i])
        guard level == .disagree, let partner = comparisons[i].swappedWith,
              let j = comparisons.firstIndex(where: { $0.name == partner }), j != i else { return level }
        let there = kind.compare(left[i], right[j]), back = comparisons[j].kind.compare(left[j], right[i])
        return there != nil && there != .disagree && back != nil && back != .disagree ? .partial : level
    }

    /// Scores one pair. For a frequency-adjusted field, `share(field, level, value)` gives
    /// the chance that unrelated records reach that level on the right side's value; nil
    /// (or no function) falls back to the field's u.
    public func evidence(left: [String?], right: [String?],
                         share: ((Int, ComparisonLevel, String) -> Double?)? = nil) -> MatchEvidence {
        var fields: [FieldEvidence] = []
        fields.reserveCapacity(comparisons.count)
        for (i, comparison) in comparisons.enumerated() {
            let level = self.level(i, left: left, right: right)
            var weight = 0.0
            if let level {
                weight = weights[i].weight(level)
                if level != .disagree, comparison.frequencyAdjusted, let value = right[i]?.trimmed(),
                   let s = share?(i, level, value) {
                    weight = weights[i].weight(level, share: s)
                }
            }
            fields.append(FieldEvidence(field: comparison.name, left: left[i], right: right[i], level: level, weight: weight))
        }
        return MatchEvidence(fields: fields)
    }
}

/// Weights estimated by EM, with the share of matches among the pairs it saw.
public struct EMEstimate: Sendable {
    public var weights: [FieldWeights]
    /// Estimated share of candidate pairs that are matches.
    public var matchShare: Double
    public var iterations: Int
    public var converged: Bool
}

/// Expectation-maximisation of m (and u) from unlabelled candidate pairs.
public enum EMEstimator {
    /// Estimates weights from the level patterns of candidate pairs, starting at `initial`.
    /// With `fixedU` the u probabilities stay as given (measured on random pairs): blocked
    /// candidates all agree on their blocking key, so u estimated from them alone would
    /// call agreement on that key a sign of a non-match.
    public static func estimate(patterns levels: [[ComparisonLevel?]], initial: [FieldWeights],
                                fixedU: Bool = false, matchShare: Double = 0.1, maxIterations: Int = 200,
                                tolerance: Double = 1e-7) -> EMEstimate {
        var counts: [[Int]: Double] = [:]
        for pattern in levels { counts[pattern.map { $0?.rawValue ?? -1 }, default: 0] += 1 }
        let patterns = Array(counts.keys), weight = patterns.map { counts[$0]! }
        let total = weight.reduce(0, +)
        var m = initial.map(\.m), u = initial.map(\.u)
        var p = matchShare
        guard total > 0 else { return EMEstimate(weights: initial, matchShare: p, iterations: 0, converged: true) }
        for iteration in 1...maxIterations {
            var mSum = m.map { _ in [0.0, 0.0, 0.0] }, uSum = mSum
            var matched = 0.0
            for (k, pattern) in patterns.enumerated() {
                var pm = p, pu = 1 - p
                for (f, level) in pattern.enumerated() where level >= 0 {
                    pm *= FieldWeights.clamp(m[f][level])
                    pu *= FieldWeights.clamp(u[f][level])
                }
                let g = pm / (pm + pu)
                matched += g * weight[k]
                for (f, level) in pattern.enumerated() where level >= 0 {
                    mSum[f][level] += g * weight[k]
                    uSum[f][level] += (1 - g) * weight[k]
                }
            }
            // A small pseudo-count keeps a level never seen among matches from weighing -infinity.
            let newM = mSum.map(normalised), newU = fixedU ? u : uSum.map(normalised)
            let newP = min(max(matched / total, 1e-6), 1 - 1e-6)
            let change = max(abs(newP - p), maxDifference(newM, m), maxDifference(newU, u))
            m = newM; u = newU; p = newP
            if change < tolerance {
                return EMEstimate(weights: zip(m, u).map { FieldWeights(m: $0, u: $1) }, matchShare: p,
                                  iterations: iteration, converged: true)
            }
        }
        return EMEstimate(weights: zip(m, u).map { FieldWeights(m: $0, u: $1) }, matchShare: p,
                          iterations: maxIterations, converged: false)
    }

    private static func normalised(_ sums: [Double]) -> [Double] {
        let smoothed = sums.map { $0 + 1e-3 }
        let total = smoothed.reduce(0, +)
        return smoothed.map { $0 / total }
    }

    private static func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        var d = 0.0
        for (x, y) in zip(a, b) { for (p, q) in zip(x, y) { d = max(d, abs(p - q)) } }
        return d
    }
}
