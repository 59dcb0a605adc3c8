// RegisterBlocks: which register persons the linker compares with a feed's records that
// have no usable number. The records' keys go into temporary tables and one SQL statement
// per feed joins them with the register through its birth-date, name and number indexes,
// in several blocking passes whose union is the candidate set:
//   1. born on the record's day (as written, or inside the damaged number) and bearing the
//      name or a close one (the model's: the same length, one character replaced, and for
//      two characters the surname kept): a close name keeps the surname, found as a range
//      of the birth-date-and-name index, or a three-character name keeps its last two,
//      found in the birth-date-and-given-name index; or anyone born that day when so few
//      are that a birthday alone may reach the threshold;
//   2. bearing the name exactly and born in the same year (a range of the name-and-birth-
//      date index) or on the same month and day (the name-and-birth-day index): a birth
//      date one digit off, or month and day swapped; or on any day when the name is rare
//      enough for such a namesake to reach the threshold.
//      A day's people and a name's bearers grow with the city: walked for every record,
//      their share of a year's cross-check grew with it (QueryIndexes.linkageProbes);
//   3. a number at most one character from the damaged one (the model's comparison):
//      the register holds valid numbers only, and of those at most 18 lie one typing
//      error from a damaged number (IdentityNumber.neighbours), each looked up by its key.
//      Walking the numbers that share the damaged one's area and birth date instead grew
//      with the people born on a day in a county, so with the city.
// Anyone the passes leave out scores below the threshold (see RegisterLinker): a name that
// is not close disagrees, beside it a number does not count, and a birthday shared with
// many is not enough. How far passes 1 and 2 reach is worked out per record
// (BlockingReach): what a pass leaves out could not reach the threshold even with every
// field the record gives and the pass does not look at agreeing. Beside a damaged number,
// everyone pass 3 does not find disagrees on the number, and such a record needs of the
// first two passes only its namesakes born on its day. A birthday holds 33 people of 1.2
// million, of whom one or two bear a close name. A record with no name meets in pass 1
// only the people of its own area born that day, unless the day is sparse.

/// One record's keys, in the order the caller gave the records.
struct BlockingKeys {
    var name: String?
    /// The birth date compared with the register's (the written one, else the number's).
    var birth: CivilDate?
    /// Every day a candidate may be born on for pass 1.
    var days: [CivilDate]
    /// The damaged number's 18 characters.
    var digits: String?
    /// The record's area: the passes take some register persons only in it (BlockingReach).
    var area: String?

    init(_ record: FeedRecord) {
        area = record.linkArea
        let name = record.name?.trimmed()
        self.name = name?.isEmpty == false ? name : nil
        birth = record.birth ?? record.birthInDamagedID
        days = Array(Set([record.birth, record.birthInDamagedID].compactMap { $0 })).sorted { $0.days < $1.days }
        digits = record.damagedDigits
    }

    /// What pass 1 compares of a name of up to three characters: its length, its first two
    /// and its last two characters, and its first and last (a close name keeps two of three
    /// characters in place, or a two-character name's first); nil when the name must be
    /// compared in Swift (no name, or one of more than three characters).
    var parts: (length: Int, head: String, tail: String, first: String, last: String)? {
        guard let scalars = name?.unicodeScalars, (1...3).contains(scalars.count) else { return nil }
        let s = Array(scalars)
        let text = { (part: ArraySlice<Unicode.Scalar>) in String(String.UnicodeScalarView(part)) }
        return (s.count, text(s.prefix(2)), text(s.suffix(2)), String(s[0]), String(s[s.count - 1]))
    }
}

/// How far the passes reach for one record (RegisterLinker works it out from the model,
/// the threshold and what the record gives), each for the register persons of other areas
/// and for those of the record's own: pass 1 takes everyone born on a day with at most
/// `everyone` people born on it, and the bearers of a close name on a day with at most
/// `closeName`; pass 2 takes every bearer of the name (`everyNamesake`), or those born on a
/// date one digit off or with month and day swapped (`closeDates`), or none.
struct BlockingReach {
    var everyone: (anywhere: Int, sameArea: Int)
    var closeName: (anywhere: Int, sameArea: Int)
    var everyNamesake: (anywhere: Bool, sameArea: Bool)
    var closeDates: (anywhere: Bool, sameArea: Bool)
}

