// RecordLayouts: the columns of every file the departments send (spec sections 3-5),
// with the rule each value must follow. One table drives header recognition, value
// checking, the INSERT statements and the CREATE TABLE of the matching database table.

/// What a file holds; recognised from its header or named by the user.
public enum FileKind: String, CaseIterable, Codable, Sendable {
    case areas, units, persons
    case wisCards = "wis_cards"
    case wisChildren = "wis_children"
    case marriage, birth, death, abortion, hukou

    /// The database table the file loads into.
    public var table: String { layout.table }

    /// True for the monthly department feeds (section 5), false for the baseline files.
    public var isFeed: Bool { layout.isFeed }

    var layout: RecordLayout { RecordLayout.of(self) }

    /// A kind named by the user: the file kind (`marriage`, `wis_cards`) or its table
    /// (`marriages`, `hukou_events`).
    public init?(named name: String) {
        guard let kind = FileKind(rawValue: name) ?? FileKind.allCases.first(where: { $0.table == name }) else { return nil }
        self = kind
    }

    /// The kinds' names, for messages.
    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The kind of value a column holds and how its text is checked.
enum FieldType: Sendable {
    case text
    case date
    case integer
    /// An identity number; in feeds stored normalised beside a `<name>_raw` column.
    case identity
    /// A statistical area code, stored as its 12 digits.
    case area
    case code(Vocabulary)
}

struct Field: Sendable {
    let name: String
    let type: FieldType
    let required: Bool

    init(_ name: String, _ type: FieldType = .text, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
    }
}

/// The layout of one file kind and its table.
struct RecordLayout: Sendable {
    let kind: FileKind
    let table: String
    let fields: [Field]
    /// Columns that identify a record; a second row with the same key is a duplicate.
    let key: [String]
    let isFeed: Bool
    /// For feeds: the identity and name columns of the person the record concerns;
    /// a row giving neither names nobody and is quarantined (spec section 1).
    let concerned: (id: String, name: String)?
    /// Register and WIS tables: every change to them is written to audit_log.
    var isAudited: Bool { [.persons, .wisCards, .wisChildren].contains(kind) }

    /// The first date of section 5's column list: missing or invalid quarantines the row.
    var eventDateField: String? {
        isFeed ? fields.first(where: { if case .date = $0.type { return true } else { return false } })?.name : nil
    }

    /// Table columns holding the file's values, in field order (feeds add `_raw` beside ids).
    var valueColumns: [String] {
        fields.flatMap { field -> [String] in
            if isFeed, case .identity = field.type { return [field.name, field.name + "_raw"] }
            return [field.name]
        }
    }

    /// Provenance columns written after the values.
    var provenanceColumns: [String] {
        isFeed ? ["batch_id", "source_file", "source_line", "raw", "notes"] : ["batch_id"]
    }

    static func of(_ kind: FileKind) -> RecordLayout {
        all.first { $0.kind == kind }!
    }

    static let all: [RecordLayout] = baseline + feeds

