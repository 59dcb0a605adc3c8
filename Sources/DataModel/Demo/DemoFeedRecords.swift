// DemoFeedRecords: turns the year's events into clean feed rows, as each department
// would report them: civil affairs registers marriages and divorces, hospitals report
// the births, deaths and abortions they attended (not births or deaths at home or
// outside the city; a migrant's death always, since no police record follows it), and
// the police report newborn registrations, deaths, move-ins and move-outs some days or
// weeks after the event, if still within the year.

struct DemoFeedRecords {
    private let city: DemoPopulation
    private var random: DemoRandom
    private(set) var records: [DemoFeedRecord] = []

    init(_ city: DemoPopulation, _ year: DemoYear, random: DemoRandom) {
        self.city = city
        self.random = random
        for m in city.marriages { marriage(wife: m.wife, husband: m.husband, date: m.date, kind: m.remarry ? "remarry" : "marry") }
        for d in city.divorces { marriage(wife: d.wife, husband: d.husband, date: d.date, kind: "divorce") }
        for b in year.births { birth(b) }
        for d in year.deaths { death(d) }
        for a in year.abortions { abortion(a) }
        for m in year.moveOuts { hukou("move_out", m.person, m.date, from: person(m.person).hukou, to: m.place) }
        for m in city.moveIns { hukou("move_in", m.person, m.date, from: m.from, to: person(m.person).hukou) }
        for m in year.strangerMoveIns { hukou("move_in", m.person, m.date, from: person(m.person).hukou, to: m.place) }
    }

    private func person(_ i: Int32) -> DemoPerson { city.people[Int(i)] }

    func id(_ i: Int32) -> String {
        guard i >= 0 else { return "" }
        let p = person(i)
        return String(decoding: DemoIdentity.number(county: city.geography.counties[Int(p.idCounty)].code,
                                                    birth: p.birth, sequence: Int(p.sequence)), as: UTF8.self)
    }

    private func area(_ place: Int32) -> String { String(city.geography.places[Int(place)].code) }
    private func name(_ i: Int32) -> String { DemoNames.text(person(i).name) }

    private mutating func add(_ feed: DemoFeed, _ fields: [String], _ date: CivilDate, _ subject: Int32, related: Int32 = -1) {
        records.append(DemoFeedRecord(feed: feed, fields: [""] + fields + [""], date: date, subject: subject,
                                      related: related, month: date.month))
    }

    private mutating func hospital(for place: Int32) -> String {
        let county = city.geography.places[Int(place)].county
        let names = county == 1 ? ["分宜县人民医院", "分宜县妇幼保健院"]
            : ["新余市人民医院", "新余市妇幼保健院", "渝水区人民医院", "新钢中心医院", "新余市中医院"]
        return random.pick(names)
    }

    private mutating func marriage(wife: Int32, husband: Int32, date: CivilDate, kind: String) {
        let w = person(wife), h = person(husband)
        let office = city.geography.inCity(w.hukou) ? w.hukou : h.hukou
        let officeCounty = city.geography.counties[Int(city.geography.places[Int(office)].county)].code
        add(.marriage, [date.description, kind, id(husband), name(husband), h.birth.description, area(h.hukou),
                        id(wife), name(wife), w.birth.description, area(w.hukou), "\(officeCounty)000000"],
            date, wife, related: husband)
    }

    private mutating func birth(_ b: DemoBirthEvent) {
        let child = person(b.child), mother = person(child.mother)
        let visitor = !mother.inRegister
        if visitor || city.geography.inCity(mother.residence) {
            add(.birth, [hospital(for: visitor ? city.geography.cityPlaces[0] : mother.residence), child.birth.description,
                         child.male ? "M" : "F", String(b.order), id(child.mother), name(child.mother),
                         mother.birth.description, id(mother.spouse), area(mother.residence)],
                child.birth, child.mother)
        }
        let registered = child.birth.addingDays(random.int(5...60))!
        if child.inRegister, city.geography.inCity(child.hukou), registered <= city.yearEnd, random.chance(0.92) {
            add(.hukou, ["newborn", registered.description, id(b.child), name(b.child), child.male ? "M" : "F",
                         child.birth.description, "", area(child.hukou), id(child.mother)],
                registered, b.child, related: child.mother)
        }
    }

    private mutating func death(_ d: DemoDated) {
        let p = person(d.person)
        var reported = false
        let hukouHere = city.geography.inCity(p.hukou)
        if !p.inRegister || city.geography.inCity(p.residence) && (!hukouHere || random.chance(0.72)) {
            add(.death, [hospital(for: p.inRegister ? p.residence : city.geography.cityPlaces[0]), d.date.description,
                         id(d.person), name(d.person), p.male ? "M" : "F", p.birth.description, area(p.residence)],
                d.date, d.person)
            reported = true
        }
        guard p.inRegister, hukouHere else { return }
        let cancelled = d.date.addingDays(random.int(3...50))!
        if cancelled <= city.yearEnd && random.chance(0.85) || !reported {
            hukou("death", d.person, min(cancelled, city.yearEnd), from: p.hukou, to: -1)
        }
    }

    private mutating func abortion(_ a: DemoAbortion) {
        let w = person(a.woman)
        let place = w.inRegister ? w.residence : city.geography.cityPlaces[0]
        add(.abortion, [hospital(for: place), a.date.description, a.laborInduction ? "labor_induction" : "induced",
                        String(a.weeks), id(a.woman), name(a.woman), w.birth.description],
            a.date, a.woman)
    }

    private mutating func hukou(_ event: String, _ who: Int32, _ date: CivilDate, from: Int32, to: Int32) {
        let p = person(who)
        add(.hukou, [event, date.description, id(who), name(who), p.male ? "M" : "F", p.birth.description,
                     from >= 0 ? area(from) : "", to >= 0 ? area(to) : "", ""],
            date, who)
    }
}
