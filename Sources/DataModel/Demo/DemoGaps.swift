// DemoGaps: the damage that hides a record's person from a check that looks only in the
// register by number (spec section 6): newborn registrations whose mother_id is empty or
// mistyped; people who died or moved out and whom the register no longer lists, their
// numbers often empty; mistyped numbers one character from another real person's; and
// marriages undone by a divorce later in the same year. A correct check still finds each
// woman through the hospital's birth record, her WIS card or the evidence, and never
// takes the neighbour for her.

enum DemoGaps {
    /// Some of the year's first marriages end in a divorce before the year's end; the
    /// register shows the couple divorced, and WIS usually caught up with the divorce.
    static func undoMarriages(_ records: inout [DemoFeedRecord], _ city: inout DemoPopulation, cards: inout [DemoCard],
                              _ random: inout DemoRandom) {
        let marriages = records.indices.filter {
            records[$0].feed == .marriage && records[$0].fields[2] == "marry" && city.people[Int(records[$0].subject)].inRegister
                && records[$0].date.addingDays(40)! < city.yearEnd
        }
        for i in random.choose(marriages, rate: 0.02, minimum: 2) {
            let married = records[i]
            let span = Int(city.yearEnd.days - married.date.days) - 30
            let date = married.date.addingDays(30 + random.below(max(1, span)))!
            var divorce = married
            divorce.fields[1] = date.description
            divorce.fields[2] = "divorce"
            divorce.date = date
            divorce.month = date.month
            records.append(divorce)
            for p in [married.subject, married.related] where p >= 0 {
                city.people[Int(p)].marital = .divorced
                city.people[Int(p)].spouse = -1
            }
            let card = city.people[Int(married.subject)].card
            if card >= 0, random.chance(0.85) { cards[Int(card)].marital = .divorced }
        }
    }

    /// Newborn registrations whose mother's number is empty or has a mistyped digit.
    static func damageMothers(_ records: inout [DemoFeedRecord], _ random: inout DemoRandom) {
        let newborns = records.indices.filter { records[$0].feed == .hukou && records[$0].fields[1] == "newborn" }
        let column = DemoFeed.hukou.column("mother_id")
        var free = newborns
        for damage in [DemoIdDamage.empty, .typo] {
            let chosen = random.choose(free, rate: 0.04, minimum: 2)
            free.removeAll { chosen.contains($0) }
            for i in chosen { records[i].fields[column] = damage.apply(to: records[i].fields[column], &random) ?? "" }
        }
    }

    /// A share of the hospital's births to mothers the register never listed (migrants
    /// the survey missed) lose the mother's number: nobody can identify her, and the
    /// check must say so (`unmatched`) rather than pass the record.
    static func hideStrangers(_ records: inout [DemoFeedRecord], _ city: DemoPopulation, _ random: inout DemoRandom) {
        let births = records.indices.filter { i in
            let r = records[i]
            return r.feed == .birth && !r.damaged && !city.people[Int(r.subject)].inRegister
                && city.geography.inCity(city.people[Int(r.subject)].residence)
        }
        for i in random.choose(births, rate: 0.1, minimum: 1) {
            records[i].fields[records[i].feed.subjectId] = ""
            records[i].damaged = true
        }
    }

