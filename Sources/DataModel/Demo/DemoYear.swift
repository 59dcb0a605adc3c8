// DemoYear: what happened in the city during the feeds' year. Births and marriages come
// from the households; here the year adds deaths (by age-specific mortality), hukou
// move-outs, abortions, and the people the departments report who are not in the
// register (DemoStrangers). Each person has at most one such event, so events never
// collide.

struct DemoBirthEvent { var child: Int32; var order: Int }
struct DemoDated { var person: Int32; var date: CivilDate }
struct DemoMove { var person: Int32; var date: CivilDate; var place: Int32 }
struct DemoAbortion { var woman: Int32; var date: CivilDate; var weeks: Int; var laborInduction: Bool }

struct DemoYear {
    var births: [DemoBirthEvent] = []
    var deaths: [DemoDated] = []
    var moveOuts: [DemoMove] = []
    var abortions: [DemoAbortion] = []
    var strangerMoveIns: [DemoMove] = []      // non-local people in the police feed
    private var busy = Set<Int32>()

    init(_ city: inout DemoPopulation) {
        for m in city.marriages { busy.insert(m.wife); busy.insert(m.husband) }
        for d in city.divorces { busy.insert(d.wife); busy.insert(d.husband) }
        for m in city.moveIns { busy.insert(m.person) }
        collectBirths(city)
        var random = city.random.derived(0x7965_6172)
        drawDeaths(&city, &random)
        drawMoveOuts(&city, &random)
        drawAbortions(&city, &random)
        ensureMarriedMoveIn(&city, &random)
        DemoStrangers.add(to: &self, &city, &random)
    }

    /// A married woman of childbearing age living in the city: who WIS should hold an
    /// active card for, and so whose events can leave a card behind.
    static func carded(_ p: DemoPerson, _ city: DemoPopulation) -> Bool {
        !p.male && p.inRegister && p.marital == .married && p.birth.age(on: city.yearEnd) <= 49
            && city.geography.inCity(p.residence)
    }

    private mutating func collectBirths(_ city: DemoPopulation) {
        var order: [Int32: Int] = [:]
        for (i, p) in city.people.enumerated() where p.mother >= 0 {
            order[p.mother, default: 0] += 1
            if p.birth >= city.yearStart {
                births.append(DemoBirthEvent(child: Int32(i), order: order[p.mother]!))
                busy.insert(p.mother)
            }
        }
    }

    private static func mortality(_ age: Int) -> Double {
        switch age {
        case 0: 0.005
        case 1..<40: 0.0006
        case 40..<60: 0.003
        case 60..<70: 0.009
        case 70..<80: 0.028
        case 80..<90: 0.08
        default: 0.2
        }
    }

    private mutating func drawDeaths(_ city: inout DemoPopulation, _ random: inout DemoRandom) {
        var cardedWomen: [Int32] = []
        for (i, p) in city.people.enumerated() where p.inRegister && !busy.contains(Int32(i)) {
            if DemoYear.carded(p, city) { cardedWomen.append(Int32(i)); continue }
            if random.chance(DemoYear.mortality(p.birth.age(on: city.yearEnd))) {
                die(Int32(i), &city, &random)
            }
        }
        // Young mothers rarely die, but a card left active after a death is the gap the
        // check must find, so the city always has a few.
        for w in random.choose(cardedWomen, rate: 0.0008, minimum: 3) { die(w, &city, &random) }
    }

    private mutating func die(_ person: Int32, _ city: inout DemoPopulation, _ random: inout DemoRandom) {
        let p = city.people[Int(person)]
        let earliest = max(city.yearStart, p.birth)
        let date = earliest.addingDays(random.below(Int(city.yearEnd.days - earliest.days) + 1))!
        deaths.append(DemoDated(person: person, date: date))
        busy.insert(person)
    }

