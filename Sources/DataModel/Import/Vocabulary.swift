// Vocabulary: the coded values of the exchange files and their accepted aliases
// (spec sections 1, 3-5). A value outside its vocabulary is an unknown code, which
// quarantines the row; the message lists what would have been accepted.

struct Vocabulary: Sendable {
    /// What the column is called in messages ("sex", "kind", "event").
    let noun: String
    /// Stored values, in the order messages list them.
    let canonical: [String]
    /// Accepted spellings (as written, or lower-cased ASCII) mapped to the stored value.
    private let lookup: [String: String]
    private let aliasesShown: [String]

    init(_ noun: String, _ canonical: [String], aliases: KeyValuePairs<String, String> = [:]) {
        self.noun = noun
        self.canonical = canonical
        var lookup: [String: String] = [:]
        for value in canonical { lookup[value] = value; lookup[value.lowercased()] = value }
        for (alias, value) in aliases { lookup[alias] = value }
        self.lookup = lookup
        self.aliasesShown = aliases.map(\.key)
    }

    /// The stored value for `text` (already trimmed), nil when it is not in the vocabulary.
    func canonical(for text: String) -> String? {
        lookup[text] ?? lookup[text.lowercased()]
    }

    /// "use M, F or 1, 2, 男, 女": what a clerk may write instead.
    var hint: String {
        let shown = canonical.joined(separator: ", ")
        return aliasesShown.isEmpty ? "use \(shown)" : "use \(shown) or \(aliasesShown.joined(separator: ", "))"
    }

    static let sex = Vocabulary("sex", ["M", "F"], aliases: ["1": "M", "2": "F", "男": "M", "女": "F"])
    static let marriageKind = Vocabulary("kind", ["marry", "divorce", "remarry"],
                                         aliases: ["结婚": "marry", "离婚": "divorce", "复婚": "remarry"])
    static let abortionKind = Vocabulary("kind", ["induced", "labor_induction"],
                                         aliases: ["人流": "induced", "引产": "labor_induction"])
    static let hukouEvent = Vocabulary("event", ["newborn", "move_in", "move_out", "death"],
                                       aliases: ["出生入户": "newborn", "迁入": "move_in",
                                                 "迁出": "move_out", "死亡注销": "death"])
    static let areaLevel = Vocabulary("level", ["province", "city", "county", "township", "community"])
    static let unitKind = Vocabulary("kind", ["agency", "enterprise", "institution", "other"])
    static let marital = Vocabulary("marital status", ["single", "married", "divorced", "widowed"])
    static let hukouKind = Vocabulary("hukou kind", ["family", "collective"])
    static let contraception = Vocabulary("contraception", ["iud", "sterilization", "implant", "injection",
                                                            "pill", "condom", "other", "none"])
    static let cardStatus = Vocabulary("status", ["active", "moved_out", "deceased", "aged_out"])
    static let policy = Vocabulary("policy", ["in", "out"])
}
