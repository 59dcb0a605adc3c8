// DemoUnits: the city's work units with unified social credit codes (GB 32100-2015):
// registering authority and kind (11 agency, 12 institution, 91 enterprise, 52 other),
// the county code, a 9-character organisation code with its GB 11714 check, and the
// final check character over 31 symbols, so the codes pass the same checks real ones do.

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