/// A register person found for a record.
struct BlockedCandidate {
    let slot: Int
    /// person_id, name, sex, birth_date and the feed's area column.
    let row: [SQLValue]
}

struct RegisterBlocks {
    let database: Database
    /// The register column compared with the record's area.
    let areaColumn: String
    /// The most characters in which a register number may differ from a damaged one
    /// and still agree with it (the model's number comparison).
    let maxDifferences: Int
    /// Fills the key tables with `keys` (slot = position) and returns, per slot, how many
    /// register persons bear the record's name and were born on its birth date: the
    /// frequencies that weigh an agreement, counted through the two indexes; and how many
    /// bear the name and were born within a year of its birth year (names follow the
    /// fashion of their decade, so a namesake born the same day is likelier than the
    /// name's share of the whole register says).
    /// For a three-character name, also how many three-character names share its first two.
    /// Each distinct name, day, window and prefix is counted once (`link_counts`), not once
    /// per record: a count walks its stretch of an index, and in a bigger city both the
    /// stretches and the records sharing them grow, so counting per record grew with the
    /// square of the city (16% of a year's cross-check at 12 million persons). Distinct
    /// names, days and prefixes do not overlap, and a name's windows at most three deep, so
    /// the walks together pass an index entry at most three times. The counts are kept
    /// for the linker's life (`forgetCounts`), which reads one state of the register: the
    /// common names and the days come back in every feed, and were counted again for each.
    func load(_ keys: [BlockingKeys]) throws -> [(namesakes: Int, bornThatDay: Int, bornNear: Int, samePrefix: Int)] {
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_records (slot INTEGER PRIMARY KEY, name TEXT, "
                             + "name_length INTEGER, head TEXT, tail TEXT, first TEXT, last TEXT, birth TEXT, year TEXT, "
                             + "month TEXT, day TEXT, namesakes INTEGER, near_from TEXT, near_to TEXT, prefix_from TEXT, "
                             + "prefix_to TEXT, surname_to TEXT, area TEXT)")
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_days (slot INTEGER, day TEXT, born INTEGER)")
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_numbers (slot INTEGER, number TEXT)")
        for table in ["link_records", "link_days", "link_numbers"] { try database.execute("DELETE FROM \(table)") }
        // The keys reach a server in one COPY per table, not a round trip per row.
        var records: [[SQLValue]] = [], days: [[SQLValue]] = [], numbers: [[SQLValue]] = []
        for (slot, k) in keys.enumerated() {
            let birth = k.birth?.description
            let part = { (from: Int, count: Int) in text(birth.map { String($0.dropFirst(from).prefix(count)) }) }
            // The years around the birth year, a three-character name's first two
            // characters and any name's first, as the ranges of text the counts below and
            // pass 1 search: U+10FFFF sorts after every character, so a range from a prefix
            // to the prefix followed by it holds exactly the names that start with it.
            let year = k.birth?.year
            let near = { (offset: Int) in text(year.map { String(format: "%04d", $0 + offset) }) }
            let parts = k.parts
            let prefix = parts.flatMap { $0.length == 3 ? $0.head : nil }
            records.append([.integer(Int64(slot)), text(k.name), parts.map { .integer(Int64($0.length)) } ?? .null,
                            text(parts?.head), text(parts?.tail), text(parts?.first), text(parts?.last), text(birth),
                            part(0, 4), part(5, 2), part(8, 2), near(-1), near(2), text(prefix),
                            text(prefix.map { $0 + "\u{10FFFF}" }), text(parts.map { $0.first + "\u{10FFFF}" }),
                            text(k.area)])
            days += k.days.map { [.integer(Int64(slot)), .text($0.description)] }
            numbers += k.digits.map { IdentityNumber.neighbours(of: $0, within: maxDifferences) }
                .map { $0.map { [.integer(Int64(slot)), .text($0)] } } ?? []
        }
        try database.insertRows(into: "link_records", columns: ["slot", "name", "name_length", "head", "tail", "first", "last",
                                                                "birth", "year", "month", "day", "near_from", "near_to",
                                                                "prefix_from", "prefix_to", "surname_to", "area"], records)
        try database.insertRows(into: "link_days", columns: ["slot", "day"], days)
        try database.insertRows(into: "link_numbers", columns: ["slot", "number"], numbers)
        try database.analyzeScratch(["link_records", "link_days", "link_numbers"])
        try countDistinctKeys()
        try database.execute("UPDATE link_records SET namesakes = (SELECT c.n FROM link_counts c "
                             + "WHERE c.kind = 'name' AND c.low = link_records.name)")
        try database.execute("UPDATE link_days SET born = (SELECT c.n FROM link_counts c WHERE c.kind = 'day' AND c.low = link_days.day)")
        return try database.query("SELECT namesakes, (SELECT c.n FROM link_counts c WHERE c.kind = 'day' AND c.low = k.birth), "
                                  + "(SELECT c.n FROM link_counts c WHERE c.kind = 'near' AND c.name = k.name "
                                  + "AND c.low = k.near_from), "
                                  + "(SELECT c.n FROM link_counts c WHERE c.kind = 'prefix' AND c.low = k.prefix_from) "
                                  + "FROM link_records k ORDER BY slot").map {
            (Int($0[0].integer ?? 0), Int($0[1].integer ?? 0), Int($0[2].integer ?? 0), Int($0[3].integer ?? 0))
        }
    }

