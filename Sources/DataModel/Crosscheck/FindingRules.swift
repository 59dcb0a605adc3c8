// FindingRules: the findings of spec section 6 for one linked record, as the centre
// reads them (docs/crosscheck.md spells out each rule), each with the one sentence a
// clerk reads beside it, naming the record's date and the card's value that disagree.
// A record that cannot be tied to one person is `ambiguous` and nothing else; a record
// about a woman nobody could identify is `unmatched`; a record about someone outside the
// city is `not_local` and nothing else; the rest are checked against the active card,
// as of the latest registration of the same person, with ages on the period's last day.

/// One finding code of spec section 6 with the sentence a clerk reads, in English and
/// in Chinese (FindingText.swift writes both).
public struct Finding: Sendable, Equatable {
    public var code: String
    public var detail: String
    public var chinese: String
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
