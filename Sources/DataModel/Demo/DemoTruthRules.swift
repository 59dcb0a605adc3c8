// DemoTruthRules: the cross-check rules of spec section 6 as the demo city's answer key
// reads them (docs/demo-city.md states them in words). They look at the row as written
// for dates, codes and areas, and at the true person's register entry and WIS card.

import Foundation

extension DemoTruth {
    /// The sorted section-6 codes a correct cross-check reports for a loaded row.
    func findings(_ row: DemoFeedRecord) -> [String] {
        if ambiguous(row) { return ["ambiguous"] }
        guard local(row.subject, row) else { return ["not_local"] }
        let v = row.fields, feed = row.feed
        guard let date = CivilDate.parse(v[feed.eventDate]) else { return [] }
        let person = city.people[Int(row.subject)]
        let card = activeCard(row.subject)
        var found: [String] = []
        switch feed {
        case .marriage:
            let kind = feed.code(v[feed.column("kind")])
            if kind == "divorce" {
                if let card, card.marital != .divorced { found.append("status_stale") }
            } else if let card {
                if card.marital != .married || card.marriageDate != date { found.append("status_stale") }
                if card.spouse >= 0, id(card.spouse) != id(row.related) { found.append("spouse_mismatch") }
            } else if (15...49).contains(person.birth.age(on: date)) {
                found.append("no_card")
            }
        case .birth:
            found += birthFindings(mother: row.subject, born: date, row, pregnancy: true)
        case .death:
            if !person.male, card != nil { found.append("card_active_after_death") }
        case .abortion:
            if let since = card?.pregnantSince, since <= date { found.append("pregnancy_still_open") }
        case .hukou:
            let to = v[feed.column("to_area")]
            switch feed.code(v[feed.column("event")]) {
            case "newborn":
                if let born = CivilDate.parse(v[feed.column("birth_date")]) {
                    found += birthFindings(mother: row.related, born: born, row, pregnancy: false)
                }
            case "move_in":
                if DemoTruth.inCity(to), !person.male, person.marital == .married,
                   (15...49).contains(person.birth.age(on: date)), card == nil { found.append("no_card") }
            case "move_out":
                if !to.isEmpty, !DemoTruth.inCity(to), !person.male, card != nil { found.append("card_not_transferred") }
            case "death":
                if !person.male, card != nil { found.append("card_active_after_death") }
            default: break
            }
        }
        return found.sorted()
    }

    private func birthFindings(mother: Int32, born: CivilDate, _ row: DemoFeedRecord, pregnancy: Bool) -> [String] {
        guard mother >= 0 else { return [] }
        guard let card = activeCard(mother) else {
            let age = city.people[Int(mother)].birth.age(on: born)
            return local(mother, row) && (15...49).contains(age) ? ["mother_no_card"] : []
        }
        var found: [String] = []
        let child = card.children.first { city.people[Int($0.person)].birth == born }
        if child == nil { found.append("birth_not_recorded") }
        if pregnancy {
            let entered = child != nil ? child!.pregnancyRecorded : card.pregnancyRecorded
            if entered == nil || entered! >= born { found.append("pregnancy_not_recorded") }
        }
        return found
    }

    /// The woman's card when its status is `active`.
    func activeCard(_ person: Int32) -> DemoCard? {
        guard person >= 0 else { return nil }
        let c = city.people[Int(person)].card
        return c >= 0 && cards[Int(c)].status == .active ? cards[Int(c)] : nil
    }

    /// Local: the register puts the hukou or the residence in the city; for someone not
    /// in the register, one of the row's own area columns lies in the city.
    func local(_ person: Int32, _ row: DemoFeedRecord) -> Bool {
        let p = city.people[Int(person)]
        if p.inRegister { return city.geography.inCity(p.hukou) || city.geography.inCity(p.residence) }
        return row.feed.areaColumns.contains { DemoTruth.inCity(row.fields[$0]) }
    }

    static func inCity(_ code: String) -> Bool {
        let digits = code.trimmingCharacters(in: .whitespaces)
        return digits.count == 12 && digits.hasPrefix("3605")
    }
}
