// FindingText: the sentence a clerk reads beside each finding, in English (`detail`)
// and in Chinese (`detail_zh`, what a Chinese report prints), naming the record's date
// and the card's value that disagree. Both are written at the same place from the same
// facts, so the two languages cannot say different things.

enum FindingText {
    private static func who(_ c: CrosscheckCase) -> (en: String, zh: String) {
        let name = c.subject?.name ?? c.record.name ?? ""
        return name.isEmpty ? ("the person of record \(c.record.recordNo)", "记录 \(c.record.recordNo) 的当事人") : (name, name)
    }

    private static func day(_ d: CivilDate?) -> String { d?.description ?? "no date" }
    private static func 日(_ d: CivilDate?) -> String { d?.description ?? "无日期" }

    static let consistent = Finding(code: "", detail: "Consistent with WIS.", chinese: "与信息卡一致。")

    private static let marital = ["single": "未婚", "married": "已婚", "divorced": "离婚", "widowed": "丧偶"]
    private static func 婚姻(_ status: String?) -> String { status.map { marital[$0] ?? $0 } ?? "无婚姻状况" }

    static func ambiguous(_ c: CrosscheckCase) -> Finding {
        let r = c.record, n = c.link.ambiguousCandidates
        let number = r.idRaw.map { "the identity number \($0.quotedExcerpt) cannot be trusted" } ?? "no identity number was given"
        let 证号 = r.idRaw.map { "身份证号“\($0)”不可信" } ?? "未填身份证号"
        return Finding(code: "ambiguous", detail: "\(n) register persons fit \(r.name ?? "the record") "
                       + "born \(day(r.birth)) equally well and \(number); a clerk must decide who it is.",
                       chinese: "人口登记中有 \(n) 人与\(r.name ?? "该记录")（出生 \(日(r.birth))）同样相符，且\(证号)；须由工作人员确定是谁。")
    }

    static func notLocal(_ c: CrosscheckCase) -> Finding {
        let place: String, 地点: String
        if let p = c.subject {
            place = "hukou \(p.hukouArea ?? "unknown") and residence \(p.residenceArea ?? "unknown") lie outside the city"
            地点 = "户籍地 \(p.hukouArea ?? "不详")、居住地 \(p.residenceArea ?? "不详") 均在本市以外"
        } else if c.record.localityAreas.isEmpty {
            place = "the person is not in the register and the record names no area in the city"
            地点 = "人口登记中无此人，记录也未写本市的地区"
        } else {
            let areas = c.record.localityAreas
            place = "the person is not in the register and the record's areas (\(areas.joined(separator: ", "))) lie outside the city"
            地点 = "人口登记中无此人，记录所写地区（\(areas.joined(separator: "、"))）在本市以外"
        }
        return Finding(code: "not_local", detail: "\(who(c).en): \(place); nothing to do here.",
                       chinese: "\(who(c).zh)：\(地点)；本市无需处理。")
    }

    static func noCard(_ c: CrosscheckCase, age: Int) -> Finding {
        Finding(code: "no_card", detail: "\(who(c).en) (aged \(age)) married on \(day(c.record.eventDate)) and has no active "
                + "WIS card; a new card is due.",
                chinese: "\(who(c).zh)（\(age) 岁）于 \(日(c.record.eventDate)) 结婚，无在用的育龄妇女信息卡；应新建信息卡。")
    }

    static func noCardAfterMoveIn(_ c: CrosscheckCase, age: Int) -> Finding {
        Finding(code: "no_card", detail: "\(who(c).en) (married, aged \(age)) moved her hukou to \(c.record.toArea ?? "the city") "
                + "on \(day(c.record.eventDate)) and has no active WIS card; a new card is due.",
                chinese: "\(who(c).zh)（已婚，\(age) 岁）于 \(日(c.record.eventDate)) 将户籍迁入 \(c.record.toArea ?? "本市")，"
                    + "无在用的育龄妇女信息卡；应新建信息卡。")
    }

    /// "the registration", or the later one that supersedes this record.
    private static func registration(_ c: CrosscheckCase) -> (en: String, zh: String) {
        c.later.map { ("the later registration \($0.recordNo)", "其后的婚姻登记 \($0.recordNo) ") } ?? ("the registration", "婚姻登记")
    }

    static func staleMarriage(_ c: CrosscheckCase, card: ActiveCard, on date: CivilDate) -> Finding {
        let says = card.marital == "married" ? "married on \(day(card.marriageDate))" : (card.marital ?? "no marital status")
        let 卡上 = card.marital == "married" ? "\(日(card.marriageDate)) 结婚" : 婚姻(card.marital)
        return Finding(code: "status_stale", detail: "Card \(card.cardNo) says \(says); \(registration(c).en) says married on "
                       + "\(day(date)).",
                       chinese: "信息卡 \(card.cardNo) 记为\(卡上)；\(registration(c).zh)为 \(日(date)) 结婚。")
    }

    static func staleDivorce(_ c: CrosscheckCase, card: ActiveCard, on date: CivilDate) -> Finding {
        Finding(code: "status_stale", detail: "Card \(card.cardNo) says \(card.marital ?? "no marital status"); "
                + "\(registration(c).en) says divorced on \(day(date)).",
                chinese: "信息卡 \(card.cardNo) 记为\(婚姻(card.marital))；\(registration(c).zh)为 \(日(date)) 离婚。")
    }

