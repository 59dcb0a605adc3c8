// DemoPlacement: where a household's hukou lies and where it lives. Most households
// live in their hukou community; the rest are the separations the centre manages:
// within the city (hukou in one township, home in another), outflow (registered here,
// working in Zhejiang, Guangdong, Fujian or Shanghai), inflow (hukou in another county),
// pocket households (collective hukou, living elsewhere) and recent movers.

enum DemoPlacement {
    struct Draw {
        var hukou: Int32
        var residence: Int32
        var since: CivilDate
        var idCounty: Int16
        var newcomer = false     // hukou moved into the city during the year
        var origin: Int32 = -1   // where a newcomer's hukou was before
        var collective = false
        var compound: Int32 = -1
        var building: UInt8 = 0
        var entrance: UInt8 = 0
        var room: UInt16 = 0
    }

    static func draw(_ random: inout DemoRandom, _ geography: DemoGeography, yearEnd: CivilDate) -> Draw {
        let yearStart = CivilDate(year: yearEnd.year, month: 1, day: 1)!
        var since = random.chance(0.06)
            ? yearEnd.addingDays(-random.below(183))!
            : CivilDate(year: 1985, month: 1, day: 1)!.addingDays(random.below(Int(yearEnd.days) - 184 - 5479))!
        var d: Draw
        if random.chance(0.08) {
            let hukou = geography.randomOutsidePlace(&random, inflow: true)
            d = Draw(hukou: hukou, residence: geography.randomCityPlace(&random), since: since,
                     idCounty: geography.places[Int(hukou)].county)
        } else {
            let hukou = geography.randomCityPlace(&random)
            var county = geography.places[Int(hukou)].county
            if random.chance(0.08) {   // born elsewhere in the province, registered here later
                county = Int16(2 + random.below(8))
            }
            let r = random.unit()
            let residence = r < 0.75 ? hukou
                : r < 0.79 ? sameTownship(hukou, &random, geography)
                : r < 0.87 ? geography.otherTownshipPlace(than: hukou, &random)
                : geography.randomOutsidePlace(&random, inflow: false)
            d = Draw(hukou: hukou, residence: residence, since: since, idCounty: county)
            if random.chance(0.01) {
                since = yearStart.addingDays(random.below(365))!
                let origin = geography.randomOutsidePlace(&random, inflow: true)
                d = Draw(hukou: hukou, residence: geography.inCity(residence) ? residence : hukou, since: since,
                         idCounty: geography.places[Int(origin)].county, newcomer: true, origin: origin)
            }
        }
        home(&d, &random, geography)
        return d
    }

    /// A young adult with a collective hukou at an urban police station, school or
    /// employer who lives in another township or outside the city (口袋户).
    static func pocket(_ random: inout DemoRandom, _ geography: DemoGeography, _ base: Draw) -> Draw {
        var d = base
        repeat { d.hukou = geography.randomCityPlace(&random) } while geography.places[Int(d.hukou)].rural
        d.residence = random.chance(0.6) ? geography.otherTownshipPlace(than: d.hukou, &random)
                                         : geography.randomOutsidePlace(&random, inflow: false)
        d.collective = true
        d.newcomer = false
        d.idCounty = geography.places[Int(d.hukou)].county
        home(&d, &random, geography)
        return d
    }

    /// The husband's hukou: usually his wife's, but in a half household (半边户) it
    /// stayed in another township or outside the city.
    static func halfHousehold(_ random: inout DemoRandom, _ geography: DemoGeography, wifeHukou: Int32) -> Int32 {
        guard random.chance(0.04) else { return wifeHukou }
        guard geography.inCity(wifeHukou), random.chance(0.8) else {
            return geography.randomOutsidePlace(&random, inflow: true)
        }
        return geography.otherTownshipPlace(than: wifeHukou, &random)
    }

    private static func sameTownship(_ place: Int32, _ random: inout DemoRandom, _ geography: DemoGeography) -> Int32 {
        for _ in 0..<20 {
            let p = geography.randomCityPlace(&random)
            if p != place, geography.places[Int(p)].township == geography.places[Int(place)].township { return p }
        }
        return place
    }

    /// The dwelling: a flat in a compound, or group and house number in a village.
    private static func home(_ d: inout Draw, _ random: inout DemoRandom, _ geography: DemoGeography) {
        d.compound = -1
        guard geography.inCity(d.residence) else { return }
        if geography.places[Int(d.residence)].rural {
            d.building = UInt8(random.int(1...12))
            d.room = UInt16(random.int(1...80))
        } else {
            d.compound = random.pick(geography.compoundsOf[Int(d.residence)])
            d.building = UInt8(random.int(1...32))
            d.entrance = UInt8(random.int(1...4))
            d.room = UInt16(random.int(1...18) * 100 + random.int(1...4))
        }
    }
}
