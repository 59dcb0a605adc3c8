// FindingRules: the findings of spec section 6 for one linked record, as the centre
// reads them (docs/crosscheck.md spells out each rule), each with the one sentence a
// clerk reads beside it, naming the record's date and the card's value that disagree.
// A record that cannot be tied to one person is `ambiguous` and nothing else; a record
// about a woman nobody could identify is `unmatched`; a record about someone outside the
// city is `not_local` and nothing else; the rest are checked against the active card,
// as of the latest registration of the same person, with ages on the period's last day.

/// One finding code of spec section 6 with the sentence a clerk reads.
public struct Finding: Sendable, Equatable {
    public var code: String
    public var detail: String
}

enum FindingRules {
    static let ages = 15...49

    /// The findings of one case; ages are completed years on `asOf`, the day the check is for.
    static func findings(_ c: CrosscheckCase, asOf: CivilDate) -> [Finding] {
        let r = c.record
        if c.link.ambiguousCandidates >= 2 { return [FindingText.ambiguous(c)] }
        if c.unidentified, r.concernsWoman {
            // The record's own areas still say when she is someone from elsewhere.
            if !r.localityAreas.isEmpty, !r.localityAreas.contains(where: AreaCode.isInCity) { return [FindingText.notLocal(c)] }
            let birth = r.isNewborn ? nil : r.birth ?? r.birthInDamagedID
            if birth.map({ ages.contains($0.age(on: asOf)) }) ?? true { return [FindingText.unmatched(c)] }
        }
        guard isLocal(c) else { return [FindingText.notLocal(c)] }
        switch r.feed {
        case .marriage: return marriage(c, asOf: asOf)
        case .birth: return birth(c, born: r.eventDate, pregnancyCheck: true, asOf: asOf)
        case .death: return c.card != nil ? [FindingText.activeAfterDeath(c)] : []
        case .abortion:
            guard let card = c.card, let since = card.pregnantSince, since <= r.eventDate else { return [] }
            return [FindingText.pregnancyOpen(c, card: card, since: since)]
        case .hukou: return hukou(c, asOf: asOf)
        }
    }

