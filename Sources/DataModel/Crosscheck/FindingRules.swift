// FindingRules: the findings of spec section 6 for one linked record, as the centre
// reads them (docs/crosscheck.md spells out each rule), each with the one sentence a
// clerk reads beside it, naming the record's date and the card's value that disagree.
// A record that cannot be tied to one person is `ambiguous` and nothing else; a record
// about someone outside the city is `not_local` and nothing else; the rest are checked
// against the active card.

/// One finding code of spec section 6 with the sentence a clerk reads, in English and
/// in Chinese (FindingText.swift writes both).
public struct Finding: Sendable, Equatable {
    public var code: String
    public var detail: String
    public var chinese: String
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
