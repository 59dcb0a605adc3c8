// DemoTruth: the answer key, truth.csv. For every feed row written it says which person
// the row is about, whether an importer must load it, quarantine it or merge it as a
// re-export, and which findings of spec section 6 a correct cross-check reports. The
// findings are computed from the rows as written and the register and WIS as written,
// by the rules docs/demo-city.md states in words, not recalled from what was planted.

import Foundation

struct DemoTruth {
    let city: DemoPopulation
    let cards: [DemoCard]
    private var namesakes: [String: [Int]] = [:]   // "name|birth" -> identifiable people [men, women]
    /// The loaded rows who the record is about needs: see DemoTruthPeople.
    var registrations = DemoRegistrations()

    init(city: DemoPopulation, cards: [DemoCard], files: [DemoFeedFile]) {
        self.city = city
        self.cards = cards
        countNamesakes(files)
        registrations = DemoRegistrations(files, truth: self)
    }

    func write(_ files: [DemoFeedFile], to path: String) throws -> (rows: Int, counts: [String: Int]) {
        var f = try DemoCSVFile(path: path)
        try f.header(["feed", "record_no", "person_id", "findings", "row_status", "file", "line"])
        var counts: [String: Int] = [:]
        for feed in DemoFeed.allCases {
            var seen = Set<String>()
            for file in files where file.feed == feed {
                for (k, row) in file.rows.enumerated() {
                    var status = DemoTruth.quarantined(row) ? "quarantine" : "ok"
                    if status == "ok", !seen.insert(row.fields[0]).inserted { status = "duplicate" }
                    let findings = status == "ok" ? self.findings(row) : []
                    for code in findings { counts[code, default: 0] += 1 }
                    counts[status, default: 0] += 1
                    let concerned = concernedPerson(row)
                    f.field(feed.name)
                    f.field(row.fields[0])
                    f.field(identifiable(concerned) && !findings.contains("unmatched") ? id(concerned) : "")
                    f.field(findings.joined(separator: ";"))
                    f.field(status)
                    f.field("feeds/" + (file.path as NSString).lastPathComponent)
                    f.number(Int64(k + 2))
                    try f.endRow()
                }
            }
        }
        try f.close()
        return (f.rows - 1, counts)
    }

    /// Spec section 1: no record number, no event date, an unknown code, or nobody named.
    static func quarantined(_ row: DemoFeedRecord) -> Bool {
        let feed = row.feed, v = row.fields
        if v[0].trimmingCharacters(in: .whitespaces).isEmpty { return true }
        if CivilDate.parse(v[feed.eventDate]) == nil { return true }
        if let c = feed.codeColumn, feed.code(v[c]) == nil { return true }
        if let s = feed.sexColumn, DemoFeed.sex(v[s]) == nil { return true }
        return v[feed.subjectId].trimmingCharacters(in: .whitespaces).isEmpty
            && v[feed.subjectName].trimmingCharacters(in: .whitespaces).isEmpty
    }

    func id(_ i: Int32) -> String {
        let p = city.people[Int(i)]
        return String(decoding: DemoIdentity.number(county: city.geography.counties[Int(p.idCounty)].code,
                                                    birth: p.birth, sequence: Int(p.sequence)), as: UTF8.self)
    }

    private static func key(_ name: String, _ birth: CivilDate) -> String { "\(name)|\(birth.days)" }

    /// Counts register people sharing the name and birth date of each row whose number
    /// cannot be trusted; one pass over the register, keyed only by what rows ask for.
    private mutating func countNamesakes(_ files: [DemoFeedFile]) {
        var days = Set<Int32>()
        for file in files {
            for row in file.rows where DemoIdentity.normalize(row.fields[row.feed.subjectId]) == nil {
                guard let b = CivilDate.parse(row.fields[row.feed.subjectBirth]) else { continue }
                namesakes[DemoTruth.key(row.fields[row.feed.subjectName], b)] = [0, 0]
                days.insert(b.days)
            }
        }
        for (i, p) in city.people.enumerated() where identifiable(Int32(i)) && days.contains(p.birth.days) {
            let k = DemoTruth.key(DemoNames.text(p.name), p.birth)
            namesakes[k]?[p.male ? 0 : 1] += 1
        }
    }