    static func spouseMismatch(_ c: CrosscheckCase, card: ActiveCard, spouse: String, husband: String?, on date: CivilDate) -> Finding {
        Finding(code: "spouse_mismatch", detail: "Card \(card.cardNo) names spouse \(spouse); \(registration(c).en) of "
                + "\(day(date)) names husband \(husband ?? "without a valid number").",
                chinese: "信息卡 \(card.cardNo) 所记配偶为 \(spouse)；\(日(date)) 的\(registration(c).zh)所记丈夫为 "
                    + "\(husband ?? "（无有效证号）")。")
    }

    static func unmatched(_ c: CrosscheckCase) -> Finding {
        let r = c.record
        let child = r.id ?? r.name ?? r.recordNo
        let whom = r.isNewborn ? "the mother of child \(child)" : (r.name.map { "\($0) born \(day(r.birth))" } ?? "the woman")
        let 谁 = r.isNewborn ? "子女 \(child) 的母亲" : (r.name.map { "\($0)（出生 \(日(r.birth))）" } ?? "该妇女")
        let raw = r.isNewborn ? r.relatedRaw : r.idRaw
        let number = raw.map { "the identity number \($0.quotedExcerpt) cannot be trusted" } ?? "no identity number was given"
        let 证号 = raw.map { "身份证号“\($0)”不可信" } ?? "未填身份证号"
        return Finding(code: "unmatched", detail: "Nobody in the register, WIS or the other feeds could be identified as "
                       + "\(whom) and \(number); her card cannot be checked: a clerk must find her.",
                       chinese: "人口登记、信息卡和其他部门信息中均无法确认\(谁)，且\(证号)；无法核对其信息卡，须由工作人员查找。")
    }

    /// For a newborn registration, which child it registers.
    private static func child(_ c: CrosscheckCase) -> (en: String, zh: String) {
        guard c.record.isNewborn else { return ("", "") }
        let child = c.record.id ?? c.record.idRaw ?? c.record.name ?? c.record.recordNo
        return (" (child \(child))", "（子女 \(child)）")
    }

    static func motherNoCard(_ c: CrosscheckCase, age: Int, born: CivilDate) -> Finding {
        let mother = c.holder?.name ?? (c.record.feed == .birth ? c.record.name : nil) ?? c.holderID
        return Finding(code: "mother_no_card", detail: "\(mother ?? "the mother") (aged \(age)) gave birth on \(day(born))\(child(c).en) and has no "
                       + "active WIS card.",
                       chinese: "\(mother ?? "母亲")（\(age) 岁）于 \(日(born)) 生育\(child(c).zh)，无在用的育龄妇女信息卡。")
    }

    static func birthNotRecorded(_ c: CrosscheckCase, card: ActiveCard, born: CivilDate) -> Finding {
        Finding(code: "birth_not_recorded", detail: "Card \(card.cardNo) lists no child born on \(day(born))\(child(c).en).",
                chinese: "信息卡 \(card.cardNo) 上没有 \(日(born)) 出生的子女\(child(c).zh)。")
    }

    static func pregnancyNotRecorded(_ c: CrosscheckCase, card: ActiveCard, born: CivilDate, entered: CivilDate?) -> Finding {
        let when = entered.map { "was entered only on \($0)" } ?? "was never entered"
        let 何时 = entered.map { "迟至 \($0) 才录入" } ?? "从未录入"
        return Finding(code: "pregnancy_not_recorded", detail: "The pregnancy that ended in the birth of \(day(born)) "
                       + "\(when) on card \(card.cardNo).",
                       chinese: "\(日(born)) 生育前的孕情在信息卡 \(card.cardNo) 上\(何时)。")
    }

    static func pregnancyOpen(_ c: CrosscheckCase, card: ActiveCard, since: CivilDate) -> Finding {
        Finding(code: "pregnancy_still_open", detail: "Card \(card.cardNo) still shows a pregnancy since \(since); "
                + "it ended in an abortion on \(day(c.record.eventDate)).",
                chinese: "信息卡 \(card.cardNo) 仍记有自 \(since) 起的孕情；该孕情已于 \(日(c.record.eventDate)) 流引产终止。")
    }

    static func activeAfterDeath(_ c: CrosscheckCase) -> Finding {
        Finding(code: "card_active_after_death", detail: "\(who(c).en) died (reported \(day(c.record.eventDate))) and card "
                + "\(c.card?.cardNo ?? "") is still active.",
                chinese: "\(who(c).zh) 已死亡（报告日期 \(日(c.record.eventDate))），信息卡 \(c.card?.cardNo ?? "") 仍在用。")
    }

    static func notTransferred(_ c: CrosscheckCase, card: ActiveCard, to: String) -> Finding {
        Finding(code: "card_not_transferred", detail: "\(who(c).en) moved out to \(to) on \(day(c.record.eventDate)) and card "
                + "\(card.cardNo) is still active here.",
                chinese: "\(who(c).zh) 已于 \(日(c.record.eventDate)) 迁出至 \(to)，信息卡 \(card.cardNo) 仍在本地在用。")
    }
}