    /// Counts the register persons of each distinct key of the loaded records: bearing a
    /// name ('name', the name in `low`), born on a day ('day'), bearing a name and born in
    /// the window that starts at `low` ('near'), bearing a three-character name that starts
    /// with the two characters in `low` ('prefix').
    /// Only keys not counted before in the linker's life are counted.
    private func countDistinctKeys() throws {
        try Self.createCounts(database)
        let counted = { (kind: String, key: String) in
            " WHERE NOT EXISTS (SELECT 1 FROM link_counts c WHERE c.kind = '\(kind)' AND \(key))"
        }
        try database.execute("INSERT INTO link_counts (kind, low, n) SELECT 'name', d.name, "
                             + "(SELECT count(*) FROM persons p WHERE p.name = d.name) "
                             + "FROM (SELECT DISTINCT name FROM link_records WHERE name IS NOT NULL) d"
                             + counted("name", "c.low = d.name"))
        try database.execute("INSERT INTO link_counts (kind, low, n) SELECT 'day', d.day, "
                             + "(SELECT count(*) FROM persons p WHERE p.birth_date = d.day) "
                             + "FROM (SELECT day FROM link_days UNION SELECT birth FROM link_records WHERE birth IS NOT NULL) d"
                             + counted("day", "c.low = d.day"))
        try database.execute("INSERT INTO link_counts (kind, name, low, n) SELECT 'near', d.name, d.near_from, "
                             + "(SELECT count(*) FROM persons p WHERE p.name = d.name "
                             + "AND p.birth_date >= d.near_from AND p.birth_date < d.near_to) "
                             + "FROM (SELECT DISTINCT name, near_from, near_to FROM link_records "
                             + "WHERE name IS NOT NULL AND near_from IS NOT NULL) d"
                             + counted("near", "c.low = d.near_from AND c.name = d.name"))
        try database.execute("INSERT INTO link_counts (kind, low, n) SELECT 'prefix', d.prefix_from, "
                             + "(SELECT count(*) FROM persons p "
                             + "WHERE p.name >= d.prefix_from AND p.name < d.prefix_to AND length(p.name) = 3) "
                             + "FROM (SELECT DISTINCT prefix_from, prefix_to FROM link_records WHERE prefix_from IS NOT NULL) d"
                             + counted("prefix", "c.low = d.prefix_from"))
        try database.analyzeScratch(["link_counts"])
    }

    /// Starts a linker's counts afresh (`load`): the register may have changed since the last.
    static func forgetCounts(_ database: Database) throws {
        try createCounts(database)
        try database.execute("DELETE FROM link_counts")
    }

    private static func createCounts(_ database: Database) throws {
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_counts (kind TEXT NOT NULL, name TEXT, low TEXT NOT NULL, "
                             + "n INTEGER NOT NULL)")
        try database.execute("CREATE INDEX IF NOT EXISTS link_counts_key ON link_counts (kind, low, name)")
    }

