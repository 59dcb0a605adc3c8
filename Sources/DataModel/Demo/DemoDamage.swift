// DemoDamage: what the departments' exports do to clean records (spec sections 1-2):
// identity numbers with spaces, a lower-case x, full-width digits, the old 15 digits, a
// mistyped digit or nothing at all; names misspelt by a homophone; dates as YYYYMMDD or
// YYYY/M/D; sex as 1/2 or 男/女; kinds and events as their Chinese aliases. Each kind of
// damage hits its share of records and always at least one. Namesakes (same name, same
// birthday) are made here too: some for people a record mentions, whose record then
// loses its number and becomes ambiguous; others stand in the register unmentioned.

import Foundation

enum DemoDamage {
    /// (damage, share of the records it can apply to)
    private static let idShares: [(DemoIdDamage, Double)] = [
        (.spaces, 0.025), (.lowercaseX, 0.3), (.fullWidth, 0.012), (.fifteenDigit, 0.02), (.typo, 0.015), (.empty, 0.012),
    ]

    /// `scale` multiplies each identity damage's share (1 for Xinyu's feeds).
    static func apply(_ records: inout [DemoFeedRecord], _ random: inout DemoRandom, scale: Double = 1) {
        for (damage, share) in idShares {
            let candidates = records.indices.filter { i in
                !records[i].damaged && damage.apply(to: records[i].fields[records[i].feed.subjectId], &random) != nil
            }
            for i in random.choose(candidates, rate: share * scale) {
                let column = records[i].feed.subjectId
                records[i].fields[column] = damage.apply(to: records[i].fields[column], &random)!
                records[i].damaged = true
            }
        }
        for i in records.indices {
            for column in records[i].feed.otherIds where !records[i].fields[column].isEmpty && random.chance(0.01) {
                let damage: DemoIdDamage = random.chance(0.5) ? .spaces : .fullWidth
                records[i].fields[column] = damage.apply(to: records[i].fields[column], &random)!
            }
        }
        misspell(&records, &random)
        rewrite(&records, &random, columns: { $0.feed.birthColumns + [$0.feed.eventDate] }, forms: [
            (0.07, { compactDate($0) }), (0.06, { slashDate($0) }),
        ])
        rewrite(&records, &random, columns: { $0.feed.sexColumn.map { [$0] } ?? [] }, forms: [
            (0.10, { $0 == "M" ? "1" : "2" }), (0.07, { $0 == "M" ? "男" : "女" }),
        ])
        rewrite(&records, &random, columns: { $0.feed.codeColumn.map { [$0] } ?? [] }, forms: [
            (0.12, { v in DemoFeed.allCases.lazy.compactMap { $0.codes[v] }.first ?? v }),
        ])
    }

    private static func misspell(_ records: inout [DemoFeedRecord], _ random: inout DemoRandom) {
        let candidates = records.indices.filter { !records[$0].keepName && !records[$0].fields[records[$0].feed.subjectName].isEmpty }
        for i in random.choose(candidates, rate: 0.025) {
            let column = records[i].feed.subjectName
            if let wrong = DemoNames.misspelt(records[i].fields[column], &random) { records[i].fields[column] = wrong }
        }
    }

    /// Rewrites, in each record, the chosen columns with one of `forms`, each form taking
    /// its share of the records (at least one) and no record taking two.
    private static func rewrite(_ records: inout [DemoFeedRecord], _ random: inout DemoRandom,
                                columns: (DemoFeedRecord) -> [Int], forms: [(Double, (String) -> String)]) {
        var free = records.indices.filter { !columns(records[$0]).isEmpty }
        for (share, form) in forms {
            let chosen = random.choose(free, rate: share)
            let taken = Set(chosen)
            free.removeAll { taken.contains($0) }
            for i in chosen {
                for c in columns(records[i]) where !records[i].fields[c].isEmpty {
                    records[i].fields[c] = form(records[i].fields[c])
                }
            }
        }
    }

    static func compactDate(_ iso: String) -> String { iso.replacingOccurrences(of: "-", with: "") }

    static func slashDate(_ iso: String) -> String {
        guard let d = CivilDate.parse(iso) else { return iso }
        return "\(d.year)/\(d.month)/\(d.day)"
    }
}

enum DemoHomonyms {
    static func plant(_ records: inout [DemoFeedRecord], _ city: inout DemoPopulation, _ random: inout DemoRandom) {
        var mentioned = Set<Int32>()
        for r in records {
            mentioned.insert(r.subject)
            mentioned.insert(r.related)
        }
        for m in city.marriages { mentioned.insert(m.husband); mentioned.insert(m.previousHusband) }
        for (i, p) in city.people.enumerated() where p.spouse >= 0 && mentioned.contains(p.spouse) { mentioned.insert(Int32(i)) }

        let eligible = records.indices.filter { city.people[Int(records[$0].subject)].inRegister }
        for k in random.choose(eligible, rate: 0.003, minimum: 3) {
            let subject = records[k].subject
            guard twin(of: subject, &city, &random, avoiding: &mentioned) else { continue }
            let idColumn = records[k].feed.subjectId
            records[k].fields[idColumn] = random.chance(0.5) ? ""
                : DemoIdDamage.typo.apply(to: records[k].fields[idColumn], &random) ?? ""
            records[k].keepName = true
            records[k].damaged = true
        }
        let register = city.people.indices.filter { city.people[$0].inRegister }
        for _ in 0..<max(3, city.registerCount / 1000) {
            _ = twin(of: Int32(random.pick(register)), &city, &random, avoiding: &mentioned)
        }
    }

    /// Gives a register person of the same sex, unlinked to any record or family tie
    /// that a birthday change would upset, `person`'s name and birthday.
    private static func twin(of person: Int32, _ city: inout DemoPopulation, _ random: inout DemoRandom,
                             avoiding mentioned: inout Set<Int32>) -> Bool {
        let model = city.people[Int(person)]
        var best: Int32 = -1, bestGap = Int32.max
        for _ in 0..<4000 {
            let c = Int32(random.below(city.people.count))
            let p = city.people[Int(c)]
            guard c != person, p.inRegister, p.male == model.male, p.mother < 0, p.card < 0, p.marital == .single,
                  !mentioned.contains(c) else { continue }
            let gap = abs(p.birth.days - model.birth.days)
            if gap < bestGap { best = c; bestGap = gap }
            if gap < 400 { break }
        }
        guard best >= 0 else { return false }
        var twin = city.people[Int(best)]
        twin.name = model.name
        twin.birth = model.birth
        if twin.residenceSince < twin.birth { twin.residenceSince = twin.birth }
        city.issue(&twin)
        city.people[Int(best)] = twin
        mentioned.insert(best)
        mentioned.insert(person)
        return true
    }
}
