// CaseResolver: who each record of a feed is about, in the order of spec section 6: the
// number; else the register and the WIS cards by evidence (RegisterLinker); for a newborn
// registration whose mother_id is missing or damaged, the hospital birth record of the
// same child, else the damaged number's evidence. Then the latest registration of the
// same person in the feed, which the record is checked against, and the day the check
// is for (ages are counted on it).

import Foundation

struct CaseResolver {
    let database: Database
    let linker: RegisterLinker
    let loader: CaseLoader

    /// Every loaded marriage registration, each tied to its wife as the cross-check ties it
    /// (the statistics place a marriage by her), handed to `each` one at a time; none is
    /// marked superseded (`later`): a count of registrations does not ask.
    static func eachMarriage(_ database: Database, _ each: (CrosscheckCase) throws -> Void) throws {
        let resolver = CaseResolver(database: database, linker: try RegisterLinker(database: database, options: CrosscheckOptions()),
                                    loader: CaseLoader(database: database))
        try resolver.forEachCase(.marriage, scope: .feed(.marriage), marksLater: false, each)
    }

    /// The cases of `feed` in `scope` in load order, each tied to its person as far as
    /// evidence allows. Returns the cases and how many needed evidence.
    func resolve(_ feed: CrosscheckFeed, scope: CrosscheckScope) throws -> (cases: [CrosscheckCase], byEvidence: Int) {
        var cases: [CrosscheckCase] = []
        let resolution = try forEachCase(feed, scope: scope) { cases.append($0) }
        cases.sort { $0.record.rowID < $1.record.rowID }
        return (cases, resolution.byEvidence)
    }

    /// What resolving a feed's records took.
    struct Resolution {
        /// Records that needed evidence.
        var byEvidence = 0
        /// Seconds spent reading and linking them.
        var linking: TimeInterval = 0
    }

    /// Hands the cases of `feed` in `scope` to `each` as `resolve` ties them, without
    /// holding them all: the records whose own number names them come as they are read,
    /// in load order; only the others (no usable number, a newborn registration without
    /// its mother's) are held, linked together as one batch (how often such records find
    /// nobody is part of the evidence), and come last, in load order. A year's cases of a
    /// 12-million city held at once were 365 MB. With `marksLater`, each case carries the
    /// feed's later registration of its person, which needs the linked records first.
    @discardableResult
    func forEachCase(_ feed: CrosscheckFeed, scope: CrosscheckScope, marksLater: Bool = true,
                     _ each: (CrosscheckCase) throws -> Void) throws -> Resolution {
        let started = Date()
        var held = try loader.cases(feed, scope: scope, part: .unnumbered)
        var resolution = Resolution(byEvidence: try linkByEvidence(&held))
        if feed == .hukou { resolution.byEvidence += try linkMothers(&held) }
        resolution.linking = Date().timeIntervalSince(started)
        var later = marksLater ? try LaterRegistrations(database, feed: feed) : nil
        for c in held { later?.consider(linked: c) }
        if later?.hasCouples == true {
            for c in held { later?.consider(couple: c) }
            try loader.forEachCouple(scope: scope) { later?.consider(couple: $0, husband: $1, wifeName: $2, wifeBirth: $3) }
        }
        try loader.forEachCase(feed, scope: scope, part: .numbered) { c in
            var c = c
            try later?.mark(&c)
            try each(c)
        }
        for var c in held {
            try later?.mark(&c)
            try each(c)
        }
        return resolution
    }

    /// Links, all at once, the cases whose number cannot be trusted and that carry some
    /// evidence (a name or a birth date), and reads each linked one again with its person.
    private func linkByEvidence(_ cases: inout [CrosscheckCase]) throws -> Int {
        let pending = cases.indices.filter { cases[$0].needsEvidence }
        let linkable = pending.filter {
            let r = cases[$0].record
            return r.name != nil || r.birth != nil || r.birthInDamagedID != nil
        }
        for (i, outcome) in zip(linkable, try linker.link(linkable.map { cases[$0].record })) {
            try database.checkInterrupt()
            cases[i].link = outcome
            if let person = outcome.personID { cases[i] = try loader.recase(cases[i], personID: person) }
        }
        return pending.count
    }

