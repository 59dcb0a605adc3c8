// DemoAreaMix: which areas the city has and how its people spread over them. Xinyu's
// own map (two county-level units, 34 townships of 2-11 communities, near-even sizes,
// one person in twelve from elsewhere) is the default; an areas seed draws another city:
// four county-level units, their townships, communities and villages in numbers and
// sizes far from even, and a larger floating and separated population, so that a cost
// measured on Xinyu can be checked on a city whose areas no one tuned for.

import Foundation

struct DemoAreaMix {
    struct Township {
        let code: Int            // 9 digits
        let name: String
        let county: Int16        // index into the city's counties
        let communities: Int
        let villages: Int
        /// Relative sizes of the communities and of the villages (1 for each in Xinyu).
        var communitySizes: [Double] = []
        var villageSizes: [Double] = []

        func weight(community c: Int) -> Double { communitySizes.isEmpty ? 1 : communitySizes[c] }
        func weight(village v: Int) -> Double { villageSizes.isEmpty ? 1 : villageSizes[v] }
    }

    let cityCounties: [DemoCounty]
    let townships: [Township]
    /// Share of households whose hukou lies in another county (the floating population).
    let inflow: Double
    /// For a household registered here, where it lives: its hukou community below the
    /// first bound, another community of the township below the second, another township
    /// below the third, outside the city above it.
    let residenceBounds: (Double, Double, Double)
    /// How many times Xinyu's share of damaged identity numbers the feeds carry.
    let damage: Double

    static let xinyu = DemoAreaMix(
        cityCounties: DemoGeography.countyTable.filter(\.inCity),
        townships: DemoGeography.townshipTable.map { code, name, communities, villages in
            Township(code: code, name: name, county: code / 1000 == 360_502 ? 0 : 1,
                     communities: communities, villages: villages)
        },
        inflow: 0.08, residenceBounds: (0.75, 0.79, 0.87), damage: 1)

    /// A city of four county-level units whose townships are drawn from `seed`.
    static func drawn(seed: UInt64) -> DemoAreaMix {
        var random = DemoRandom(seed: seed).derived(0xA2EA)
        let counties = [
            DemoCounty(code: 360_502, name: "渝水区", inCity: true, inflowWeight: 0, outflowWeight: 0),
            DemoCounty(code: 360_521, name: "分宜县", inCity: true, inflowWeight: 0, outflowWeight: 0),
            DemoCounty(code: 360_503, name: "仙女湖区", inCity: true, inflowWeight: 0, outflowWeight: 0),
            DemoCounty(code: 360_504, name: "高新技术产业开发区", inCity: true, inflowWeight: 0, outflowWeight: 0),
        ]
        var names = DemoTownshipNames()
        var townships: [Township] = []
        // Village names are drawn unique from a few hundred; the whole map keeps under them.
        var villagesLeft = 300
        for (ci, county) in counties.enumerated() {
            var streets = 0, towns = 0, rural = 0
            for _ in 0..<random.int(6...24) {
                let kind = random.below(3)
                let (serial, suffix): (Int, String) = kind == 0 ? (1 + streets, "街道")
                    : kind == 1 ? (100 + towns, "镇") : (200 + rural, "乡")
                if kind == 0 { streets += 1 } else if kind == 1 { towns += 1 } else { rural += 1 }
                // Sizes spread over two orders of magnitude: a few crowded townships, many small.
                let communities = min(90, max(1, Int(Self.skewed(&random, spread: 1.0) * 6)))
                let villages = kind == 0 ? 0 : min(villagesLeft, random.int(0...30))
                villagesLeft -= villages
                let scale = Self.skewed(&random, spread: 0.9)
                townships.append(Township(
                    code: county.code * 1000 + serial, name: names.next(&random) + suffix, county: Int16(ci),
                    communities: communities, villages: villages,
                    communitySizes: (0..<communities).map { _ in scale * Self.skewed(&random, spread: 0.8) },
                    villageSizes: (0..<villages).map { _ in scale * Self.skewed(&random, spread: 0.6) }))
            }
        }
        return DemoAreaMix(cityCounties: counties, townships: townships, inflow: 0.2,
                           residenceBounds: (0.58, 0.64, 0.8), damage: 2)
    }

    /// A positive factor around 1 whose logarithm is roughly normal.
    private static func skewed(_ random: inout DemoRandom, spread: Double) -> Double {
        exp(random.bell(mean: 0, spread: spread))
    }
}

/// Two-character township stems, unique on the map.
private struct DemoTownshipNames {
    private static let first = Array("东西南北上新老大小高石塘江山田湖桥岭枫竹杨凤龙金白青松柏桃花云水")
    private static let second = Array("城港湾洲岗源口溪坪岭林阳安平和丰泰宁兴盛华")
    private var used = Set<String>()

    mutating func next(_ random: inout DemoRandom) -> String {
        while true {
            let name = "\(random.pick(Self.first))\(random.pick(Self.second))"
            if used.insert(name).inserted { return name }
        }
    }
}
