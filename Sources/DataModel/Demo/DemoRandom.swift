// DemoRandom: the demo city's only source of chance. xoshiro256** seeded through
// SplitMix64 (the seeding its authors recommend), so a seed gives the same city on
// every machine and Swift version; the system generator is neither seedable nor stable.
// The language fuzzer draws its programs from it too, for the same reasons.

public struct DemoRandom {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// An independent stream for one part of the city, so adding draws to one part
    /// does not reshuffle every other part.
    public func derived(_ salt: UInt64) -> DemoRandom {
        DemoRandom(seed: s0 ^ (salt &* 0xD1B5_4A32_D192_ED03) ^ s3)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in 0..<n (n > 0); Lemire's multiply-shift, bias below 2^-32 for our n.
    public mutating func below(_ n: Int) -> Int {
        Int(((next() >> 32) &* UInt64(n)) >> 32)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Roughly normal (sum of four uniforms), enough for ages at marriage and gaps.
    mutating func bell(mean: Double, spread: Double) -> Double {
        let s = unit() + unit() + unit() + unit() - 2.0
        return mean + s * spread * 1.732
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }
}

/// Cumulative weights for repeated weighted draws (surnames, ages, areas).
struct DemoWeights {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var total = 0.0
        cumulative = weights.map { total += $0; return total }
    }

    func draw(_ random: inout DemoRandom) -> Int {
        let target = random.unit() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

extension DemoRandom {
    /// Picks exactly `max(minimum, rate × count)` of `items` (all when fewer): planted
    /// gaps keep their proportion in a big city and still appear in a small one.
    mutating func choose<T>(_ items: [T], rate: Double, minimum: Int = 1) -> [T] {
        let wanted = min(items.count, max(minimum, Int((Double(items.count) * rate).rounded())))
        var pool = items
        shuffle(&pool)
        return Array(pool.prefix(wanted))
    }
}
