// DemoGeographyTables: the fixed facts behind the demo map. Xinyu's townships with their
// real statistical codes and the number of communities and villages under each (taken
// from the departments' sample areas.csv), real counties elsewhere with how often they
// send or receive people, and the word stock for village and compound names.

extension DemoGeography {
    /// (9-digit township code, name, communities 001.., villages 201..).
    static let townshipTable: [(Int, String, Int, Int)] = [
        (360_502_001, "城南街道", 9, 0), (360_502_002, "城北街道", 7, 0),
        (360_502_003, "袁河街道", 11, 0), (360_502_004, "新钢街道", 10, 0),
        (360_502_005, "孔目江街道", 8, 0), (360_502_100, "水北镇", 2, 7),
        (360_502_101, "下村镇", 4, 6), (360_502_102, "良山镇", 4, 5),
        (360_502_103, "罗坊镇", 4, 7), (360_502_104, "姚圩镇", 3, 7),
        (360_502_105, "珠珊镇", 4, 8), (360_502_108, "鹄山镇", 2, 6),
        (360_502_170, "河下镇", 4, 6), (360_502_180, "观巢镇", 4, 4),
        (360_502_181, "欧里镇", 4, 5), (360_502_190, "水西镇", 4, 7),
        (360_502_201, "人和乡", 4, 5), (360_502_202, "界水乡", 4, 5),
        (360_502_203, "南安乡", 3, 4), (360_502_204, "新溪乡", 3, 7),
        (360_502_271, "九龙山乡", 3, 4),
        (360_521_001, "钤东街道", 11, 0), (360_521_002, "钤西街道", 11, 0),
        (360_521_100, "分宜镇", 2, 6), (360_521_101, "杨桥镇", 3, 6),
        (360_521_102, "湖泽镇", 3, 5), (360_521_103, "双林镇", 3, 7),
        (360_521_104, "钤山镇", 3, 6), (360_521_105, "洋江镇", 4, 5),
        (360_521_106, "凤阳镇", 3, 5), (360_521_201, "洞村乡", 2, 4),
        (360_521_202, "高岚乡", 4, 5), (360_521_203, "操场乡", 2, 6),
        (360_521_505, "东坑林场", 4, 6),
    ]

    /// The city's two county-level units first (indexes 0 and 1), then counties elsewhere.
    static let countyTable: [DemoCounty] = [
        DemoCounty(code: 360_502, name: "渝水区", inCity: true, inflowWeight: 0, outflowWeight: 0),
        DemoCounty(code: 360_521, name: "分宜县", inCity: true, inflowWeight: 0, outflowWeight: 0),
        DemoCounty(code: 360_111, name: "江西省南昌市青山湖区", inCity: false, inflowWeight: 6, outflowWeight: 8),
        DemoCounty(code: 360_102, name: "江西省南昌市东湖区", inCity: false, inflowWeight: 4, outflowWeight: 5),
        DemoCounty(code: 360_302, name: "江西省萍乡市安源区", inCity: false, inflowWeight: 8, outflowWeight: 2),
        DemoCounty(code: 360_902, name: "江西省宜春市袁州区", inCity: false, inflowWeight: 12, outflowWeight: 2),
        DemoCounty(code: 360_982, name: "江西省樟树市", inCity: false, inflowWeight: 8, outflowWeight: 1),
        DemoCounty(code: 360_983, name: "江西省高安市", inCity: false, inflowWeight: 7, outflowWeight: 1),
        DemoCounty(code: 360_402, name: "江西省九江市濂溪区", inCity: false, inflowWeight: 3, outflowWeight: 1),
        DemoCounty(code: 361_002, name: "江西省抚州市临川区", inCity: false, inflowWeight: 6, outflowWeight: 1),
        DemoCounty(code: 430_102, name: "湖南省长沙市芙蓉区", inCity: false, inflowWeight: 4, outflowWeight: 3),
        DemoCounty(code: 420_102, name: "湖北省武汉市江岸区", inCity: false, inflowWeight: 2, outflowWeight: 2),
        DemoCounty(code: 330_106, name: "浙江省杭州市西湖区", inCity: false, inflowWeight: 1, outflowWeight: 12),
        DemoCounty(code: 330_282, name: "浙江省慈溪市", inCity: false, inflowWeight: 0.5, outflowWeight: 8),
        DemoCounty(code: 440_303, name: "广东省深圳市罗湖区", inCity: false, inflowWeight: 1, outflowWeight: 10),
        DemoCounty(code: 440_306, name: "广东省深圳市宝安区", inCity: false, inflowWeight: 0.5, outflowWeight: 12),
        DemoCounty(code: 440_106, name: "广东省广州市天河区", inCity: false, inflowWeight: 1, outflowWeight: 8),
        DemoCounty(code: 350_102, name: "福建省福州市鼓楼区", inCity: false, inflowWeight: 2, outflowWeight: 5),
        DemoCounty(code: 350_206, name: "福建省厦门市湖里区", inCity: false, inflowWeight: 1, outflowWeight: 5),
        DemoCounty(code: 310_115, name: "上海市浦东新区", inCity: false, inflowWeight: 0.5, outflowWeight: 8),
    ]
}

/// Village names in the region's manner: a family (`黄家村`) or a landform (`塘下村`).
struct DemoVillageNames {
    private static let families = Array("黄刘李王陈张胡罗吴邹彭曾周袁傅钟廖谢简敖晏欧习")
    private static let first = Array("上下东西南北新老大小高石塘坪江山田湖桥岭枫竹杨")
    private static let second = Array("坑塘坪田溪岭桥湾洲岗垅源口头陂背")
    private var used = Set<String>()

    mutating func next(_ random: inout DemoRandom) -> String {
        while true {
            let name = random.chance(0.35)
                ? "\(random.pick(DemoVillageNames.families))家村"
                : "\(random.pick(DemoVillageNames.first))\(random.pick(DemoVillageNames.second))村"
            if used.insert(name).inserted { return name }
        }
    }
}

/// Residential compound names (`仙来小区`, `抱石苑`), unique in the city.
struct DemoCompoundNames {
    private static let stems = ["仙来", "城北", "孔目", "袁河", "天工", "抱石", "百丈", "暨阳", "长青",
                                "胜利", "劳动", "团结", "新钢", "钤阳", "龙腾", "锦绣", "阳光", "金色",
                                "北湖", "南湖", "东门", "西门", "钤山", "昌坊", "渝州", "城东", "城西",
                                "鹏辉", "凯旋", "江景", "滨江", "翠苑", "仰天", "毓秀", "紫薇", "铁路",
                                "钢城", "书香", "丽景", "盛世"]
    private static let suffixes = ["小区", "苑", "花园", "新村", "家园", "公寓", "嘉园", "名都"]
    private var order: [Int] = []
    private var position = 0

    init(random: inout DemoRandom) {
        order = Array(0..<(DemoCompoundNames.stems.count * DemoCompoundNames.suffixes.count))
        random.shuffle(&order)
    }

    mutating func next() -> String {
        let k = order[position % order.count]
        let round = position / order.count
        position += 1
        let base = DemoCompoundNames.stems[k / DemoCompoundNames.suffixes.count]
            + DemoCompoundNames.suffixes[k % DemoCompoundNames.suffixes.count]
        return round == 0 ? base : base + "\(round + 1)期"
    }
}