    /// Newborn registrations whose mother_id cannot be trusted: the mother named by the
    /// hospital's record of the same birth (same day and sex, its residence or the mother's
    /// hukou in the newborn's area, not already the record of another registered child,
    /// her number within a typing error of a damaged one); else the damaged number's evidence.
    private func linkMothers(_ cases: inout [CrosscheckCase]) throws -> Int {
        let pending = cases.indices.filter { cases[$0].record.isNewborn && cases[$0].record.relatedID == nil }
        var byNumber: [Int] = []
        let newborns = pending.compactMap { i -> (index: Int, key: NewbornKey)? in
            let r = cases[i].record
            guard let born = r.childBirth, let area = r.toArea else { return nil }
            return (i, NewbornKey(born: born.description, sex: r.sex, area: area))
        }
        let births = try hospitalBirths(newborns.map(\.key))
        for (i, key) in newborns {
            let r = cases[i].record
            let typed = r.relatedRaw.map(IdentityNumber.cleaned)
            let mothers = try (births[key] ?? [:]).sorted { $0.key < $1.key }.filter { mother, records in
                // A damaged number still tells who she is not: a mother whose number is
                // more than a typing error away from it.
                if let typed, typed.count == 18, zip(typed, mother.utf8).filter({ $0 != $1 }).count > 2 { return false }
                // A birth record already answered by another newborn registration naming
                // its mother (same day and sex) is that child's; twins leave one record free.
                let registered = try database.scalar(
                    "SELECT count(*) FROM hukou_events n WHERE n.event = 'newborn' AND n.mother_id = ?1 "
                        + "AND n.birth_date = ?2 AND n.sex IS NOT DISTINCT FROM ?3",
                    [.text(mother), .text(key.born), key.sex.map { .text($0) } ?? .null]).integer ?? 0
                return records.count > registered
            }
            if mothers.count == 1, let (mother, records) = mothers.first {
                cases[i].link = LinkOutcome(kind: .fuzzy, personID: mother, foundIn: "hospital birth record \(records[0])")
                cases[i] = try loader.recase(cases[i], personID: mother)
            } else if mothers.count > 1 {
                cases[i].link = LinkOutcome(kind: .none, ambiguousCandidates: mothers.count)
            } else if cases[i].record.idDamagedMother {
                byNumber.append(i)
            }
        }
        let records = byNumber.map { cases[$0].record.motherByNumber }
        for (i, outcome) in zip(byNumber, try linker.link(records)) {
            cases[i].link = outcome
            if let mother = outcome.personID { cases[i] = try loader.recase(cases[i], personID: mother) }
        }
        return pending.count
    }

    /// A newborn registration's birth: the child's birth date and sex, and its area.
    private struct NewbornKey: Hashable {
        let born: String
        let sex: String?
        let area: String
    }

    /// The hospital birth records of each newborn's birth (same day and sex, the record's
    /// residence or its mother's register hukou in the newborn's area, a mother named), by
    /// mother, each mother's record numbers in order (never empty). Read in one pass over the births of
    /// the newborns' days, each birth's mother looked up once and in number order: looked
    /// up per newborn, every birth of the day had its mother looked up again for each
    /// newborn born that day, and a day's births grow with the city (8.6 s of a year's
    /// cross-check at 12 million persons against 0.07 s at 1.2 million).
    private func hospitalBirths(_ newborns: [NewbornKey]) throws -> [NewbornKey: [String: [String]]] {
        guard !newborns.isEmpty else { return [:] }
        let wanted = Set(newborns)
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_newborn_days (day TEXT PRIMARY KEY)")
        try database.execute("DELETE FROM link_newborn_days")
        try database.insertRows(into: "link_newborn_days", columns: ["day"], Set(newborns.map(\.born)).sorted().map { [.text($0)] })
        try database.analyzeScratch(["link_newborn_days"])
        let cursor = try database.cursor(
            "WITH day_births AS MATERIALIZED (SELECT b.birth_date, b.child_sex, b.residence_area, b.mother_id, b.record_no "
                + "FROM link_newborn_days d JOIN births b ON b.birth_date = d.day WHERE b.mother_id IS NOT NULL "
                + "ORDER BY b.mother_id) "
                + "SELECT birth_date, child_sex, residence_area, mother_id, record_no, "
                + "(SELECT m.hukou_area FROM persons m WHERE m.person_id = day_births.mother_id) FROM day_births")
        var out: [NewbornKey: [String: [String]]] = [:]
        while let row = try cursor.nextRow() {
            guard let born = row[0].text, let mother = row[3].text, let recordNo = row[4].text else { continue }
            let keys = Set([row[2].text, row[5].text].compactMap { $0 }.map { NewbornKey(born: born, sex: row[1].text, area: $0) })
            for key in keys where wanted.contains(key) { out[key, default: [:]][mother, default: []].append(recordNo) }
        }
        // In the byte order SQL's min() compares text by.
        return out.mapValues { $0.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } } }
    }
}

