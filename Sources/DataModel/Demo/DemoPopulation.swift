// DemoPopulation: builds the register household by household. A household draws its
// place (hukou and residence, with the city's separations), then its people: a family
// (DemoFamily) or a single adult. Identity numbers are issued here, and the year's
// marriages and hukou move-ins are noted as the households that contain them are drawn.

struct DemoMarriageEvent {
    var wife: Int32
    var husband: Int32
    var date: CivilDate
    var remarry: Bool            // 复婚: the same couple marrying again after a divorce
    var previousHusband: Int32   // the man of an earlier, dissolved marriage; -1 if none
    var previousDate: CivilDate?
}

struct DemoPopulation {
    let geography: DemoGeography
    let year: Int
    let yearStart: CivilDate
    let yearEnd: CivilDate
    var people: [DemoPerson] = []
    var registerCount = 0
    var marriages: [DemoMarriageEvent] = []
    var divorces: [(wife: Int32, husband: Int32, date: CivilDate)] = []
    var moveIns: [(person: Int32, date: CivilDate, from: Int32)] = []
    var random: DemoRandom
    var issued = Set<UInt64>()
    let unitCount: Int
    var target = 0

    /// Share of wives by age at the year's end, in five-year groups from 20-24: the
    /// shape of China's 2020 census carried to 2025 (large 1960s and late-1980s cohorts).
    static let wifeAgeGroups: [Double] = [3.0, 6.0, 8.5, 8.5, 7.0, 7.5, 9.5, 9.0, 7.0, 6.5, 4.5, 2.8, 1.6, 0.8]
    static let wifeAges = DemoWeights(wifeAgeGroups)

    init(geography: DemoGeography, year: Int, random: DemoRandom, unitCount: Int) {
        self.geography = geography
        self.year = year
        self.random = random
        self.unitCount = unitCount
        yearStart = CivilDate(year: year, month: 1, day: 1)!
        yearEnd = CivilDate(year: year, month: 12, day: 31)!
    }

    mutating func build(persons target: Int) {
        self.target = target
        people.reserveCapacity(target + target / 4)
        while registerCount < target {
            let left = target - registerCount
            let r = random.unit()
            if left < 12 || r < 0.17 {
                youngSingle()
            } else if r < 0.24 {
                olderSingle()
            } else {
                family()
            }
        }
    }

    // MARK: households

    private mutating func youngSingle() {
        var place = DemoPlacement.draw(&random, geography, yearEnd: yearEnd)
        let male = random.chance(0.70)
        let birth = birthday(age: random.int(18...34))
        if random.chance(0.08) { place = DemoPlacement.pocket(&random, geography, place) }
        let p = add(member(birth: birth, name: DemoNames.random(male: male, birthYear: birth.year, &random),
                           male: male, home: place))
        if birth.age(on: yearEnd) >= 24, random.chance(0.04) { formerlyMarried(p, .divorced) }
        if place.newcomer { noteMoveIns(from: p, place: place) }
    }

    private mutating func olderSingle() {
        let place = DemoPlacement.draw(&random, geography, yearEnd: yearEnd)
        let age = random.int(35...90)
        let male = random.chance(age < 60 ? 0.8 : 0.3)
        let birth = birthday(age: age)
        let p = add(member(birth: birth, name: DemoNames.random(male: male, birthYear: birth.year, &random),
                           male: male, home: place))
        if age >= 60 || random.chance(0.6) { formerlyMarried(p, age >= 60 ? .widowed : .divorced) }
        if place.newcomer { noteMoveIns(from: p, place: place) }
    }

    mutating func grandparent(wifeBirth: CivilDate, place: DemoPlacement.Draw) {
        let birth = wifeBirth.addingDays(-(25 + random.below(8)) * 365 - random.below(365))!
        let male = random.chance(0.35)
        let p = add(member(birth: birth, name: DemoNames.random(male: male, birthYear: birth.year, &random),
                           male: male, home: place))
        formerlyMarried(p, .widowed)
    }

