// DemoFamily: a married couple's household. The wife's age follows the city's pyramid;
// marriage age, the husband's age gap, the number of children and their spacing follow
// her birth cohort (large families before 1965, mostly one child in the town and two in
// the villages under the birth-planning policy, two or three since 2016). Old couples
// may be widowed, some couples divorce; grown children have left and appear only in WIS.

extension DemoPopulation {
    enum Fate { case together, widow, widower, divorced(CivilDate) }

    mutating func family() {
        let place = DemoPlacement.draw(&random, geography, yearEnd: yearEnd)
        let wifeAge = 20 + 5 * DemoPopulation.wifeAges.draw(&random) + random.below(5)
        let wifeBirth = birthday(age: wifeAge)
        let band = wifeBirth.year < 1970 ? 22.0 : wifeBirth.year < 1990 ? 23.5 : 26.0
        let married = wifeBirth.addingDays(Int(max(20.2, random.bell(mean: band, spread: 2.2)) * 365.25))!
        let wifeName = DemoNames.random(male: false, birthYear: wifeBirth.year, &random)
        guard married <= yearEnd else {
            // Not yet married: one of the pair lives alone (young men outnumber women).
            let male = random.chance(0.5)
            let birth = male ? wifeBirth.addingDays(-random.int(0...1200))! : wifeBirth
            add(member(birth: birth, name: male ? DemoNames.random(male: true, birthYear: birth.year, &random) : wifeName,
                       male: male, home: place))
            return
        }
        let fate = decideFate(wifeAge: wifeAge, married: married)
        let gap = min(10, max(-3, Int(random.bell(mean: 2.2, spread: 2.0).rounded())))
        var husbandBirth = wifeBirth.addingDays(-gap * 365 - random.below(200))!
        if husbandBirth.age(on: married) < 22 { husbandBirth = married.addingMonths(-22 * 12 - 3)! }
        let husbandName = DemoNames.random(male: true, birthYear: husbandBirth.year, &random)

        var wife: Int32 = -1, husband: Int32 = -1
        if case .widower = fate {} else {
            wife = add(member(birth: wifeBirth, name: wifeName, male: false, home: place))
        }
        if case .widow = fate {} else {
            var home = place
            if case .divorced = fate { home = DemoPlacement.draw(&random, geography, yearEnd: yearEnd) }
            var man = member(birth: husbandBirth, name: husbandName, male: true, home: home)
            let hukou = DemoPlacement.halfHousehold(&random, geography, wifeHukou: home.hukou)
            if hukou != home.hukou {
                man.hukou = hukou
                man.idCounty = geography.places[Int(hukou)].county
            }
            husband = add(man)
        }
        settle(wife: wife, husband: husband, married: married, fate: fate)
        children(mother: wife, motherBirth: wifeBirth, surname: husbandName.surname,
                 married: married, place: place)
        if (30...55).contains(wifeAge), registerCount < target, random.chance(0.10) {
            grandparent(wifeBirth: wifeBirth, place: place)
        }
        if place.newcomer { noteMoveIns(from: wife >= 0 ? wife : husband, place: place) }
    }

    private mutating func decideFate(wifeAge: Int, married: CivilDate) -> Fate {
        let old = wifeAge >= 80 ? 2 : wifeAge >= 70 ? 1 : wifeAge >= 60 ? 0 : -1
        if old >= 0 {
            if random.chance([0.12, 0.30, 0.50][old]) { return .widow }
            if random.chance([0.05, 0.12, 0.25][old]) { return .widower }
        }
        let earliest = married.addingMonths(24)!
        if (26...59).contains(wifeAge), earliest < yearEnd, random.chance(0.06) {
            let span = Int(yearEnd.days - earliest.days)
            let thisYear = span > 365 && random.chance(0.25)
            return .divorced(yearEnd.addingDays(-random.below(thisYear ? 365 : span))!)
        }
        return .together
    }

    private mutating func settle(wife: Int32, husband: Int32, married: CivilDate, fate: Fate) {
        for p in [wife, husband] where p >= 0 { people[Int(p)].marriageDate = married }
        switch fate {
        case .together:
            people[Int(wife)].marital = .married
            people[Int(husband)].marital = .married
            people[Int(wife)].spouse = husband
            people[Int(husband)].spouse = wife
            if married >= yearStart { noteMarriage(wife: wife, husband: husband, on: married) }
        case .widow: people[Int(wife)].marital = .widowed
        case .widower: people[Int(husband)].marital = .widowed
        case .divorced(let date):
            people[Int(wife)].marital = .divorced
            people[Int(husband)].marital = .divorced
            if date >= yearStart { divorces.append((wife, husband, date)) }
        }
    }

    private mutating func childCount(motherBirth: CivilDate, rural: Bool) -> Int {
        let y = motherBirth.year, r = random.unit()
        if r < 0.05 { return 0 }
        switch y {
        case ..<1955: return 3 + random.below(3)
        case ..<1965: return 2 + random.below(2)
        case ..<1975: return rural ? (r < 0.25 ? 1 : r < 0.8 ? 2 : 3) : (r < 0.8 ? 1 : 2)
        case ..<1988: return rural ? (r < 0.3 ? 1 : r < 0.85 ? 2 : 3) : (r < 0.7 ? 1 : r < 0.97 ? 2 : 3)
        case ..<1996: return r < 0.4 ? 1 : r < 0.88 ? 2 : 3
        default: return r < 0.55 ? 1 : r < 0.95 ? 2 : 3
        }
    }

    /// Children by birth order; those at home are in the register, grown ones who left
    /// are kept (outside it) only while their mother's WIS card lists them.
    private mutating func children(mother: Int32, motherBirth: CivilDate, surname: UInt16,
                                   married: CivilDate, place: DemoPlacement.Draw) {
        let rural = geography.places[Int(place.hukou)].rural
        let count = childCount(motherBirth: motherBirth, rural: rural)
        var due = married.addingDays(Int(max(0.6, random.bell(mean: 1.4, spread: 0.7)) * 365))!
        let motherAge = motherBirth.age(on: yearEnd)
        for _ in 0..<count {
            guard due <= yearEnd, motherBirth.age(on: due) <= 44 else { return }
            let age = due.age(on: yearEnd)
            let male = random.chance(due.year >= 1990 && due.year < 2016 ? 0.535 : 0.515)
            var name = DemoNames.random(male: male, birthYear: due.year, &random)
            name.surname = random.chance(0.92) ? surname : people[Int(max(0, mother))].name.surname
            var child = member(birth: due, name: name, male: male, home: place)
            if geography.inCity(place.hukou) { child.idCounty = geography.places[Int(place.hukou)].county }
            child.mother = mother
            let atHome = age <= 20 || (age <= 27 && random.chance(0.5))
            if !atHome || registerCount >= target {
                guard mother >= 0, motherAge <= 60 else { return }
                child.inRegister = false
            }
            add(child)
            due = due.addingDays(Int(max(1.2, random.bell(mean: 3.2, spread: 1.3)) * 365))!
        }
    }
}
