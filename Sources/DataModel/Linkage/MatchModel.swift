// MatchModel: the Fellegi-Sunter model. For each compared field, m is the chance of each
// level when the two records are the same person and u when they are not; a level
// weighs log2(m/u) bits and a pair's match weight is the sum over its fields. A field
// marked frequency-adjusted takes u for an agreement from the agreed value's share of
// the right side, so agreeing on 王伟 proves less than agreeing on 欧阳菁.

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

    /// The agreement weight when unrelated records agree on this value with chance `share`.
    public func agreementWeight(share: Double) -> Double {
        log2(FieldWeights.clamp(m[0]) / FieldWeights.clamp(share))
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
        comparisons.indices.map { comparisons[$0].kind.compare(left[$0], right[$0]) }
    }

    /// Scores one pair. `share(field, value)` gives a frequency-adjusted field's value share
    /// of the right side; nil (or no function) falls back to the field's u.
    public func evidence(left: [String?], right: [String?],
                         share: ((Int, String) -> Double?)? = nil) -> MatchEvidence {
        var fields: [FieldEvidence] = []
        fields.reserveCapacity(comparisons.count)
        for (i, comparison) in comparisons.enumerated() {
            let level = comparison.kind.compare(left[i], right[i])
            var weight = 0.0
            if let level {
                weight = weights[i].weight(level)
                if level == .agree, comparison.frequencyAdjusted, let value = right[i]?.trimmed(),
                   let s = share?(i, value) {
                    weight = weights[i].agreementWeight(share: s)
                }
            }
            fields.append(FieldEvidence(field: comparison.name, left: left[i], right: right[i], level: level, weight: weight))
        }
        return MatchEvidence(fields: fields)
    }
}