    // MARK: helpers

    /// A divorced or widowed person living alone, married at 20-26 (WIS keeps the date).
    private mutating func formerlyMarried(_ p: Int32, _ status: DemoMarital) {
        people[Int(p)].marital = status
        people[Int(p)].marriageDate = people[Int(p)].birth.addingDays(random.int(20 * 365...26 * 365))
    }

    /// A register person living in `home`'s dwelling with its hukou.
    func member(birth: CivilDate, name: DemoName, male: Bool, home: DemoPlacement.Draw) -> DemoPerson {
        var p = DemoPerson(birth: birth, name: name, male: male, idCounty: home.idCounty,
                           hukou: home.hukou, residence: home.residence, residenceSince: home.since)
        p.collective = home.collective
        p.compound = home.compound
        p.building = home.building
        p.entrance = home.entrance
        p.room = home.room
        return p
    }

    /// A birthday giving `age` completed years on the last day of the year.
    mutating func birthday(age: Int) -> CivilDate {
        let start = CivilDate(year: year - age, month: 1, day: 1)!
        return start.addingDays(random.below(365))!
    }

    /// Adds a person, issuing the identity number's sequence (odd for men, even for
    /// women) so that no two people share a number.
    @discardableResult
    mutating func add(_ person: DemoPerson) -> Int32 {
        var p = person
        issue(&p)
        if p.inRegister {
            registerCount += 1
            if p.residenceSince < p.birth { p.residenceSince = p.birth }
            let age = p.birth.age(on: yearEnd)
            if (18...59).contains(age), geography.inCity(p.residence), random.chance(0.55) {
                p.unit = Int32(random.below(unitCount))
            }
        }
        people.append(p)
        return Int32(people.count - 1)
    }

    mutating func issue(_ p: inout DemoPerson) {
        while true {
            let s = p.male ? 2 * random.below(500) + 1 : 2 * (1 + random.below(499))
            let key = UInt64(UInt16(bitPattern: p.idCounty)) << 48
                | UInt64(UInt32(bitPattern: p.birth.days)) << 16 | UInt64(s)
            if issued.insert(key).inserted { p.sequence = UInt16(s); return }
        }
    }

    mutating func noteMarriage(wife: Int32, husband: Int32, on date: CivilDate) {
        var event = DemoMarriageEvent(wife: wife, husband: husband, date: date, remarry: false,
                                      previousHusband: -1, previousDate: nil)
        let age = people[Int(wife)].birth.age(on: date)
        if age > 27, random.chance(0.12) {
            let earlier = people[Int(wife)].birth.addingDays((21 + random.below(max(1, age - 23))) * 365)!
            event.previousDate = earlier
            if random.chance(0.35) {
                event.remarry = true
                event.previousHusband = husband
            } else {
                let h = people[Int(husband)]
                event.previousHusband = add(ghost(male: true, birth: h.birth.addingDays(random.int(-900...900))!,
                                                  near: h.hukou))
            }
        }
        marriages.append(event)
    }

    mutating func noteMoveIns(from first: Int32, place: DemoPlacement.Draw) {
        let from = place.origin
        for p in first..<Int32(people.count) where people[Int(p)].inRegister {
            let date = max(place.since, people[Int(p)].birth)
            if date >= yearStart { moveIns.append((p, date, from)) }
        }
    }

    /// Someone the feeds or WIS mention who is not in the register.
    mutating func ghost(male: Bool, birth: CivilDate, near place: Int32) -> DemoPerson {
        var p = DemoPerson(birth: birth, name: DemoNames.random(male: male, birthYear: birth.year, &random),
                           male: male, idCounty: geography.places[Int(place)].county,
                           hukou: place, residence: place, residenceSince: birth)
        p.inRegister = false
        return p
    }
}