    private mutating func drawMoveOuts(_ city: inout DemoPopulation, _ random: inout DemoRandom) {
        var movers: [Int32] = [], cardedWomen: [Int32] = []
        for (i, p) in city.people.enumerated() where p.inRegister && !busy.contains(Int32(i)) {
            guard city.geography.inCity(p.hukou), (16...65).contains(p.birth.age(on: city.yearEnd)) else { continue }
            if DemoYear.carded(p, city) { cardedWomen.append(Int32(i)) } else { movers.append(Int32(i)) }
        }
        let chosen = random.choose(movers, rate: 0.007, minimum: 2) + random.choose(cardedWomen, rate: 0.007, minimum: 3)
        for person in chosen {
            let date = city.yearStart.addingDays(random.below(365))!
            var to = city.people[Int(person)].residence
            if city.geography.inCity(to) { to = city.geography.randomOutsidePlace(&random, inflow: false) }
            moveOuts.append(DemoMove(person: person, date: date, place: to))
            busy.insert(person)
            // The survey found them gone: the register shows where they live now.
            city.people[Int(person)].residence = to
            city.people[Int(person)].residenceSince = date
            city.people[Int(person)].compound = -1
            city.people[Int(person)].unit = -1
        }
    }

    private mutating func drawAbortions(_ city: inout DemoPopulation, _ random: inout DemoRandom) {
        var women: [Int32] = [], cardedWomen: [Int32] = []
        for (i, p) in city.people.enumerated() where p.inRegister && !p.male && !busy.contains(Int32(i)) {
            guard (17...45).contains(p.birth.age(on: city.yearEnd)), city.geography.inCity(p.residence) else { continue }
            if DemoYear.carded(p, city) { cardedWomen.append(Int32(i)) } else if p.marital == .single { women.append(Int32(i)) }
        }
        let total = Double(city.registerCount) * 0.0025
        let chosen = random.choose(cardedWomen, rate: total * 0.8 / Double(max(1, cardedWomen.count)), minimum: 3)
            + random.choose(women, rate: total * 0.2 / Double(max(1, women.count)), minimum: 1)
        for w in chosen { abortion(w, &random, city) }
    }

    mutating func abortion(_ woman: Int32, _ random: inout DemoRandom, _ city: DemoPopulation) {
        let labor = random.chance(0.12)
        let weeks = labor ? random.int(14...27) : random.int(6...12)
        let date = city.yearStart.addingDays(random.below(365))!
        abortions.append(DemoAbortion(woman: woman, date: date, weeks: weeks, laborInduction: labor))
        busy.insert(woman)
    }
}

extension DemoYear {
    /// The city always has a married woman of childbearing age among the year's hukou
    /// move-ins (she is who the `no_card` check on move-ins is about); when the drawn
    /// households brought none, one woman's hukou is recorded as moved in from elsewhere.
    mutating func ensureMarriedMoveIn(_ city: inout DemoPopulation, _ random: inout DemoRandom) {
        var have = 0, candidates: [Int32] = []
        for m in city.moveIns where DemoYear.carded(city.people[Int(m.person)], city) { have += 1 }
        guard have < 3 else { return }
        for (i, p) in city.people.enumerated() where DemoYear.carded(p, city) && !busy.contains(Int32(i))
            && city.geography.inCity(p.hukou) && p.spouse >= 0 && !busy.contains(p.spouse) {
            candidates.append(Int32(i))
        }
        for w in random.choose(candidates, rate: 0, minimum: 3 - have) {
            let origin = city.geography.randomOutsidePlace(&random, inflow: true)
            let date = city.yearStart.addingDays(random.below(365))!
            var woman = city.people[Int(w)]
            woman.idCounty = city.geography.places[Int(origin)].county
            woman.residenceSince = date
            city.issue(&woman)
            city.people[Int(w)] = woman
            city.moveIns.append((w, date, origin))
            busy.insert(w)
        }
    }
}