    /// Drops from the register a share of the people who died or moved out during the
    /// year (women with a card more often); a share of their records lose the number.
    /// Returns the records whose number was mistyped, for `plantNeighbours`.
    static func dropGone(_ records: inout [DemoFeedRecord], _ city: inout DemoPopulation, _ year: DemoYear,
                         _ random: inout DemoRandom) -> [Int] {
        var carded: [Int32] = [], others: [Int32] = []
        for p in year.deaths.map(\.person) + year.moveOuts.map(\.person) where city.people[Int(p)].inRegister {
            if city.people[Int(p)].card >= 0 { carded.append(p) } else { others.append(p) }
        }
        let gone = Set(random.choose(carded, rate: 0.4, minimum: 3) + random.choose(others, rate: 0.3, minimum: 3))
        let dead = Set(year.deaths.map(\.person))
        for p in gone.sorted() {
            city.people[Int(p)].inRegister = false
            city.registerCount -= 1
            // The register keeps no tie to someone it no longer lists: a widow(er), or a
            // spouse whose partner's hukou left the city.
            let spouse = city.people[Int(p)].spouse
            if spouse >= 0, city.people[Int(spouse)].spouse == p {
                city.people[Int(spouse)].spouse = -1
                if dead.contains(p) { city.people[Int(spouse)].marital = .widowed }
            }
        }
        var typos: [Int] = []
        for i in records.indices where gone.contains(records[i].subject) && !records[i].damaged {
            let column = records[i].feed.subjectId
            if random.chance(0.35) {
                records[i].fields[column] = ""
                records[i].damaged = true
            } else if random.chance(0.25), let wrong = DemoIdDamage.typo.apply(to: records[i].fields[column], &random) {
                records[i].fields[column] = wrong
                records[i].damaged = true
                typos.append(i)
            }
        }
        return typos
    }

    /// For the given records and a share of the other records whose number was mistyped,
    /// gives an unmentioned register person the valid number one character from the
    /// mistyped one (the typed digits with their own check character): the neighbour a
    /// check trusting the number's near-agreement would take for the record's person.
    static func plantNeighbours(_ records: [DemoFeedRecord], gone: [Int], _ city: inout DemoPopulation,
                                _ random: inout DemoRandom) {
        var mentioned = Set<Int32>()
        for r in records { mentioned.insert(r.subject); mentioned.insert(r.related) }
        for (i, p) in city.people.enumerated() where p.spouse >= 0 && mentioned.contains(p.spouse) { mentioned.insert(Int32(i)) }
        let typed = records.indices.filter { i in
            let v = records[i].fields[records[i].feed.subjectId]
            return v.count == 18 && v.allSatisfy(\.isASCII) && DemoIdentity.normalize(v) == nil
                && city.people[Int(records[i].subject)].inRegister
        }
        for i in Set(gone + random.choose(typed, rate: 0.15, minimum: 2)).sorted() {
            let digits = Array(records[i].fields[records[i].feed.subjectId].utf8)
            guard digits.count == 18, digits[0..<17].allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let birth = CivilDate.parse(String(decoding: digits[6..<14], as: UTF8.self)),
                  // The neighbour's number must be valid: a typo that lands the birth date
                  // before 1900 (1256-07-10) gives no number a register could hold.
                  birth >= IdentityNumber.earliestBirth, birth < city.yearStart, let sequence = Int(String(decoding: digits[14..<17], as: UTF8.self)), sequence > 0
            else { continue }
            let model = city.people[Int(records[i].subject)]
            let key = UInt64(UInt16(bitPattern: model.idCounty)) << 48 | UInt64(UInt32(bitPattern: birth.days)) << 16
                | UInt64(sequence)
            guard !city.issued.contains(key), let n = neighbour(male: sequence % 2 == 1, city, &random, avoiding: mentioned)
            else { continue }
            city.issued.insert(key)
            city.people[Int(n)].idCounty = model.idCounty
            city.people[Int(n)].birth = birth
            city.people[Int(n)].sequence = UInt16(sequence)
            if city.people[Int(n)].residenceSince < birth { city.people[Int(n)].residenceSince = birth }
            mentioned.insert(n)
        }
    }

    /// An unmentioned single register person of the sex, with no family tie a new birth
    /// date would upset.
    private static func neighbour(male: Bool, _ city: DemoPopulation, _ random: inout DemoRandom,
                                  avoiding mentioned: Set<Int32>) -> Int32? {
        for _ in 0..<4000 {
            let c = Int32(random.below(city.people.count))
            let p = city.people[Int(c)]
            if p.inRegister, p.male == male, p.mother < 0, p.card < 0, p.marital == .single, !mentioned.contains(c) { return c }
        }
        return nil
    }
}
