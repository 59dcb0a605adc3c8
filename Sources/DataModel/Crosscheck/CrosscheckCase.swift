// CrosscheckCase: one feed record with what the register and WIS say about the people
// it names, as the finding rules read it, and where each feed keeps what is read (spec
// section 5): the event date, the kind, the person concerned with the evidence for
// linking, the areas that decide whether a person outside the register is local, and
// the other people a record names. The record's values come as the importer stored
// them (identity numbers normalised beside the raw text, dates ISO, codes canonical).

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

/// The record as the department sent it.
struct FeedRecord: Sendable {
    let feed: CrosscheckFeed
    let rowID: Int64
    let recordNo: String
    let eventDate: CivilDate
    let kind: String?
    /// The concerned person's number, normalised; nil when empty or beyond repair.
    let id: String?
    let idRaw: String?
    let name: String?
    let birth: CivilDate?
    /// The sex column of the record itself (deaths and hukou events), never implied.
    let sex: String?
    let localityAreas: [String]
    let linkArea: String?
    let relatedID: String?
    /// The other number as written (a newborn's mother_id), for linking when it is damaged.
    let relatedRaw: String?
    let childBirth: CivilDate?
    let toArea: String?
    /// `file:line` the record was loaded from.
    let source: String

    /// The number was present as written but could not be trusted.
    var idDamaged: Bool { id == nil && !(idRaw?.trimmed().isEmpty ?? true) }

    /// A damaged number's 18 characters (spaces dropped, full-width folded), when it has
    /// them: compared with each candidate's number for the typing error it may hold.
    var damagedDigits: String? {
        guard id == nil, let raw = idRaw else { return nil }
        let chars = IdentityNumber.cleaned(raw)
        return chars.count == 18 ? String(decoding: chars, as: UTF8.self) : nil
    }

    /// Linking evidence beyond the written birth date: the date inside a damaged number.
    var birthInDamagedID: CivilDate? { id == nil ? idRaw.flatMap(IdentityNumber.birthDateEvenIfDamaged) : nil }

    /// A newborn registration: the child is the record's person, the mother the one concerned.
    var isNewborn: Bool { feed == .hukou && kind == "newborn" }

    /// The record concerns a woman (spec section 6): a wife, a mother, a woman, or a person of sex F.
    var concernsWoman: Bool { feed.impliedSex == "F" || isNewborn || sex == "F" }
}

/// A person of the residents' register.
struct RegisterPerson: Sendable {
    let id: String
    let name: String
    let sex: String?
    let birth: CivilDate?
    let marital: String?
    let hukouArea: String?
    let residenceArea: String?

    var isLocal: Bool {
        [hukouArea, residenceArea].contains { $0.map(AreaCode.isInCity) ?? false }
    }
}

/// A woman's active WIS card, with the child of the record's birth date if it lists one.
struct ActiveCard: Sendable {
    let cardNo: String
    let marital: String?
    let marriageDate: CivilDate?
    let spouseID: String?
    let pregnantSince: CivilDate?
    let pregnancyRecorded: CivilDate?
    let managingArea: String?
    /// The card lists a child born on the record's birth date.
    let listsChild: Bool
    /// That child's `pregnancy_recorded`.
    let childPregnancyRecorded: CivilDate?
}

/// How a record was tied to a register person (spec section 6).
public enum MatchKind: String, Sendable {
    case exact, normalized, fuzzy, none
}

/// The linking result for one record.
struct LinkOutcome: Sendable {
    var kind: MatchKind
    var personID: String?
    /// Match weight in bits for a fuzzy link (or the best candidate's when none was taken).
    var score: Double?
    /// Register persons who fit equally well: a person must decide.
    var ambiguousCandidates: Int = 0
    /// Where the person was found: the register, a WIS card, or another feed's record.
    var foundIn: String?
    /// The best two candidates weighed by evidence, for `explain_match`.
    var considered: [LinkCandidate] = []
}

/// A later registration of the same person in the same feed (spec section 6: the latest
/// registration wins): the record is checked against what WIS should show after it.
struct LaterRegistration: Sendable {
    let recordNo: String
    let date: CivilDate
    let kind: String?
    let relatedID: String?
    let toArea: String?
}

/// Everything the rules read about one record.
struct CrosscheckCase: Sendable {
    var record: FeedRecord
    var link: LinkOutcome
    /// The concerned person in the register.
    var subject: RegisterPerson?
    /// The woman whose card the record concerns: the subject, or a newborn's mother.
    var holder: RegisterPerson?
    var holderID: String?
    var card: ActiveCard?
    /// The latest registration of the same person, when this record is superseded.
    var later: LaterRegistration?

    /// The person the findings concern: a newborn's mother, else the record's person as linked.
    var personConcerned: String? {
        if record.isNewborn { return link.kind == .none ? nil : holderID }
        return link.personID ?? (link.kind == .none ? nil : record.id)
    }

    /// Nobody could be identified: no usable number and no link by evidence (for a
    /// newborn, the mother).
    var unidentified: Bool {
        if record.isNewborn { return holderID == nil }
        return record.id == nil && link.personID == nil
    }
}