enum DemoStrangers {
    static func add(to year: inout DemoYear, _ city: inout DemoPopulation, _ random: inout DemoRandom) {
        let births = year.births.count, deaths = year.deaths.count
        for local in [false, true] {
            for _ in 0..<max(1, Int(Double(city.marriages.count) * (local ? 0.02 : 0.05))) {
                marriage(local: local, &city, &random)
            }
            for _ in 0..<max(1, Int(Double(births) * (local ? 0.02 : 0.03))) {
                year.births.append(birth(local: local, &city, &random))
            }
        }
        for _ in 0..<max(1, Int(Double(deaths) * 0.03)) {
            let place = city.geography.randomOutsidePlace(&random, inflow: true)
            let p = city.add(city.ghost(male: random.chance(0.55), birth: city.birthday(age: random.int(45...92)), near: place))
            year.deaths.append(DemoDated(person: p, date: city.yearStart.addingDays(random.below(365))!))
        }
        for _ in 0..<max(1, Int(Double(year.abortions.count) * 0.04)) {
            let place = city.geography.randomOutsidePlace(&random, inflow: true)
            let w = city.add(city.ghost(male: false, birth: city.birthday(age: random.int(19...40)), near: place))
            year.abortion(w, &random, city)
        }
        for _ in 0..<max(1, city.moveIns.count / 100) {
            let place = city.geography.randomOutsidePlace(&random, inflow: true)
            let p = city.add(city.ghost(male: random.chance(0.5), birth: city.birthday(age: random.int(18...60)), near: place))
            year.strangerMoveIns.append(DemoMove(person: p, date: city.yearStart.addingDays(random.below(365))!,
                                                 place: city.geography.randomOutsidePlace(&random, inflow: true)))
        }
    }

    /// A couple married at a Xinyu office: the bride's hukou is in another province
    /// (not local), or in the city although the survey never found her (local).
    private static func marriage(local: Bool, _ city: inout DemoPopulation, _ random: inout DemoRandom) {
        let wifeHome = local ? city.geography.randomCityPlace(&random) : city.geography.randomOutsidePlace(&random, inflow: true)
        let husbandHome = random.chance(0.5) ? city.geography.randomCityPlace(&random) : wifeHome
        let wifeBirth = city.birthday(age: random.int(21...34))
        let wife = city.add(city.ghost(male: false, birth: wifeBirth, near: wifeHome))
        let husband = city.add(city.ghost(male: true, birth: wifeBirth.addingDays(-random.int(0...1500))!, near: husbandHome))
        let date = city.yearStart.addingDays(random.below(365))!
        for p in [wife, husband] {
            city.people[Int(p)].marital = .married
            city.people[Int(p)].marriageDate = date
        }
        city.people[Int(wife)].spouse = husband
        city.people[Int(husband)].spouse = wife
        city.marriages.append(DemoMarriageEvent(wife: wife, husband: husband, date: date, remarry: false,
                                                previousHusband: -1, previousDate: nil))
    }

    /// A birth in a Xinyu hospital to a woman from elsewhere: a visitor (not local) or a
    /// migrant living here whom the survey missed (local, and without a card).
    private static func birth(local: Bool, _ city: inout DemoPopulation, _ random: inout DemoRandom) -> DemoBirthEvent {
        let hukou = city.geography.randomOutsidePlace(&random, inflow: true)
        var mother = city.ghost(male: false, birth: city.birthday(age: random.int(21...38)), near: hukou)
        if local { mother.residence = city.geography.randomCityPlace(&random) }
        mother.marital = .married
        let m = city.add(mother)
        let date = city.yearStart.addingDays(random.below(365))!
        let male = random.chance(0.52)
        var child = city.ghost(male: male, birth: date, near: hukou)
        child.mother = m
        child.residence = city.people[Int(m)].residence
        return DemoBirthEvent(child: city.add(child), order: random.chance(0.6) ? 1 : 2)
    }
}