    /// A newborn registration's own number names the child, whom no finding concerns: only
    /// its mother can make it ambiguous (DemoRegistrations).
    func ambiguous(_ row: DemoFeedRecord) -> Bool {
        let feed = row.feed, v = row.fields
        guard concernedPerson(row) == row.subject, DemoIdentity.normalize(v[feed.subjectId]) == nil, let b = CivilDate.parse(v[feed.subjectBirth]),
              let n = namesakes[DemoTruth.key(v[feed.subjectName], b)] else { return false }
        switch feed.subjectSex.flatMap({ DemoFeed.sex(v[$0]) }) {
        case "M": return n[0] >= 2
        case "F": return n[1] >= 2
        default: return n[0] + n[1] >= 2
        }
    }
}

extension DemoTruth {
    /// The sorted section-6 codes a correct cross-check reports for a loaded row.
    func findings(_ row: DemoFeedRecord) -> [String] {
        if ambiguous(row) { return ["ambiguous"] }
        let v = row.fields, feed = row.feed
        let newborn = feed == .hukou && feed.code(v[feed.column("event")]) == "newborn"
        var mother = row.related
        if newborn {
            switch registrations.mother(of: row, truth: self) {
            case .ambiguous: return ["ambiguous"]
            case .unidentified: mother = -1
            case .found(let m): mother = m
            }
        }
        let unidentified = newborn ? mother < 0 : DemoIdentity.normalize(v[feed.subjectId]) == nil && !identifiable(row.subject)
        if unidentified, concernsWoman(row, newborn: newborn) {
            let areas = feed.areaColumns.map { v[$0] }
            if !areas.isEmpty, !areas.contains(where: DemoTruth.inCity) { return ["not_local"] }
            let birth = newborn ? nil : CivilDate.parse(v[feed.subjectBirth])
            if birth.map({ (15...49).contains($0.age(on: city.yearEnd)) }) ?? true { return ["unmatched"] }
        }
        guard local(row.subject, row) else { return ["not_local"] }
        guard let date = CivilDate.parse(v[feed.eventDate]) else { return [] }
        let person = city.people[Int(row.subject)]
        let card = activeCard(row.subject)
        var found: [String] = []
        switch feed {
        case .marriage:
            let latest = registrations.latestMarriage(row, date: date)
            if latest.kind == "divorce" {
                if let card, card.marital != .divorced { found.append("status_stale") }
            } else if let card {
                if card.marital != .married || card.marriageDate != latest.date { found.append("status_stale") }
                if card.spouse >= 0, id(card.spouse) != id(latest.husband) { found.append("spouse_mismatch") }
            } else if (15...49).contains(person.birth.age(on: city.yearEnd)) {
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
                    found += birthFindings(mother: mother, born: born, row, pregnancy: false)
                }
            case "move_in":
                if DemoTruth.inCity(to), !person.male, person.marital == .married,
                   (15...49).contains(person.birth.age(on: city.yearEnd)), card == nil { found.append("no_card") }
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
            let age = city.people[Int(mother)].birth.age(on: city.yearEnd)
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
    /// in the register, her active card is managed in the city or one of the row's own
    /// area columns lies in the city.
    func local(_ person: Int32, _ row: DemoFeedRecord) -> Bool {
        let p = city.people[Int(person)]
        if p.inRegister { return city.geography.inCity(p.hukou) || city.geography.inCity(p.residence) }
        if let card = activeCard(person), city.geography.inCity(card.managing) { return true }
        return row.feed.areaColumns.contains { DemoTruth.inCity(row.fields[$0]) }
    }

    /// Someone a check can identify: in the register, or holding a WIS card.
    func identifiable(_ person: Int32) -> Bool {
        person >= 0 && (city.people[Int(person)].inRegister || city.people[Int(person)].card >= 0)
    }

    /// Whose card the row concerns: a newborn's mother, else the row's person.
    func concernedPerson(_ row: DemoFeedRecord) -> Int32 {
        row.feed == .hukou && row.feed.code(row.fields[row.feed.column("event")]) == "newborn" ? row.related : row.subject
    }

    /// The row concerns a woman: a wife, a mother, a woman, or a person of sex F.
    func concernsWoman(_ row: DemoFeedRecord, newborn: Bool) -> Bool {
        switch row.feed {
        case .marriage, .birth, .abortion: return true
        case .death, .hukou: return newborn || row.feed.sexColumn.flatMap { DemoFeed.sex(row.fields[$0]) } == "F"
        }
    }

    static func inCity(_ code: String) -> Bool {
        let digits = code.trimmingCharacters(in: .whitespaces)
        return digits.count == 12 && digits.hasPrefix("3605")
    }
}