    /// Streams the candidates of the loaded records, ordered by slot, as far as each
    /// record's `reach` (one per slot) says. Its namesakes born on its day are always
    /// taken, through the birth-date-and-name index. A record with no name (a newborn's
    /// mother known by a damaged number) takes the day's people of its area: elsewhere in
    /// the city nobody born on a crowded day reaches the threshold without a name.
    func candidates(_ reach: [BlockingReach], _ each: (BlockedCandidate) throws -> Void) throws {
        let reachColumns = ["everyone", "everyone_here", "close_name", "close_name_here", "every_namesake",
                            "every_namesake_here", "close_dates", "close_dates_here"]
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_reach (slot INTEGER PRIMARY KEY, "
                             + reachColumns.map { "\($0) INTEGER" }.joined(separator: ", ") + ")")
        try database.execute("DELETE FROM link_reach")
        try database.insertRows(into: "link_reach", columns: ["slot"] + reachColumns, reach.enumerated().map { slot, r in
            [slot, r.everyone.anywhere, r.everyone.sameArea, r.closeName.anywhere, r.closeName.sameArea,
             r.everyNamesake.anywhere ? 1 : 0, r.everyNamesake.sameArea ? 1 : 0,
             r.closeDates.anywhere ? 1 : 0, r.closeDates.sameArea ? 1 : 0].map { .integer(Int64($0)) }
        })
        try database.analyzeScratch(["link_reach"])
        let columns = "k.slot, p.person_id, p.name, p.sex, p.birth_date, p.\(areaColumn)"
        let here = "p.\(areaColumn) = k.area"
        let closeName = "(k.name_length IS NULL OR (length(p.name) = k.name_length "
            + "AND (substr(p.name, 1, 2) = k.head OR substr(p.name, 2, 2) = k.tail "
            + "OR (k.name_length = 2 AND substr(p.name, 1, 1) = k.first) "
            + "OR (substr(p.name, 1, 1) = k.first AND substr(p.name, 3, 1) = k.last))))"
        let monthDay = "k.month || '-' || k.day"
        let closeDate = "(substr(p.birth_date, 6) = \(monthDay) "
            + "OR (substr(p.birth_date, 1, 4) = k.year AND (substr(p.birth_date, 6, 2) IN (k.month, k.day) "
            + "OR substr(p.birth_date, 9, 2) = k.day)))"
        let closeNameReach = "(d.born <= r.close_name OR d.born <= r.close_name_here)"
        let dayFilter = "(d.born <= r.everyone OR (\(closeName) AND (d.born <= r.close_name "
            + "OR (d.born <= r.close_name_here AND \(here)))) OR (d.born <= r.everyone_here AND \(here)))"
        let closeDatesReach = "r.every_namesake = 0 AND r.every_namesake_here = 0 "
            + "AND (r.close_dates = 1 OR r.close_dates_here = 1) "
            + "AND (r.close_dates = 1 OR \(here))"
        // A key probing an index on an expression must be an expression too: SQLite gives
        // the indexed expression's side of a comparison a key column's TEXT affinity, and
        // then no longer finds the index for it (it walked the day and read every row).
        // The tail joined with nothing is a value of no affinity, and the same text on a
        // server; the month and day joined by their dash is one already.
        // Each pass's first condition reads the keys alone, so a record the pass cannot
        // help skips the register; then the name and the date filter inside the index, and
        // only what passes them has its row read for the area. Pass 1 walks a day whole only
        // for a record that anyone born that day may reach the threshold with, or whose
        // name has no parts to look up (BlockingKeys.parts); otherwise a close name keeps
        // the surname, or the last two of three characters.
        let sql = "SELECT \(columns) FROM link_days d JOIN link_records k ON k.slot = d.slot "
            + "JOIN persons p ON p.birth_date = d.day AND p.name = k.name "
            + "UNION SELECT \(columns) FROM link_days d JOIN link_records k ON k.slot = d.slot "
            + "JOIN link_reach r ON r.slot = d.slot JOIN persons p ON p.birth_date = d.day "
            + "WHERE (d.born <= r.everyone OR d.born <= r.everyone_here "
            + "OR (k.name_length IS NULL AND \(closeNameReach))) "
            + "AND \(dayFilter) "
            + "UNION SELECT \(columns) FROM link_days d JOIN link_records k ON k.slot = d.slot "
            + "JOIN link_reach r ON r.slot = d.slot "
            + "JOIN persons p ON p.birth_date = d.day AND p.name >= k.first AND p.name < k.surname_to "
            + "WHERE k.name_length IS NOT NULL AND \(closeNameReach) AND \(dayFilter) "
            + "UNION SELECT \(columns) FROM link_days d JOIN link_records k ON k.slot = d.slot "
            + "JOIN link_reach r ON r.slot = d.slot "
            + "JOIN persons p ON p.birth_date = d.day AND substr(p.name, 2) = k.tail || '' "
            + "WHERE k.name_length = 3 AND \(closeNameReach) AND \(dayFilter) "
            + "UNION SELECT \(columns) FROM link_records k JOIN link_reach r ON r.slot = k.slot "
            + "JOIN persons p ON p.name = k.name "
            + "WHERE (r.every_namesake = 1 OR r.every_namesake_here = 1) "
            + "AND (r.every_namesake = 1 OR (\(closeDate) AND (r.close_dates = 1 OR (r.close_dates_here = 1 AND \(here)))) "
            + "OR (r.every_namesake_here = 1 AND \(here))) "
            + "UNION SELECT \(columns) FROM link_records k JOIN link_reach r ON r.slot = k.slot "
            + "JOIN persons p ON p.name = k.name AND p.birth_date >= k.year || '-01-01' AND p.birth_date <= k.year || '-12-31' "
            + "WHERE \(closeDatesReach) AND \(closeDate) "
            + "UNION SELECT \(columns) FROM link_records k JOIN link_reach r ON r.slot = k.slot "
            + "JOIN persons p ON p.name = k.name AND substr(p.birth_date, 6) = \(monthDay) "
            + "WHERE \(closeDatesReach) "
            + "UNION SELECT \(columns) FROM link_numbers n JOIN link_records k ON k.slot = n.slot "
            + "JOIN persons p ON p.person_id = n.number "
            + "ORDER BY 1"
        let cursor = try database.cursor(sql)
        while let row = try cursor.nextRow() {
            try each(BlockedCandidate(slot: Int(row[0].integer ?? 0), row: Array(row.dropFirst())))
        }
    }

