// FindingRules: the findings of spec section 6 for one linked record, as the centre
// reads them (docs/crosscheck.md spells out each rule), each with the one sentence a
// clerk reads beside it, naming the record's date and the card's value that disagree.
// A record that cannot be tied to one person is `ambiguous` and nothing else; a record
// about someone outside the city is `not_local` and nothing else; the rest are checked
// against the active card.

/// One finding code of spec section 6 with the sentence a clerk reads.
public struct Finding: Sendable, Equatable {
    public var code: String
    public var detail: String
}

enum FindingRules {
    static let ages = 15...49

    static func findings(_ c: CrosscheckCase) -> [Finding] {
        let r = c.record
        if c.link.ambiguousCandidates >= 2 { return [FindingText.ambiguous(c)] }
        guard isLocal(c.subject, r) else { return [FindingText.notLocal(c)] }
        switch r.feed {
        case .marriage: return marriage(c)
        case .birth: return birth(c, born: r.eventDate, pregnancyCheck: true)
        case .death: return c.card != nil ? [FindingText.activeAfterDeath(c)] : []
        case .abortion:
            guard let card = c.card, let since = card.pregnantSince, since <= r.eventDate else { return [] }
            return [FindingText.pregnancyOpen(c, card: card, since: since)]
        case .hukou: return hukou(c)
        }
    }

    /// Local: the register puts the hukou or the residence in the city; someone outside
    /// the register is local when one of the record's own area columns lies in the city.
    static func isLocal(_ person: RegisterPerson?, _ r: FeedRecord) -> Bool {
        if let person { return person.isLocal }
        return r.localityAreas.contains(where: AreaCode.isInCity)
    }

    /// Age in completed years on `date` from the register, else from the record or the number.
    static func age(_ person: RegisterPerson?, id: String?, written: CivilDate?, on date: CivilDate) -> Int? {
        let birth = person?.birth ?? written ?? id.flatMap { IdentityNumber.normalize($0)?.birthDate }
        return birth?.age(on: date)
    }

    private static func marriage(_ c: CrosscheckCase) -> [Finding] {
        let r = c.record
        if r.kind == "divorce" {
            guard let card = c.card, card.marital != "divorced" else { return [] }
            return [FindingText.staleDivorce(c, card: card)]
        }
        guard let card = c.card else {
            guard let age = age(c.subject, id: c.holderID, written: r.birth, on: r.eventDate), ages.contains(age) else { return [] }
            return [FindingText.noCard(c, age: age)]
        }
        var found: [Finding] = []
        if card.marital != "married" || card.marriageDate != r.eventDate { found.append(FindingText.staleMarriage(c, card: card)) }
        if let spouse = card.spouseID, !spouse.isEmpty, spouse != r.relatedID {
            found.append(FindingText.spouseMismatch(c, card: card, spouse: spouse))
        }
        return found
    }

    private static func birth(_ c: CrosscheckCase, born: CivilDate, pregnancyCheck: Bool) -> [Finding] {
        guard let card = c.card else {
            guard isLocal(c.holder, c.record),
                  let age = age(c.holder, id: c.holderID, written: c.record.feed == .birth ? c.record.birth : nil, on: born),
                  ages.contains(age) else { return [] }
            return [FindingText.motherNoCard(c, age: age, born: born)]
        }
        var found: [Finding] = []
        if !card.listsChild { found.append(FindingText.birthNotRecorded(c, card: card, born: born)) }
        if pregnancyCheck {
            let entered = card.listsChild ? card.childPregnancyRecorded : card.pregnancyRecorded
            if entered == nil || entered! >= born { found.append(FindingText.pregnancyNotRecorded(c, card: card, born: born, entered: entered)) }
        }
        return found
    }

    private static func hukou(_ c: CrosscheckCase) -> [Finding] {
        let r = c.record
        let female = (c.subject?.sex ?? r.sex) == "F"
        switch r.kind {
        case "newborn":
            guard let born = r.childBirth else { return [] }
            return birth(c, born: born, pregnancyCheck: false)
        case "move_in":
            guard let to = r.toArea, AreaCode.isInCity(to), let person = c.subject, person.sex == "F",
                  person.marital == "married", c.card == nil,
                  let age = person.birth?.age(on: r.eventDate), ages.contains(age) else { return [] }
            return [FindingText.noCardAfterMoveIn(c, age: age)]
        case "move_out":
            guard let to = r.toArea, !AreaCode.isInCity(to), female, let card = c.card else { return [] }
            return [FindingText.notTransferred(c, card: card, to: to)]
        case "death":
            return c.card != nil ? [FindingText.activeAfterDeath(c)] : []
        default:
            return []
        }
    }
}

enum FindingText {
    private static func who(_ c: CrosscheckCase) -> String {
        let name = c.subject?.name ?? c.record.name ?? ""
        return name.isEmpty ? "the person of record \(c.record.recordNo)" : name
    }