    private static let baseline: [RecordLayout] = [
        RecordLayout(kind: .areas, table: "areas", fields: [
            Field("code", .area, required: true), Field("name", required: true),
            Field("level", .code(.areaLevel), required: true), Field("parent", .area),
        ], key: ["code"], isFeed: false, concerned: nil),
        RecordLayout(kind: .units, table: "units", fields: [
            Field("unit_code", required: true), Field("name", required: true),
            Field("kind", .code(.unitKind)), Field("area", .area),
        ], key: ["unit_code"], isFeed: false, concerned: nil),
        RecordLayout(kind: .persons, table: "persons", fields: [
            Field("person_id", .identity, required: true), Field("name", required: true),
            Field("sex", .code(.sex), required: true), Field("birth_date", .date, required: true),
            Field("marital", .code(.marital)), Field("spouse_id", .identity),
            Field("hukou_area", .area, required: true), Field("hukou_kind", .code(.hukouKind)),
            Field("residence_area", .area, required: true), Field("address"), Field("unit_code"),
            Field("residence_since", .date),
        ], key: ["person_id"], isFeed: false, concerned: nil),
        RecordLayout(kind: .wisCards, table: "wis_cards", fields: [
            Field("card_no", required: true), Field("woman_id", .identity, required: true),
            Field("name", required: true), Field("birth_date", .date, required: true),
            Field("marital", .code(.marital)), Field("marriage_date", .date),
            Field("spouse_id", .identity), Field("spouse_name"),
            Field("managing_area", .area, required: true), Field("contraception", .code(.contraception)),
            Field("contraception_date", .date), Field("pregnant_since", .date),
            Field("pregnancy_recorded", .date), Field("status", .code(.cardStatus), required: true),
            Field("updated", .date),
        ], key: ["card_no"], isFeed: false, concerned: nil),
        RecordLayout(kind: .wisChildren, table: "wis_children", fields: [
            Field("card_no", required: true), Field("child_id", .identity), Field("name"),
            Field("birth_date", .date, required: true), Field("sex", .code(.sex)),
            Field("birth_order", .integer, required: true), Field("policy", .code(.policy)),
            Field("pregnancy_recorded", .date),
        ], key: ["card_no", "birth_order"], isFeed: false, concerned: nil),
    ]

    private static let feeds: [RecordLayout] = [
        RecordLayout(kind: .marriage, table: "marriages", fields: [
            Field("record_no", required: true), Field("reg_date", .date, required: true),
            Field("kind", .code(.marriageKind), required: true),
            Field("husband_id", .identity), Field("husband_name"), Field("husband_birth", .date),
            Field("husband_hukou", .area), Field("wife_id", .identity), Field("wife_name"),
            Field("wife_birth", .date), Field("wife_hukou", .area), Field("office_area", .area),
            Field("reported", .date),
        ], key: ["record_no"], isFeed: true, concerned: ("wife_id", "wife_name")),
        RecordLayout(kind: .birth, table: "births", fields: [
            Field("record_no", required: true), Field("hospital"),
            Field("birth_date", .date, required: true), Field("child_sex", .code(.sex)),
            Field("birth_order", .integer), Field("mother_id", .identity), Field("mother_name"),
            Field("mother_birth", .date), Field("father_id", .identity),
            Field("residence_area", .area), Field("reported", .date),
        ], key: ["record_no"], isFeed: true, concerned: ("mother_id", "mother_name")),
        RecordLayout(kind: .death, table: "deaths", fields: [
            Field("record_no", required: true), Field("hospital"),
            Field("death_date", .date, required: true), Field("person_id", .identity),
            Field("name"), Field("sex", .code(.sex)), Field("birth_date", .date),
            Field("residence_area", .area), Field("reported", .date),
        ], key: ["record_no"], isFeed: true, concerned: ("person_id", "name")),
        RecordLayout(kind: .abortion, table: "abortions", fields: [
            Field("record_no", required: true), Field("hospital"),
            Field("op_date", .date, required: true), Field("kind", .code(.abortionKind), required: true),
            Field("weeks", .integer), Field("woman_id", .identity), Field("woman_name"),
            Field("woman_birth", .date), Field("reported", .date),
        ], key: ["record_no"], isFeed: true, concerned: ("woman_id", "woman_name")),
        RecordLayout(kind: .hukou, table: "hukou_events", fields: [
            Field("record_no", required: true), Field("event", .code(.hukouEvent), required: true),
            Field("event_date", .date, required: true), Field("person_id", .identity),
            Field("name"), Field("sex", .code(.sex)), Field("birth_date", .date),
            Field("from_area", .area), Field("to_area", .area), Field("mother_id", .identity),
            Field("reported", .date),
        ], key: ["record_no"], isFeed: true, concerned: ("person_id", "name")),
    ]
}