    /// Collects the WIS cards of women the register no longer lists, once per linker, for
    /// `cards` to look among: a woman a death or a move-out concerns may be gone from the
    /// register, but not from WIS (a register woman's card adds nothing her register entry
    /// does not say). Looked for record by record, every card born on a record's day was
    /// checked against the register, and a day's cards grow with the city: at 3.6 million
    /// persons that was 30% of a year's cross-check. One pass over the cards in woman
    /// order against the register's key index finds the few (2,681 of 863,029 cards there).
    static func collectGoneCards(_ database: Database) throws {
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_gone_cards (card_no TEXT, woman_id TEXT, name TEXT, "
                             + "birth_date TEXT, managing_area TEXT)")
        try database.execute("CREATE INDEX IF NOT EXISTS link_gone_cards_birth ON link_gone_cards (birth_date)")
        try database.execute("CREATE INDEX IF NOT EXISTS link_gone_cards_name ON link_gone_cards (name)")
        try database.execute("DELETE FROM link_gone_cards")
        // The women first, through the card index alone and in its order, so that the
        // register's key index is read in order too (3.0 s against 0.6 s at 3.6 million
        // for the anti-join over the card rows, whose order is the import's).
        try database.execute("INSERT INTO link_gone_cards SELECT card_no, woman_id, name, birth_date, managing_area "
                             + "FROM wis_cards WHERE woman_id IN (SELECT w.woman_id FROM wis_cards w "
                             + "WHERE w.woman_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.person_id = w.woman_id))")
        try database.analyzeScratch(["link_gone_cards"])
    }

    /// The cards of gone women (`collectGoneCards`) bearing the record's name or born on
    /// one of its days, by slot. Each row reads woman_id, name, 'F', birth_date,
    /// managing_area like a register row.
    func cards() throws -> [Int: [(cardNo: String, row: [SQLValue])]] {
        let columns = "k.slot, w.woman_id, w.name, 'F', w.birth_date, w.managing_area, w.card_no"
        let sql = "SELECT \(columns) FROM link_days d JOIN link_records k ON k.slot = d.slot "
            + "JOIN link_gone_cards w ON w.birth_date = d.day "
            + "UNION SELECT \(columns) FROM link_records k JOIN link_gone_cards w ON w.name = k.name ORDER BY 1, 7"
        var out: [Int: [(cardNo: String, row: [SQLValue])]] = [:]
        var seen = Set<String>()
        for row in try database.query(sql) {
            let slot = Int(row[0].integer ?? 0)
            // A woman with several cards (an old one closed, a new one active) is one candidate.
            guard seen.insert("\(slot)|\(row[1].text ?? "")").inserted else { continue }
            out[slot, default: []].append((row[6].text ?? "", Array(row[1...5])))
        }
        return out
    }

    private func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
}