/// The latest registration of each person in a feed, which supersedes her earlier ones
/// (marriage: any kind; hukou: a move in or out), among every loaded record: a December
/// divorce supersedes a March marriage whatever month is checked. A record names its
/// person by number; one tied by evidence names her only once linked; a marriage
/// registration without the wife's number names the couple (the husband's number with
/// the wife's name and birth date), and counts for whoever a record of the same couple
/// is about. What is kept per person is where her latest registration is (its date,
/// its place in load order, its row), read again only for a record it supersedes: a
/// year's registrations of a 12-million city kept whole were 38 MB.
struct LaterRegistrations {
    private let database: Database
    private let feed: CrosscheckFeed
    private var latest = ByPerson()
    private var byCouple: [CoupleKey: [Latest]] = [:]

    /// Where a person's latest registration is.
    private struct Latest {
        let date: CivilDate
        /// Place in load order; a record linked by evidence comes after every loaded one.
        let order: Int64
        /// The feed row (the dialect's row order), read again for the details.
        let row: Int64
    }

    /// nil for a feed whose records nothing supersedes.
    init?(_ database: Database, feed: CrosscheckFeed) throws {
        let rowOrder = database.dialect.rowOrder
        let sql: String
        switch feed {
        case .marriage:
            sql = "SELECT \(rowOrder), wife_id, reg_date, husband_id, wife_name, wife_birth FROM marriages "
                + "WHERE wife_id IS NOT NULL OR husband_id IS NOT NULL"
        case .hukou:
            sql = "SELECT \(rowOrder), person_id, event_date, NULL, NULL, NULL FROM hukou_events "
                + "WHERE person_id IS NOT NULL AND event IN ('move_in', 'move_out')"
        default: return nil
        }
        self.database = database
        self.feed = feed
        let cursor = try database.cursor(sql + " ORDER BY \(rowOrder)")
        var order: Int64 = -1
        while let row = try cursor.nextRow() {
            order += 1
            guard let date = row[2].text.flatMap(CivilDate.parse) else { continue }
            let registration = Latest(date: date, order: order, row: row[0].integer ?? 0)
            if let person = row[1].text {
                consider(person, registration)
            } else if let husband = row[3].text, let name = row[4].text?.trimmed(), !name.isEmpty,
                      let birth = row[5].text.flatMap(CivilDate.parse) {
                byCouple[CoupleKey(husband: husband, wifeName: name, wifeBirth: birth), default: []].append(registration)
            }
        }
    }

    /// Some registration names a couple instead of the wife.
    var hasCouples: Bool { !byCouple.isEmpty }

    private mutating func consider(_ person: String, _ later: Latest) {
        if let known = latest[person], (known.date, known.order) >= (later.date, later.order) { return }
        latest[person] = later
    }

    /// A record tied by evidence: it names its person only now.
    mutating func consider(linked c: CrosscheckCase) {
        guard c.record.id == nil, supersedes(c), let person = c.link.personID else { return }
        consider(person, Latest(date: c.record.eventDate, order: Int64.max - 1, row: c.record.rowID))
    }

    /// A later record of the same couple supersedes a marriage even when nobody could be
    /// tied to it alone (two namesakes born the same day): the divorce of the husband a
    /// woman married is hers, whoever else shares her name and birthday.
    mutating func consider(couple c: CrosscheckCase) {
        guard let person = c.link.personID ?? c.record.id else { return }
        consider(couple: person, husband: c.record.relatedID, wifeName: c.record.name, wifeBirth: c.record.birth)
    }

    /// The same, for a marriage record read apart (CaseLoader.forEachCouple).
    mutating func consider(couple person: String, husband: String?, wifeName: String?, wifeBirth: CivilDate?) {
        guard feed == .marriage, let husband, let name = wifeName?.trimmed(), let wifeBirth,
              let registrations = byCouple[CoupleKey(husband: husband, wifeName: name, wifeBirth: wifeBirth)] else { return }
        for registration in registrations { consider(person, registration) }
    }

