// DemoPlacement: where a household's hukou lies, where it lives and where its adults
// work. Most households live in their hukou community; the rest are the separations the
// centre manages: within the city (hukou in one township, home in another), outflow
// (registered here, working in Zhejiang, Guangdong, Fujian or Shanghai), inflow (hukou
// in another county), pocket households (collective hukou, living elsewhere) and recent
// movers. Work units carry unified social credit codes (GB 32100-2015) that pass the
// same checks real ones do.

enum DemoPlacement {
    struct Draw {
        var hukou: Int32
        var residence: Int32
        var since: CivilDate
        var idCounty: Int16
        var newcomer = false     // hukou moved into the city during the year
        var origin: Int32 = -1   // where a newcomer's hukou was before
        var collective = false
        var compound: Int32 = -1
        var building: UInt8 = 0
        var entrance: UInt8 = 0
        var room: UInt16 = 0
    }

    static func draw(_ random: inout DemoRandom, _ geography: DemoGeography, yearEnd: CivilDate) -> Draw {
        let yearStart = CivilDate(year: yearEnd.year, month: 1, day: 1)!
        var since = random.chance(0.06)
            ? yearEnd.addingDays(-random.below(183))!
            : CivilDate(year: 1985, month: 1, day: 1)!.addingDays(random.below(Int(yearEnd.days) - 184 - 5479))!
        var d: Draw
        if random.chance(geography.mix.inflow) {
            let hukou = geography.randomOutsidePlace(&random, inflow: true)
            d = Draw(hukou: hukou, residence: geography.randomCityPlace(&random), since: since,
                     idCounty: geography.places[Int(hukou)].county)
        } else {
            let hukou = geography.randomCityPlace(&random)
            var county = geography.places[Int(hukou)].county
            if random.chance(0.08) {   // born elsewhere in the province, registered here later
                county = Int16(geography.outsideStart + random.below(8))
            }
            let r = random.unit(), bounds = geography.mix.residenceBounds
            let residence = r < bounds.0 ? hukou
                : r < bounds.1 ? sameTownship(hukou, &random, geography)
                : r < bounds.2 ? geography.otherTownshipPlace(than: hukou, &random)
                : geography.randomOutsidePlace(&random, inflow: false)
            d = Draw(hukou: hukou, residence: residence, since: since, idCounty: county)
            if random.chance(0.01) {
                since = yearStart.addingDays(random.below(365))!
                let origin = geography.randomOutsidePlace(&random, inflow: true)
                d = Draw(hukou: hukou, residence: geography.inCity(residence) ? residence : hukou, since: since,
                         idCounty: geography.places[Int(origin)].county, newcomer: true, origin: origin)
            }
        }
        home(&d, &random, geography)
        return d
    }

    /// A young adult with a collective hukou at an urban police station, school or
    /// employer who lives in another township or outside the city (口袋户).
    static func pocket(_ random: inout DemoRandom, _ geography: DemoGeography, _ base: Draw) -> Draw {
        var d = base
        repeat { d.hukou = geography.randomCityPlace(&random) } while geography.places[Int(d.hukou)].rural
        d.residence = random.chance(0.6) ? geography.otherTownshipPlace(than: d.hukou, &random)
                                         : geography.randomOutsidePlace(&random, inflow: false)
        d.collective = true
        d.newcomer = false
        d.idCounty = geography.places[Int(d.hukou)].county
        home(&d, &random, geography)
        return d
    }

    /// The husband's hukou: usually his wife's, but in a half household (半边户) it
    /// stayed in another township or outside the city.
    static func halfHousehold(_ random: inout DemoRandom, _ geography: DemoGeography, wifeHukou: Int32) -> Int32 {
        guard random.chance(0.04) else { return wifeHukou }
        guard geography.inCity(wifeHukou), random.chance(0.8) else {
            return geography.randomOutsidePlace(&random, inflow: true)
        }
        return geography.otherTownshipPlace(than: wifeHukou, &random)
    }