    /// Local for the woman whose card the record concerns, else for the record's person:
    /// the register's areas, else an active card managed in the city, else the record's areas.
    static func isLocal(_ c: CrosscheckCase) -> Bool {
        let person = c.record.isNewborn ? c.holder : c.subject
        if person == nil, let managed = c.card?.managingArea, AreaCode.isInCity(managed) { return true }
        return isLocal(c.record.isNewborn ? c.subject ?? c.holder : c.subject, c.record)
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

    /// A marriage record is checked against the latest registration of the same wife: a
    /// divorce after it asks for a divorced card, a remarriage for the new date and husband.
    private static func marriage(_ c: CrosscheckCase, asOf: CivilDate) -> [Finding] {
        let r = c.record
        let latest = c.later ?? c.registration
        if latest.kind == "divorce" {
            guard let card = c.card, card.marital != "divorced" else { return [] }
            return [FindingText.staleDivorce(c, card: card, on: latest.date)]
        }
        guard let card = c.card else {
            guard let age = age(c.subject, id: c.holderID, written: r.birth, on: asOf), ages.contains(age) else { return [] }
            return [FindingText.noCard(c, age: age)]
        }
        var found: [Finding] = []
        if card.marital != "married" || card.marriageDate != latest.date {
            found.append(FindingText.staleMarriage(c, card: card, on: latest.date))
        }
        if let spouse = card.spouseID, !spouse.isEmpty, spouse != latest.relatedID {
            found.append(FindingText.spouseMismatch(c, card: card, spouse: spouse, husband: latest.relatedID, on: latest.date))
        }
        return found
    }

    private static func birth(_ c: CrosscheckCase, born: CivilDate, pregnancyCheck: Bool, asOf: CivilDate) -> [Finding] {
        guard let card = c.card else {
            guard isLocal(c.holder, c.record),
                  let age = age(c.holder, id: c.holderID, written: c.record.feed == .birth ? c.record.birth : nil, on: asOf),
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

    /// A move is checked as of the latest move of the same person: a move-in followed by a
    /// move-out asks for a transferred card, not a new one.
    private static func hukou(_ c: CrosscheckCase, asOf: CivilDate) -> [Finding] {
        let r = c.record
        let female = (c.subject?.sex ?? r.sex) == "F"
        let latest = c.later ?? c.registration
        switch latest.kind {
        case "newborn":
            guard let born = r.childBirth else { return [] }
            return birth(c, born: born, pregnancyCheck: false, asOf: asOf)
        case "move_in":
            guard let to = latest.toArea, AreaCode.isInCity(to), let person = c.subject, person.sex == "F",
                  person.marital == "married", c.card == nil,
                  let age = person.birth?.age(on: asOf), ages.contains(age) else { return [] }
            return [FindingText.noCardAfterMoveIn(c, age: age)]
        case "move_out":
            guard let to = latest.toArea, !AreaCode.isInCity(to), female, let card = c.card else { return [] }
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
        let number = r.idRaw.map { "the identity number \"\($0)\" cannot be trusted" } ?? "no identity number was given"
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

    /// "the registration", or the later one that supersedes this record.
    private static func registration(_ c: CrosscheckCase) -> String {
        c.later.map { "the later registration \($0.recordNo)" } ?? "the registration"
    }

    static func staleMarriage(_ c: CrosscheckCase, card: ActiveCard, on date: CivilDate) -> Finding {
        let says = card.marital == "married" ? "married on \(day(card.marriageDate))" : (card.marital ?? "no marital status")
        return Finding(code: "status_stale", detail: "Card \(card.cardNo) says \(says); \(registration(c)) says married on "
                       + "\(day(date)).")
    }

    static func staleDivorce(_ c: CrosscheckCase, card: ActiveCard, on date: CivilDate) -> Finding {
        Finding(code: "status_stale", detail: "Card \(card.cardNo) says \(card.marital ?? "no marital status"); "
                + "\(registration(c)) says divorced on \(day(date)).")
    }

    static func spouseMismatch(_ c: CrosscheckCase, card: ActiveCard, spouse: String, husband: String?, on date: CivilDate) -> Finding {
        Finding(code: "spouse_mismatch", detail: "Card \(card.cardNo) names spouse \(spouse); \(registration(c)) of "
                + "\(day(date)) names husband \(husband ?? "without a valid number").")
    }

    static func unmatched(_ c: CrosscheckCase) -> Finding {
        let r = c.record
        let whom = r.isNewborn ? "the mother of child \(r.id ?? r.name ?? r.recordNo)" : (r.name.map { "\($0) born \(day(r.birth))" } ?? "the woman")
        let number = (r.isNewborn ? r.relatedRaw : r.idRaw).map { "the identity number \"\($0)\" cannot be trusted" }
            ?? "no identity number was given"
        return Finding(code: "unmatched", detail: "Nobody in the register, WIS or the other feeds could be identified as "
                       + "\(whom) and \(number); her card cannot be checked: a clerk must find her.")
    }

    /// For a newborn registration, which child it registers.
    private static func child(_ c: CrosscheckCase) -> String {
        c.record.isNewborn ? " (child \(c.record.id ?? c.record.idRaw ?? c.record.name ?? c.record.recordNo))" : ""
    }

    static func motherNoCard(_ c: CrosscheckCase, age: Int, born: CivilDate) -> Finding {
        let mother = c.holder?.name ?? (c.record.feed == .birth ? c.record.name : nil) ?? c.holderID ?? "the mother"
        return Finding(code: "mother_no_card", detail: "\(mother) (aged \(age)) gave birth on \(day(born))\(child(c)) and has no "
                       + "active WIS card.")
    }

    static func birthNotRecorded(_ c: CrosscheckCase, card: ActiveCard, born: CivilDate) -> Finding {
        Finding(code: "birth_not_recorded", detail: "Card \(card.cardNo) lists no child born on \(day(born))\(child(c)).")
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
