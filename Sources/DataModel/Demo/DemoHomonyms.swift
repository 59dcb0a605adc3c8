// DemoHomonyms: people with the same name and the same birth date. Real cities have
// them (王伟 born on the same day twice), and they are what makes a feed record with an
// empty or mistyped identity number ambiguous. Some pairs are made for people the feeds
// mention, whose record then loses its number; others stand in the register unmentioned.
// The second person of a pair takes the first one's name and birthday and a new number.

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
