// DemoFeedLayout: the five department feeds of spec section 5 as the generator writes
// them: columns in the agreed order, which column is the event date, which ones name the
// person concerned (the wife, the mother, the woman, the person), the coded columns and
// their Chinese aliases. The generator and the ground truth both read records by it.

import Foundation

enum DemoFeed: Int, CaseIterable {
    case marriage, birth, death, abortion, hukou

    var name: String { ["marriage", "birth", "death", "abortion", "hukou"][rawValue] }
    var prefix: String { ["M", "B", "D", "A", "H"][rawValue] }

    var columns: [String] {
        switch self {
        case .marriage: ["record_no", "reg_date", "kind", "husband_id", "husband_name", "husband_birth",
                         "husband_hukou", "wife_id", "wife_name", "wife_birth", "wife_hukou", "office_area", "reported"]
        case .birth: ["record_no", "hospital", "birth_date", "child_sex", "birth_order", "mother_id", "mother_name",
                      "mother_birth", "father_id", "residence_area", "reported"]
        case .death: ["record_no", "hospital", "death_date", "person_id", "name", "sex", "birth_date",
                      "residence_area", "reported"]
        case .abortion: ["record_no", "hospital", "op_date", "kind", "weeks", "woman_id", "woman_name",
                         "woman_birth", "reported"]
        case .hukou: ["record_no", "event", "event_date", "person_id", "name", "sex", "birth_date", "from_area",
                      "to_area", "mother_id", "reported"]
        }
    }

    func column(_ name: String) -> Int { columns.firstIndex(of: name)! }

    /// The event date: the first date column (spec section 1).
    var eventDate: Int { column(["reg_date", "birth_date", "death_date", "op_date", "event_date"][rawValue]) }
    var subjectId: Int { column(["wife_id", "mother_id", "person_id", "woman_id", "person_id"][rawValue]) }
    var subjectName: Int { column(["wife_name", "mother_name", "name", "woman_name", "name"][rawValue]) }
    var subjectBirth: Int { column(["wife_birth", "mother_birth", "birth_date", "woman_birth", "birth_date"][rawValue]) }
    /// The person's own sex column, when the feed has one.
    var subjectSex: Int? { self == .death || self == .hukou ? column("sex") : nil }
    /// Other identity-number columns, damaged now and then like the person's own.
    var otherIds: [Int] {
        switch self {
        case .marriage: [column("husband_id")]
        case .birth: [column("father_id")]
        case .hukou: [column("mother_id")]
        default: []
        }
    }
    var birthColumns: [Int] {
        switch self {
        case .marriage: [column("husband_birth"), column("wife_birth")]
        default: [subjectBirth]
        }
    }
    var sexColumn: Int? { self == .birth ? column("child_sex") : subjectSex }
    /// The coded kind/event column and its values with their Chinese aliases.
    var codeColumn: Int? {
        switch self {
        case .marriage, .abortion: column("kind")
        case .hukou: column("event")
        default: nil
        }
    }
    var codes: [String: String] {
        switch self {
        case .marriage: ["marry": "结婚", "divorce": "离婚", "remarry": "复婚"]
        case .abortion: ["induced": "人流", "labor_induction": "引产"]
        case .hukou: ["newborn": "出生入户", "move_in": "迁入", "move_out": "迁出", "death": "死亡注销"]
        default: [:]
        }
    }
    /// Columns naming areas, read to decide whether someone outside the register is local.
    var areaColumns: [Int] {
        switch self {
        case .marriage: [column("wife_hukou")]
        case .birth, .death: [column("residence_area")]
        case .abortion: []
        case .hukou: [column("from_area"), column("to_area")]
        }
    }

    /// The canonical code for a written kind/event value, or nil when unknown.
    func code(_ written: String) -> String? {
        let v = written.trimmingCharacters(in: .whitespaces)
        if codes[v] != nil { return v }
        return codes.first { $0.value == v }?.key
    }

    static func sex(_ written: String) -> Character? {
        switch written.trimmingCharacters(in: .whitespaces) {
        case "M", "1", "男": "M"
        case "F", "2", "女": "F"
        default: nil
        }
    }
}

/// One row of a feed file, with what the generator knows to be true about it.
struct DemoFeedRecord {
    let feed: DemoFeed
    var fields: [String]
    var date: CivilDate          // the true event date; the file's month comes from it
    let subject: Int32           // the person concerned
    var related: Int32 = -1      // the husband (marriage), the mother (hukou newborn)
    var keepName = false         // an ambiguity plant: the name must stay as registered
    var damaged = false          // the identity number already carries damage
    var month: Int
}
