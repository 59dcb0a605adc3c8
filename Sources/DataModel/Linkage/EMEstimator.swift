// EMEstimator: estimates the m and u probabilities of a match model from the candidate
// pairs alone, with no pairs known to match (the expectation-maximisation method of
// Winkler for Fellegi-Sunter models under conditional independence). Pairs are grouped
// by their pattern of levels first: a few dozen patterns stand for any number of pairs,
// so each iteration costs the same for a hundred pairs or a million.

public struct EMEstimate: Sendable {
    public var weights: [FieldWeights]
    /// Estimated share of candidate pairs that are matches.
    public var matchShare: Double
    public var iterations: Int
    public var converged: Bool
}

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
