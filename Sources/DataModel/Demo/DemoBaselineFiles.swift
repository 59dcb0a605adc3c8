// DemoBaselineFiles: writes the register and WIS baseline (spec sections 3 and 4):
// areas.csv, units.csv, persons.csv, wis_cards.csv and wis_children.csv, streaming
// row by row from the compact model.

struct DemoBaselineFiles {
    let city: DemoPopulation
    let units: [DemoUnit]
    let cards: [DemoCard]
    let directory: String

    func areas() throws -> String {
        let g = city.geography
        var f = try DemoCSVFile(path: directory + "/areas.csv")
        try f.header(["code", "name", "level", "parent"])
        try row(&f, "360000000000", "江西省", "province", "")
        try row(&f, "360500000000", "新余市", "city", "360000000000")
        for county in g.counties where county.inCity {
            try row(&f, "\(county.code)000000", county.name, "county", "360500000000")
        }
        for (t, township) in g.townships.enumerated() {
            let parent = "\(g.counties[Int(township.county)].code)000000"
            try row(&f, String(township.code), township.name, "township", parent)
            for place in g.places where place.township == Int32(t) {
                try row(&f, String(place.code), place.name, "community", String(township.code))
            }
        }
        try f.close()
        return f.path
    }

    func unitsFile() throws -> String {
        var f = try DemoCSVFile(path: directory + "/units.csv")
        try f.header(["unit_code", "name", "kind", "area"])
        for u in units { try row(&f, u.code, u.name, u.kind, String(city.geography.places[Int(u.area)].code)) }
        try f.close()
        return f.path
    }

    func persons(progress: (Double) -> Void) throws -> String {
        var f = try DemoCSVFile(path: directory + "/persons.csv")
        try f.header(["person_id", "name", "sex", "birth_date", "marital", "spouse_id", "hukou_area", "hukou_kind",
                      "residence_area", "address", "unit_code", "residence_since"])
        let places = city.geography.places
        var name: [UInt8] = []
        for (i, p) in city.people.enumerated() where p.inRegister {
            f.plain(id(Int32(i)))
            name.removeAll(keepingCapacity: true)
            DemoNames.appendBytes(p.name, to: &name)
            f.plain(name)
            f.plain(p.male ? [77] : [70])
            f.date(p.birth)
            f.field(p.marital.code)
            f.plain(p.spouse >= 0 ? id(p.spouse) : [])
            f.number(places[Int(p.hukou)].code)
            f.field(p.collective ? "collective" : "family")
            f.number(places[Int(p.residence)].code)
            f.field(address(p))
            f.field(p.unit >= 0 ? units[Int(p.unit)].code : "")
            f.date(p.residenceSince)
            try f.endRow()
            if i % 100_000 == 0 { progress(Double(i) / Double(city.people.count)) }
        }
        try f.close()
        return f.path
    }

    func wisCards() throws -> String {
        var f = try DemoCSVFile(path: directory + "/wis_cards.csv")
        try f.header(["card_no", "woman_id", "name", "birth_date", "marital", "marriage_date", "spouse_id",
                      "spouse_name", "managing_area", "contraception", "contraception_date", "pregnant_since",
                      "pregnancy_recorded", "status", "updated"])
        for (k, c) in cards.enumerated() {
            let w = city.people[Int(c.woman)]
            f.field(DemoBaselineFiles.cardNumber(k))
            f.plain(id(c.woman))
            f.field(DemoNames.text(w.name))
            f.date(w.birth)
            f.field(c.marital.code)
            f.date(c.marriageDate)
            f.plain(c.spouse >= 0 ? id(c.spouse) : [])
            f.field(c.spouse >= 0 ? DemoNames.text(city.people[Int(c.spouse)].name) : "")
            f.number(city.geography.places[Int(c.managing)].code)
            f.field(c.contraception.code)
            f.date(c.contraceptionDate)
            f.date(c.pregnantSince)
            f.date(c.pregnancyRecorded)
            f.field(c.status.code)
            f.date(c.updated)
            try f.endRow()
        }
        try f.close()
        return f.path
    }

    func wisChildren() throws -> (path: String, rows: Int) {
        var f = try DemoCSVFile(path: directory + "/wis_children.csv")
        try f.header(["card_no", "child_id", "name", "birth_date", "sex", "birth_order", "policy", "pregnancy_recorded"])
        for (k, c) in cards.enumerated() {
            for child in c.children {
                let p = city.people[Int(child.person)]
                f.field(DemoBaselineFiles.cardNumber(k))
                f.plain(id(child.person))
                f.field(DemoNames.text(p.name))
                f.date(p.birth)
                f.plain(p.male ? [77] : [70])
                f.number(Int64(child.order))
                f.field(child.policyIn ? "in" : "out")
                f.date(child.pregnancyRecorded)
                try f.endRow()
            }
        }
        try f.close()
        return (f.path, f.rows - 1)
    }

    static func cardNumber(_ index: Int) -> String {
        let digits = String(index + 1)
        return "WIS" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    func id(_ person: Int32) -> [UInt8] {
        let p = city.people[Int(person)]
        return DemoIdentity.number(county: city.geography.counties[Int(p.idCounty)].code,
                                   birth: p.birth, sequence: Int(p.sequence))
    }

    /// `仙来小区 3栋 2单元 501` in a compound, `黄家村 5组 12号` in a village, the
    /// county's name for someone living outside the city.
    func address(_ p: DemoPerson) -> String {
        let g = city.geography
        if p.compound >= 0 { return "\(g.compounds[Int(p.compound)]) \(p.building)栋 \(p.entrance)单元 \(p.room)" }
        let place = g.places[Int(p.residence)]
        return g.inCity(p.residence) ? "\(place.name) \(p.building)组 \(p.room)号" : place.name
    }

    private func row(_ f: inout DemoCSVFile, _ fields: String...) throws {
        for v in fields { f.field(v) }
        try f.endRow()
    }
}