    private static func day(_ d: CivilDate?) -> String { d?.description ?? "no date" }

    static func ambiguous(_ c: CrosscheckCase) -> Finding {
        let r = c.record
        let number = r.idRaw.map { "the identity number \($0.quotedExcerpt) cannot be trusted" } ?? "no identity number was given"
        return Finding(code: "ambiguous", detail: "\(c.link.ambiguousCandidates) register persons fit \(r.name ?? "the record") "
                       + "born \(day(r.birth)) equally well and \(number); a clerk must decide who it is.")
    }

    static func notLocal(_ c: CrosscheckCase) -> Finding {
        let place: String
        if let p = c.subject {
            place = "hukou \(p.hukouArea ?? "unknown") and residence \(p.residenceArea ?? "unknown") lie outside the city"
        } else if c.record.localityAreas.isEmpty {
            place = "the person is not in the register and the record names no area in the city"
        } else {
            place = "the person is not in the register and the record's areas (\(c.record.localityAreas.joined(separator: ", "))) lie outside the city"
        }
        return Finding(code: "not_local", detail: "\(who(c)): \(place); nothing to do here.")
    }

    static func noCard(_ c: CrosscheckCase, age: Int) -> Finding {
        Finding(code: "no_card", detail: "\(who(c)) (aged \(age)) married on \(day(c.record.eventDate)) and has no active "
                + "WIS card; a new card is due.")
    }

    static func noCardAfterMoveIn(_ c: CrosscheckCase, age: Int) -> Finding {
        Finding(code: "no_card", detail: "\(who(c)) (married, aged \(age)) moved her hukou to \(c.record.toArea ?? "the city") "
                + "on \(day(c.record.eventDate)) and has no active WIS card; a new card is due.")
    }

    static func staleMarriage(_ c: CrosscheckCase, card: ActiveCard) -> Finding {
        let says = card.marital == "married" ? "married on \(day(card.marriageDate))" : (card.marital ?? "no marital status")
        return Finding(code: "status_stale", detail: "Card \(card.cardNo) says \(says); the registration says married on "
                       + "\(day(c.record.eventDate)).")
    }

    static func staleDivorce(_ c: CrosscheckCase, card: ActiveCard) -> Finding {
        Finding(code: "status_stale", detail: "Card \(card.cardNo) says \(card.marital ?? "no marital status"); the "
                + "registration says divorced on \(day(c.record.eventDate)).")
    }

    static func spouseMismatch(_ c: CrosscheckCase, card: ActiveCard, spouse: String) -> Finding {
        Finding(code: "spouse_mismatch", detail: "Card \(card.cardNo) names spouse \(spouse); the registration of "
                + "\(day(c.record.eventDate)) names husband \(c.record.relatedID ?? "without a valid number").")
    }

    static func motherNoCard(_ c: CrosscheckCase, age: Int, born: CivilDate) -> Finding {
        let mother = c.holder?.name ?? (c.record.feed == .birth ? c.record.name : nil) ?? c.holderID ?? "the mother"
        return Finding(code: "mother_no_card", detail: "\(mother) (aged \(age)) gave birth on \(day(born)) and has no "
                       + "active WIS card.")
    }

    static func birthNotRecorded(_ c: CrosscheckCase, card: ActiveCard, born: CivilDate) -> Finding {
        Finding(code: "birth_not_recorded", detail: "Card \(card.cardNo) lists no child born on \(day(born)).")
    }

    static func pregnancyNotRecorded(_ c: CrosscheckCase, card: ActiveCard, born: CivilDate, entered: CivilDate?) -> Finding {
        let when = entered.map { "was entered only on \($0)" } ?? "was never entered"
        return Finding(code: "pregnancy_not_recorded", detail: "The pregnancy that ended in the birth of \(day(born)) "
                       + "\(when) on card \(card.cardNo).")
    }

    static func pregnancyOpen(_ c: CrosscheckCase, card: ActiveCard, since: CivilDate) -> Finding {
        Finding(code: "pregnancy_still_open", detail: "Card \(card.cardNo) still shows a pregnancy since \(since); "
                + "it ended in an abortion on \(day(c.record.eventDate)).")
    }

    static func activeAfterDeath(_ c: CrosscheckCase) -> Finding {
        Finding(code: "card_active_after_death", detail: "\(who(c)) died (reported \(day(c.record.eventDate))) and card "
                + "\(c.card?.cardNo ?? "") is still active.")
    }

    static func notTransferred(_ c: CrosscheckCase, card: ActiveCard, to: String) -> Finding {
        Finding(code: "card_not_transferred", detail: "\(who(c)) moved out to \(to) on \(day(c.record.eventDate)) and card "
                + "\(card.cardNo) is still active here.")
    }
}
