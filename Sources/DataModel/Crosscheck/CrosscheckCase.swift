// CrosscheckCase: one feed record with what the register and WIS say about the people
// it names, as the finding rules read it. The record's own values come as the importer
// stored them (identity numbers normalised beside the raw text, dates ISO, codes
// canonical); the register person and the active card are filled in after linking.

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
    let childBirth: CivilDate?
    let toArea: String?
    /// `file:line` the record was loaded from.
    let source: String

    /// The number was present as written but could not be trusted.
    var idDamaged: Bool { id == nil && !(idRaw?.trimmed().isEmpty ?? true) }

    /// Linking evidence beyond the written birth date: the date inside a damaged number.
    var birthInDamagedID: CivilDate? { id == nil ? idRaw.flatMap(IdentityNumber.birthDateEvenIfDamaged) : nil }
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
}
