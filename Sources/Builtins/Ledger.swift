// Ledger: the community's ledger (台账, the seed's 一户一页, 一楼一册): for a community, a
// book per building and a page per household, listing everyone the register has living
// there with sex, age, marital status, hukou place and separation class, and for the
// women their WIS card, contraception and pregnancy, so the building heads who visit
// door to door carry what the database knows and bring back what is wrong.
//
// A household is an address of the register; its building is the address's first two
// parts ("袁河小区 15栋" of "袁河小区 15栋 1单元 501", "老岗村 6组" of "老岗村 6组 72号").
// `ledger(...)` gives the sections for report(...): a heading per building, and per
// household a page break, a heading and the household's table.

import DataModel
import Interpreter

public enum Ledger {
    /// The building an address belongs to: its first two space-separated parts.
    public static func building(of address: String) -> String {
        let parts = address.split(separator: " ", omittingEmptySubsequences: true)
        return parts.prefix(2).joined(separator: " ")
    }

    /// Everyone living in `community` on `day`, with the columns a ledger page shows.
    static func plan(community: AreaCode, on day: CivilDate) throws -> Plan {
        func text(_ s: String) -> PlanExpr { .value(.text(s), .text) }
        let people = TableCatalog.plan(named: "people", on: day)!
            .adding(.filter(.binary(.equal, .column("residence_area"), text(community.full))))
        let separated = try Separation.adding(to: people, SeparationRule(level: .township, on: day))
        let cards = TableCatalog.plan(named: "wis", on: day)!
            .adding(.filter(.binary(.equal, .column("status"), text("active"))))
            .adding(.select(["woman_id", "card_no", "contraception", "pregnant_since"].map { ($0, PlanExpr.column($0)) }))
        let areas = TableCatalog.plan(named: "areas", on: day)!
            .adding(.select([("code", .column("code")), ("hukou_place", .column("name"))]))
        let joined = separated.adding(.join(cards, left: "person_id", right: "woman_id", kind: .left))
            .adding(.join(areas, left: "hukou_area", right: "code", kind: .left))
        return joined.adding(.select(["address", "person_id", "name", "sex", "age", "marital", "hukou_place", "separation",
                                      "card_no", "contraception", "pregnant_since"].map { ($0, PlanExpr.column($0)) }))
            .adding(.sort([(.column("address"), false), (.column("age"), true), (.column("person_id"), false)]))
    }
}

let ledgerBuiltins: [Builtin] = [
    Builtin("ledger(community, on = null)",
            doc: "The community's ledger (台账) for report(...): a book per building, a page per household, everyone "
                + "living there with sex, age, marital status, hukou, separation class, and the women's card, "
                + "contraception and pregnancy.",
            example: "len(ledger(\"360502001001\", on: @2025-12-31)) > 10", result: "true") { c in
        let day = try StatisticsArguments.day(c, 1)
        let lang = ReportCapture.of(c.machine)?.document.language ?? .zh
        let (community, plan) = try StatisticsArguments.guarding(c) { db -> (AreaCode, Plan) in
            let area = try AreaDirectory(db).resolve(try ControlStatsArguments.area(c, 0))
            guard area.level == .community else {
                throw StatisticsError("a ledger is kept by a community (a 12-digit code ending in its own three digits), "
                                      + "not by the \(area.level.rawValue) \(area.full)")
            }
            return (area, try Ledger.plan(community: area, on: day))
        }
        var households: [(address: String, people: Int)] = []
        try Table(plan: plan.adding(.aggregate(groups: [("address", .column("address"))],
                                               values: [("n", .aggregate(.count, nil))])))
            .forEachRow(c.machine, at: c.location) { row in
                guard case .int(let n) = row[1] else { return }
                households.append((row[0].isNull ? "" : row[0].text, Int(n)))
            }
        guard !households.isEmpty else {
            return .list([.string(lang == .zh ? "该社区在登记中无人居住（\(community.full)）。"
                                             : "Nobody in the register lives in community \(community.full).")])
        }
        var sections: [Value] = []
        var building: String?
        for household in households {
            // Every household starts a page, the first after the report's header aside; a
            // building's heading goes on the page of its first household.
            if !sections.isEmpty { sections.append(.string("\u{0C}")) }
            let name = Ledger.building(of: household.address)
            if name != building {
                building = name
                let count = households.filter { Ledger.building(of: $0.address) == name }.count
                sections.append(.string("## " + (lang == .zh ? "\(name.isEmpty ? "地址不详" : name)（\(count) 户）"
                                                              : "\(name.isEmpty ? "no address" : name) (\(count) households)")))
            }
            let members = Table(plan: plan.adding(.filter(.binary(.equal, .column("address"), .value(.text(household.address), .text))))
                .adding(.select(["person_id", "name", "sex", "age", "marital", "hukou_place", "separation", "card_no",
                                 "contraception", "pregnant_since"].map { ($0, PlanExpr.column($0)) })))
            sections += [.string("### " + (lang == .zh ? "\(household.address)（\(household.people) 人）"
                                                        : "\(household.address) (\(household.people) persons)")),
                         .table(members),
                         .string(lang == .zh ? "入户核对情况（核对后填写，错漏之处注明）：" + String(repeating: "＿", count: 20)
                                             : "Found on the visit (what is wrong or missing): " + String(repeating: "_", count: 40))]
        }
        return .list(sections)
    },
]