    private static func sameTownship(_ place: Int32, _ random: inout DemoRandom, _ geography: DemoGeography) -> Int32 {
        for _ in 0..<20 {
            let p = geography.randomCityPlace(&random)
            if p != place, geography.places[Int(p)].township == geography.places[Int(place)].township { return p }
        }
        return place
    }

    /// The dwelling: a flat in a compound, or group and house number in a village.
    private static func home(_ d: inout Draw, _ random: inout DemoRandom, _ geography: DemoGeography) {
        d.compound = -1
        guard geography.inCity(d.residence) else { return }
        if geography.places[Int(d.residence)].rural {
            d.building = UInt8(random.int(1...12))
            d.room = UInt16(random.int(1...80))
        } else {
            d.compound = random.pick(geography.compoundsOf[Int(d.residence)])
            d.building = UInt8(random.int(1...32))
            d.entrance = UInt8(random.int(1...4))
            d.room = UInt16(random.int(1...18) * 100 + random.int(1...4))
        }
    }
}

struct DemoUnit {
    let code: String
    let name: String
    let kind: String
    let area: Int32
}

enum DemoUnits {
    private static let symbols = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    private static let orgWeights = [3, 7, 9, 10, 5, 8, 4, 2]
    private static let bureaus = ["公安局", "教育局", "民政局", "卫生健康委员会", "自然资源局", "财政局", "税务局",
                                  "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "市场监督管理局", "统计局"]
    private static let trades = ["钢铁", "电子", "建材", "食品", "纺织", "光伏", "锂电", "商贸", "物流", "机械",
                                 "化工", "医药", "建筑", "房地产开发", "农业开发", "新能源", "汽车配件", "服装"]

    static func make(count: Int, _ geography: DemoGeography, _ random: inout DemoRandom) -> [DemoUnit] {
        var units: [DemoUnit] = [], names = Set<String>(), codes = Set<String>()
        while units.count < count {
            let area = geography.randomCityPlace(&random)
            let place = geography.places[Int(area)]
            let township = geography.townships[Int(place.township)]
            let county = geography.counties[Int(place.county)]
            let r = random.unit()
            let (kind, prefix, base): (String, String, String) =
                r < 0.08 ? ("agency", "11", random.chance(0.5) ? "\(county.name)\(random.pick(bureaus))" : "\(township.name)人民政府")
                : r < 0.22 ? ("institution", "12", random.chance(0.6) ? "\(DemoGeography.shortName(township.name))中心小学" : "\(township.name)卫生院")
                : r < 0.92 ? ("enterprise", "91", "新余\(random.pick(trades))\(random.chance(0.5) ? "有限公司" : "厂")")
                : ("other", "52", "新余\(random.pick(trades))行业协会")
            var name = base, n = 1
            while names.contains(name) { n += 1; name = base + (kind == "enterprise" ? "第\(n)分公司" : "第\(n)分部") }
            let code = creditCode(prefix: prefix, county: county.code, &random)
            guard codes.insert(code).inserted else { continue }
            names.insert(name)
            units.append(DemoUnit(code: code, name: name, kind: kind, area: area))
        }
        return units
    }

    static func creditCode(prefix: String, county: Int, _ random: inout DemoRandom) -> String {
        var body = (0..<8).map { _ in Character(String(random.below(10))) }
        if random.chance(0.4) { body[0] = "M"; body[1] = "A" }   // newer codes start MA
        // GB 11714 values: digits as themselves, letters A=10 ... Z=35.
        let orgSum = zip(orgWeights, body).reduce(0) { $0 + $1.0 * ($1.1.wholeNumberValue ?? Int($1.1.asciiValue!) - 55) }
        let c9 = 11 - orgSum % 11
        let orgCheck: Character = c9 == 10 ? "X" : c9 == 11 ? "0" : Character(String(c9))
        var text = prefix + String(county) + String(body) + String(orgCheck)
        let sum = zip(creditWeights, text).reduce(0) { $0 + $1.0 * symbols.firstIndex(of: $1.1)! }
        text.append(symbols[(31 - sum % 31) % 31])
        return text
    }
}
