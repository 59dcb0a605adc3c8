// FindingText: the one sentence a clerk reads beside each finding. It names the record's
// date and the card's value that disagree, so the clerk can act without opening either.

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
