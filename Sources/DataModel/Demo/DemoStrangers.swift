// DemoStrangers: people the departments report who are not in the register. Some are
// not local at all (a bride from Hunan married to a man whose hukou lies elsewhere, a
// visitor who gave birth or died in a Xinyu hospital); some live here but the survey
// missed them, and are the centre's business all the same.

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
