// DemoNames: Chinese personal names for the demo register. Surnames follow their real
// frequency (the common ones are very common and a long tail is rare), given names are
// one or two characters from the stock fashionable in the person's birth decade, and a
// homophone table supplies the misspellings clerks make. Names are kept as small
// indexes so 1.2 million people cost a few bytes each.

struct DemoName: Hashable {
    var surname: UInt16
    var given1: UInt16
    var given2: UInt16       // DemoNames.none for a one-character given name
}

enum DemoNames {
    static let none: UInt16 = .max

    /// Surnames with weights per ten thousand people (national survey order, with the
    /// Jiangxi favourites a little higher); the tail of rare surnames shares what is left.
    static let surnames: [(String, Double)] = [
        ("王", 710), ("李", 700), ("张", 620), ("刘", 560), ("陈", 520), ("黄", 330), ("杨", 300),
        ("胡", 250), ("吴", 230), ("周", 210), ("徐", 190), ("罗", 190), ("赵", 180), ("孙", 140),
        ("朱", 140), ("郭", 130), ("何", 130), ("高", 120), ("林", 120), ("邹", 110), ("彭", 110),
        ("曾", 110), ("谢", 100), ("袁", 100), ("钟", 90), ("傅", 80), ("廖", 80), ("肖", 80),
        ("宋", 80), ("马", 80), ("郑", 80), ("梁", 70), ("唐", 70), ("许", 70), ("韩", 60),
        ("冯", 60), ("邓", 60), ("曹", 60), ("熊", 60), ("简", 40), ("敖", 40), ("晏", 40),
        ("欧阳", 30), ("蒋", 50), ("蔡", 50), ("余", 50), ("杜", 40), ("叶", 40), ("程", 40),
        ("魏", 40), ("丁", 40), ("任", 40), ("沈", 40), ("姚", 40), ("卢", 40), ("姜", 30),
        ("崔", 30), ("谭", 30), ("汪", 30), ("范", 30), ("金", 30), ("石", 30), ("贾", 30),
        ("夏", 30), ("付", 30), ("方", 30), ("易", 30), ("邱", 30), ("江", 30), ("龚", 30),
        ("万", 25), ("严", 20), ("习", 20), ("龙", 20), ("贺", 20), ("陶", 20), ("毛", 20),
        ("左", 10), ("甘", 10), ("饶", 10), ("聂", 10), ("温", 10), ("游", 10), ("黎", 10),
        ("司马", 2), ("上官", 2), ("诸葛", 1), ("甄", 2), ("冼", 1), ("钭", 1), ("阙", 1),
        ("揭", 1), ("晋", 1), ("匡", 2),
    ]

    /// Given-name characters by sex and birth decade band: before 1970, 1970-89,
    /// 1990-2009, 2010 on.
    static let givenStock: [[[String]]] = [
        [split("建国华明军强平林德福文忠伟勇志荣金根生兵海春"),
         split("伟强军勇磊斌涛峰刚波辉鹏杰超俊明华平东"),
         split("浩宇鹏飞杰俊磊帅鑫凯龙超宁健亮晨"),
         split("子轩浩然宇梓睿俊辰泽博文皓逸航烨")],
        [split("秀英兰桂芳玉珍凤华梅金莲翠菊春花"),
         split("丽娟敏燕静红霞艳玲芳萍琴慧兰英"),
         split("婷雪倩颖璐佳欣洁琳蕾怡晶梅丽慧"),
         split("梓涵欣怡诗雨萱可馨一诺悦彤语思")],
    ]

    /// Characters clerks confuse when they type from speech: same or near sound.
    static let homophones: [String: String] = [
        "伟": "玮", "丽": "莉", "静": "婧", "华": "桦", "明": "铭", "军": "君", "芳": "方",
        "英": "瑛", "红": "虹", "杰": "洁", "磊": "垒", "涛": "滔", "敏": "闵", "燕": "艳",
        "萍": "平", "霞": "侠", "峰": "锋", "斌": "彬", "鹏": "朋", "辉": "晖", "刚": "钢",
        "勇": "永", "超": "潮", "健": "建", "婷": "亭", "雪": "学", "梅": "媚", "兰": "岚",
        "琴": "芹", "洁": "杰", "颖": "影", "慧": "惠", "倩": "茜", "欣": "馨", "宇": "雨",
        "浩": "皓", "轩": "萱", "涵": "含", "怡": "宜", "凯": "铠", "龙": "隆", "飞": "菲",
        "娟": "鹃", "玲": "琳", "琳": "玲", "晶": "菁", "璐": "露", "佳": "嘉", "蕾": "雷",
        "黄": "王", "王": "黄", "刘": "柳", "陈": "程", "徐": "许", "肖": "萧", "张": "章",
        "林": "琳", "平": "萍", "春": "纯", "桂": "贵", "玉": "钰", "珍": "真", "波": "博",
    ]

    /// Every character and surname in one table so a name is three small indexes.
    static let characters: [String] = {
        var all: [String] = surnames.map(\.0)
        var seen = Set(all)
        let stock = givenStock.flatMap { $0.flatMap { $0 } } + homophones.values.sorted()
        for ch in stock where seen.insert(ch).inserted { all.append(ch) }
        return all
    }()

    static let index: [String: UInt16] = {
        var map: [String: UInt16] = [:]
        for (i, ch) in characters.enumerated() { map[ch] = UInt16(i) }
        return map
    }()

    static let characterBytes: [[UInt8]] = characters.map { Array($0.utf8) }
    static let surnameWeights = DemoWeights(surnames.map(\.1))
    private static let stockIndexes: [[[UInt16]]] = givenStock.map { $0.map { $0.map { index[$0]! } } }

    static func band(birthYear: Int) -> Int {
        birthYear < 1970 ? 0 : birthYear < 1990 ? 1 : birthYear < 2010 ? 2 : 3
    }

    static func given(male: Bool, birthYear: Int, _ random: inout DemoRandom) -> (UInt16, UInt16) {
        let stock = stockIndexes[male ? 0 : 1][band(birthYear: birthYear)]
        let single = random.chance(birthYear < 1990 ? 0.35 : 0.25)
        let first = random.pick(stock)
        return (first, single ? none : random.pick(stock))
    }

    static func random(male: Bool, birthYear: Int, _ random: inout DemoRandom) -> DemoName {
        let (a, b) = given(male: male, birthYear: birthYear, &random)
        return DemoName(surname: UInt16(surnameWeights.draw(&random)), given1: a, given2: b)
    }

    static func text(_ name: DemoName) -> String {
        var s = characters[Int(name.surname)] + characters[Int(name.given1)]
        if name.given2 != none { s += characters[Int(name.given2)] }
        return s
    }

    static func appendBytes(_ name: DemoName, to out: inout [UInt8]) {
        out.append(contentsOf: characterBytes[Int(name.surname)])
        out.append(contentsOf: characterBytes[Int(name.given1)])
        if name.given2 != none { out.append(contentsOf: characterBytes[Int(name.given2)]) }
    }

    /// The name as a clerk mistyped it: one character replaced by a homophone. nil when
    /// no character of the name has one in the table.
    static func misspelt(_ name: String, _ random: inout DemoRandom) -> String? {
        let chars = name.map(String.init)
        let candidates = chars.indices.filter { homophones[chars[$0]] != nil }
        guard !candidates.isEmpty else { return nil }
        var out = chars
        let i = candidates.count > 1 && random.chance(0.8) ? candidates.last! : random.pick(candidates)
        out[i] = homophones[chars[i]]!
        return out.joined()
    }

    private static func split(_ s: String) -> [String] { s.map(String.init) }
}
