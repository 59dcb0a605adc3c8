// DemoPerson: the compact in-memory record of one person of the demo city (about 64
// bytes, so the whole city of 1.2 million fits in well under 100 MB), and the codes
// the register and WIS write for marital status, card status and contraception.

enum DemoMarital: UInt8 {
    case single, married, divorced, widowed

    var code: String {
        switch self {
        case .single: "single"
        case .married: "married"
        case .divorced: "divorced"
        case .widowed: "widowed"
        }
    }
}

struct DemoPerson {
    var birth: CivilDate
    var name: DemoName
    var male: Bool
    var marital: DemoMarital = .single
    /// False for people the feeds or WIS mention who are not in the residents' register:
    /// grown children living elsewhere, brides from other provinces, unsurveyed migrants.
    var inRegister = true
    var collective = false       // collective hukou (police station, school or employer)
    var idCounty: Int16          // index into DemoGeography.counties: where the number was issued
    var sequence: UInt16 = 0
    var spouse: Int32 = -1
    var mother: Int32 = -1
    var hukou: Int32             // index into DemoGeography.places
    var residence: Int32
    var residenceSince: CivilDate
    var marriageDate: CivilDate?
    var compound: Int32 = -1     // residential compound; -1 in a village or outside the city
    var building: UInt8 = 0      // building, or village group
    var entrance: UInt8 = 0      // stairway unit in a building
    var room: UInt16 = 0         // flat, or house number in a village
    var unit: Int32 = -1         // work unit, index into the unit list
    var card: Int32 = -1         // WIS card, index into the card list

    init(birth: CivilDate, name: DemoName, male: Bool, idCounty: Int16,
         hukou: Int32, residence: Int32, residenceSince: CivilDate) {
        self.birth = birth
        self.name = name
        self.male = male
        self.idCounty = idCounty
        self.hukou = hukou
        self.residence = residence
        self.residenceSince = residenceSince
    }
}

enum DemoCardStatus: UInt8 {
    case active, movedOut, deceased, agedOut

    var code: String {
        switch self {
        case .active: "active"
        case .movedOut: "moved_out"
        case .deceased: "deceased"
        case .agedOut: "aged_out"
        }
    }
}

enum DemoContraception: UInt8, CaseIterable {
    case iud, sterilization, implant, injection, pill, condom, other, none

    var code: String {
        switch self {
        case .iud: "iud"
        case .sterilization: "sterilization"
        case .implant: "implant"
        case .injection: "injection"
        case .pill: "pill"
        case .condom: "condom"
        case .other: "other"
        case .none: "none"
        }
    }
}

/// One WIS card as the baseline file writes it.
struct DemoCard {
    var woman: Int32
    var marital: DemoMarital
    var marriageDate: CivilDate?
    var spouse: Int32            // person index; -1 when the card names nobody
    var managing: Int32          // place index
    var contraception: DemoContraception = .none
    var contraceptionDate: CivilDate?
    var pregnantSince: CivilDate?
    var pregnancyRecorded: CivilDate?
    var status: DemoCardStatus
    var updated: CivilDate
    var children: [DemoCardChild] = []
}

struct DemoCardChild {
    var person: Int32
    var order: UInt8
    var policyIn: Bool
    var pregnancyRecorded: CivilDate?
}
