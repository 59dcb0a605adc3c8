// FeedShape: where each department feed keeps what the cross-check reads (spec
// section 5): the event date, the kind, the person concerned (the wife, the mother, the
// woman, the person) with the evidence for linking, the areas that decide whether a
// person outside the register is local, and the other people a record names.

/// One of the five department feeds, as the cross-check reads it.
public enum CrosscheckFeed: String, CaseIterable, Sendable {
    case marriage, birth, death, abortion, hukou

    /// The feed's database table.
    public var table: String {
        switch self {
        case .marriage: return "marriages"
        case .birth: return "births"
        case .death: return "deaths"
        case .abortion: return "abortions"
        case .hukou: return "hukou_events"
        }
    }

    /// The feed whose table is `table`, as a table value names it.
    public static func forTable(_ table: String) -> CrosscheckFeed? {
        allCases.first { $0.table == table || $0.rawValue == table }
    }

    var eventDate: String { ["reg_date", "birth_date", "death_date", "op_date", "event_date"][index] }
    var kind: String? { ["kind", nil, nil, "kind", "event"][index] }
    var subjectID: String { ["wife_id", "mother_id", "person_id", "woman_id", "person_id"][index] }
    var subjectName: String { ["wife_name", "mother_name", "name", "woman_name", "name"][index] }
    var subjectBirth: String { ["wife_birth", "mother_birth", "birth_date", "woman_birth", "birth_date"][index] }
    /// The person's own sex column; only deaths and hukou events give one.
    var subjectSex: String? { self == .death || self == .hukou ? "sex" : nil }
    /// The sex the feed implies for its subject when it has no column for it.
    var impliedSex: String? { self == .marriage || self == .birth || self == .abortion ? "F" : nil }
    /// Area columns that make a person outside the register local (spec section 6 as the
    /// centre reads it: the wife's hukou, the residence, the hukou move's two ends).
    var localityAreas: [String] {
        switch self {
        case .marriage: return ["wife_hukou"]
        case .birth, .death: return ["residence_area"]
        case .abortion: return []
        case .hukou: return ["from_area", "to_area"]
        }
    }

    /// The area compared with the register when linking, as a SQL expression over the
    /// feed row `f`, and the register column it is compared with.
    var linkArea: (expression: String, register: String)? {
        switch self {
        case .marriage: return ("f.wife_hukou", "hukou_area")
        case .birth, .death: return ("f.residence_area", "residence_area")
        case .abortion: return nil
        case .hukou: return ("CASE WHEN f.event IN ('move_out', 'death') THEN f.from_area ELSE f.to_area END", "hukou_area")
        }
    }

    /// The other person's identity number the rules read: the husband, or a newborn's mother.
    var relatedID: String? { self == .marriage ? "husband_id" : (self == .hukou ? "mother_id" : nil) }

    /// The date of the child's birth the card must list (births and newborn registrations).
    var childBirth: String? { self == .birth || self == .hukou ? "birth_date" : nil }

    private var index: Int { CrosscheckFeed.allCases.firstIndex(of: self)! }
}
