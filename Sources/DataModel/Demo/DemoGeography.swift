// DemoGeography: the city's fixed map. Xinyu's real districts and townships with their
// statistical codes (as in the departments' sample areas.csv), generated communities and
// villages under them (villages of rural townships take codes 2xx), residential compounds,
// and real counties elsewhere that migrants come from and emigrants go to. The map does
// not depend on the seed: the same city is drawn with different people.

struct DemoPlace {
    let code: Int64          // 12-digit statistical code
    let name: String
    let township: Int32      // index into townships; -1 outside the city
    let county: Int16        // index into DemoGeography.counties
    let rural: Bool          // a village (code 2xx), where addresses are group and house numbers
}

struct DemoTownship {
    let code: Int64
    let name: String
    let county: Int16
}

struct DemoCounty {
    let code: Int            // 6 digits
    let name: String         // as written in an address
    let inCity: Bool
    let inflowWeight: Double // how often migrants living in Xinyu come from here
    let outflowWeight: Double // how often Xinyu's emigrants live here
}

struct DemoGeography {
    static let cityCode: Int64 = 360_500_000_000

    let counties: [DemoCounty]
    private(set) var townships: [DemoTownship] = []
    private(set) var places: [DemoPlace] = []
    /// Residential compounds of each place (index into `compounds`); empty for villages
    /// and places outside the city.
    private(set) var compoundsOf: [[Int32]] = []
    private(set) var compounds: [String] = []
    let cityPlaces: [Int32]
    let cityPlaceWeights: DemoWeights
    let outsidePlacesByCounty: [[Int32]]
    let inflowCounties: DemoWeights
    let outflowCounties: DemoWeights
    /// How people spread over the map: Xinyu's shares, or a drawn map's.
    let mix: DemoAreaMix
    /// The index of the first county outside the city in `counties`.
    var outsideStart: Int { mix.cityCounties.count }

    /// Xinyu's map (`areasSeed` nil), or one drawn from `areasSeed`.
    init(areasSeed: UInt64? = nil) {
        var random = DemoRandom(seed: 0x5846_5955)   // fixed: the map is the same for every seed
        mix = areasSeed.map { DemoAreaMix.drawn(seed: $0) } ?? .xinyu
        counties = mix.cityCounties + DemoGeography.countyTable.filter { !$0.inCity }
        var villageNames = DemoVillageNames()
        var compoundNames = DemoCompoundNames(random: &random)
        var cityPlaces: [Int32] = [], weights: [Double] = []
        for township in mix.townships {
            let (code, name, county) = (township.code, township.name, township.county)
            let street = name.hasSuffix("街道")
            let t = Int32(townships.count)
            townships.append(DemoTownship(code: Int64(code) * 1000, name: name, county: county))
            let prefix = DemoGeography.shortName(name)
            for c in 0..<township.communities {
                places.append(DemoPlace(code: Int64(code) * 1000 + Int64(c + 1), name: "\(prefix)第\(c + 1)社区",
                                        township: t, county: county, rural: false))
                var mine: [Int32] = []
                for _ in 0..<(street ? 5 : 3) {
                    mine.append(Int32(compounds.count))
                    compounds.append(compoundNames.next())
                }
                compoundsOf.append(mine)
                cityPlaces.append(Int32(places.count - 1))
                weights.append((street ? 6.0 : 2.5) * township.weight(community: c))
            }
            for v in 0..<township.villages {
                cityPlaces.append(Int32(places.count)); weights.append(township.weight(village: v))
                compoundsOf.append([])
                places.append(DemoPlace(code: Int64(code) * 1000 + 201 + Int64(v),
                                        name: villageNames.next(&random), township: t, county: county, rural: true))
            }
        }
        self.cityPlaces = cityPlaces
        cityPlaceWeights = DemoWeights(weights)
        var outside: [[Int32]] = Array(repeating: [], count: counties.count)
        for (ci, county) in counties.enumerated() where !county.inCity {
            for township in 1...8 {
                for community in 1...4 {
                    let code = Int64(county.code) * 1_000_000 + Int64(township * 1000 + community)
                    outside[ci].append(Int32(places.count))
                    compoundsOf.append([])
                    places.append(DemoPlace(code: code, name: county.name, township: -1,
                                            county: Int16(ci), rural: false))
                }
            }
        }
        outsidePlacesByCounty = outside
        inflowCounties = DemoWeights(counties.map(\.inflowWeight))
        outflowCounties = DemoWeights(counties.map(\.outflowWeight))
    }

    func inCity(_ place: Int32) -> Bool { places[Int(place)].township >= 0 }

    func randomCityPlace(_ random: inout DemoRandom) -> Int32 {
        cityPlaces[cityPlaceWeights.draw(&random)]
    }

    /// A community of another county where a migrant's hukou lies (inflow = true) or
    /// where an emigrant now lives.
    func randomOutsidePlace(_ random: inout DemoRandom, inflow: Bool) -> Int32 {
        let county = (inflow ? inflowCounties : outflowCounties).draw(&random)
        return random.pick(outsidePlacesByCounty[county])
    }

    /// A community in another township of the city than `place`'s.
    func otherTownshipPlace(than place: Int32, _ random: inout DemoRandom) -> Int32 {
        while true {
            let p = randomCityPlace(&random)
            if places[Int(p)].township != places[Int(place)].township { return p }
        }
    }

    /// `城南街道` → `城南`, `东坑林场` → `东坑`: the stem used in community names.
    static func shortName(_ name: String) -> String {
        for suffix in ["街道", "林场", "镇", "乡"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}