    /// Marks the case superseded by its person's latest registration, when that is another, later one.
    func mark(_ c: inout CrosscheckCase) throws {
        guard supersedes(c), let person = c.link.personID ?? c.record.id, let found = latest[person],
              found.date > c.record.eventDate, let later = try registration(at: found.row),
              later.recordNo != c.record.recordNo else { return }
        c.later = later
    }

    /// The registration in the feed's row `row`, as the rules read it.
    private func registration(at row: Int64) throws -> LaterRegistration? {
        let columns = feed == .marriage ? "record_no, reg_date, kind, husband_id, NULL" : "record_no, event_date, event, NULL, to_area"
        guard let found = try database.query("SELECT \(columns) FROM \(feed.table) WHERE \(database.dialect.rowOrder) = ?1",
                                             [.integer(row)]).first,
              let date = found[1].text.flatMap(CivilDate.parse) else { return nil }
        return LaterRegistration(recordNo: found[0].text ?? "", date: date, kind: found[2].text,
                                 relatedID: found[3].text, toArea: found[4].text)
    }

    private func supersedes(_ c: CrosscheckCase) -> Bool {
        feed == .marriage || ["move_in", "move_out"].contains(c.record.kind)
    }

    /// Persons by identity number: a normalised number packed into 64 bits (17 digits and
    /// the check character), any other text as it is.
    private struct ByPerson {
        private var packed: [UInt64: Latest] = [:]
        private var other: [String: Latest] = [:]

        subscript(person: String) -> Latest? {
            get { ByPerson.pack(person).map { packed[$0] } ?? other[person] }
            set {
                if let key = ByPerson.pack(person) { packed[key] = newValue } else { other[person] = newValue }
            }
        }

        static func pack(_ id: String) -> UInt64? {
            var value: UInt64 = 0, count = 0
            for byte in id.utf8 {
                count += 1
                switch (count, byte) {
                case (1...17, 48...57): value = value * 10 + UInt64(byte - 48)
                case (18, 48...57): value = value * 11 + UInt64(byte - 48)
                case (18, UInt8(ascii: "X")): value = value * 11 + 10
                default: return nil
                }
            }
            return count == 18 ? value : nil
        }
    }
}

/// A couple as a marriage registration names it when the wife's number is missing.
private struct CoupleKey: Hashable {
    let husband: String
    let wifeName: String
    let wifeBirth: CivilDate
}

extension FeedRecord {
    /// The mother's number of a newborn registration was written but cannot be trusted.
    var idDamagedMother: Bool { relatedID == nil && !(relatedRaw?.trimmed().isEmpty ?? true) }

    /// The mother as a record of her own for linking by evidence: only the damaged number,
    /// the birth date inside it, and the newborn's hukou area beside hers.
    var motherByNumber: FeedRecord {
        FeedRecord(feed: feed, rowID: rowID, recordNo: recordNo, eventDate: eventDate, kind: kind, id: nil, idRaw: relatedRaw,
                   name: nil, birth: nil, sex: "F", localityAreas: localityAreas, linkArea: toArea, relatedID: nil,
                   relatedRaw: nil, childBirth: childBirth, toArea: toArea, source: source)
    }
}

extension CrosscheckCase {
    /// The record's own number found nobody and could not be trusted: who it is about
    /// takes evidence (a newborn's mother is found apart, by linkMothers).
    var needsEvidence: Bool { !record.isNewborn && link.kind == .none && record.id == nil }

    /// This record as a registration that may supersede another.
    var registration: LaterRegistration {
        LaterRegistration(recordNo: record.recordNo, date: record.eventDate, kind: record.kind,
                          relatedID: record.relatedID, toArea: record.toArea)
    }
}

extension CrosscheckScope {
    /// The day the check is for: a month's last day, else the last day of the month of
    /// the latest loaded event (the period the loaded feeds cover). nil with no records.
    func periodEnd(_ database: Database) throws -> CivilDate? {
        if case .month(let year, let month) = self {
            return CivilDate(year: year, month: month, day: 1)?.addingMonths(1)?.addingDays(-1)
        }
        var latest: CivilDate?
        for feed in CrosscheckFeed.allCases {
            guard let d = try database.scalar("SELECT max(\(feed.eventDate)) FROM \(feed.table)").text.flatMap(CivilDate.parse)
            else { continue }
            latest = max(latest ?? d, d)
        }
        guard let latest, let first = CivilDate(year: latest.year, month: latest.month, day: 1) else { return nil }
        return first.addingMonths(1)?.addingDays(-1)
    }
}
