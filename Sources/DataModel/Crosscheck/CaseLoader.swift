// CaseLoader: reads feed records together with their register person and active card
// in one SQL statement per feed. Records whose number was already valid (the great
// majority) are joined set-based by SQLite through the primary-key and woman_id indexes,
// so the cost is one indexed lookup per record and never a scan of the register; a
// record linked later by other evidence is read again with the chosen person bound.

/// Which feed records a cross-check reads.
public enum CrosscheckScope: Sendable {
    /// Every loaded record of every feed.
    case all
    /// Records whose event date falls in the month.
    case month(year: Int, month: Int)
    /// Every loaded record of one feed.
    case feed(CrosscheckFeed)
    /// The named records of one feed (a filtered feed table).
    case records(CrosscheckFeed, [String])

    var feeds: [CrosscheckFeed] {
        switch self {
        case .records(let feed, _), .feed(let feed): return [feed]
        case .all, .month: return CrosscheckFeed.allCases
        }
    }
}

struct CaseLoader {
    let database: Database

    /// Which of a feed's records a read takes.
    enum Part {
        case all
        /// The records whose own number may not name who they are about, so that who
        /// they are about may take evidence: no usable number, or a newborn registration
        /// without its mother's.
        case unnumbered
        /// The others.
        case numbered
    }

    /// The cases of one feed in scope, in load order, linked by their numbers alone. The
    /// array is counted first and made to size: a case is 700 bytes, and an array grown by
    /// doubling held up to twice the room (a year's records without a usable number at 12
    /// million: 50,000 in 46 MB).
    func cases(_ feed: CrosscheckFeed, scope: CrosscheckScope, part: Part = .all) throws -> [CrosscheckCase] {
        let (condition, params) = try self.condition(feed, scope: scope, part: part)
        var out: [CrosscheckCase] = []
        out.reserveCapacity(Int(try database.scalar("SELECT count(*) FROM \(feed.table) f WHERE \(condition)", params).integer ?? 0))
        try forEachCase(feed, condition: condition, params) { out.append($0) }
        return out
    }

    /// The records of `feed` in `scope` (a condition on the feed table `f`), and its parameters.
    func condition(_ feed: CrosscheckFeed, scope: CrosscheckScope, part: Part) throws -> (sql: String, parameters: [SQLValue]) {
        var condition = "1 = 1"
        var params: [SQLValue] = []
        switch scope {
        case .all, .feed: break
        case .month(let year, let month):
            guard let first = CivilDate(year: year, month: month, day: 1), let next = first.addingMonths(1) else {
                throw LinkError("month \(year)-\(month) is not a calendar month")
            }
            condition = "f.\(feed.eventDate) >= ?1 AND f.\(feed.eventDate) < ?2"
            params = [.text(first.description), .text(next.description)]
        case .records(_, let numbers):
            try database.execute("CREATE TEMP TABLE IF NOT EXISTS crosscheck_scope (record_no TEXT PRIMARY KEY)")
            try database.execute("DELETE FROM crosscheck_scope")
            for number in numbers { try database.execute("INSERT INTO crosscheck_scope VALUES (?1) ON CONFLICT DO NOTHING", [.text(number)]) }
            condition = "f.record_no IN (SELECT record_no FROM crosscheck_scope)"
        }
        // FeedRecord.id is the subject's number column and relatedID the mother's
        // (CaseLoader.parse); CASE keeps a NULL kind on the numbered side, as Swift reads it.
        let newbornWithoutMother = feed == .hukou ? " OR (f.event = 'newborn' AND f.mother_id IS NULL)" : ""
        let unnumbered = "CASE WHEN f.\(feed.subjectID) IS NULL\(newbornWithoutMother) THEN 1 ELSE 0 END"
        switch part {
        case .all: break
        case .unnumbered: condition += " AND \(unnumbered) = 1"
        case .numbered: condition += " AND \(unnumbered) = 0"
        }
        return (condition, params)
    }

    /// Hands over the cases of `cases` one at a time, without holding them.
    func forEachCase(_ feed: CrosscheckFeed, scope: CrosscheckScope, part: Part = .all,
                     _ body: (CrosscheckCase) throws -> Void) throws {
        let (condition, params) = try self.condition(feed, scope: scope, part: part)
        try forEachCase(feed, condition: condition, params, body)
    }

    /// The same for the records `condition` selects.
    private func forEachCase(_ feed: CrosscheckFeed, condition: String, _ params: [SQLValue],
                             _ body: (CrosscheckCase) throws -> Void) throws {
        let cursor = try database.cursor(CaseLoader.sql(feed, subject: "f.\(feed.subjectID)", condition: condition,
                                                          order: database.dialect.rowOrder), params)
        while let row = try cursor.nextRow() {
            var c = CaseLoader.parse(feed, row)
            let anyCard = row[40].text
            if c.record.isNewborn {
                if let mother = c.record.relatedID, c.holder != nil || anyCard != nil {
                    c.link = LinkOutcome(kind: c.record.relatedRaw == mother ? .exact : .normalized, personID: mother,
                                         foundIn: c.holder != nil ? "register" : "WIS card \(c.card?.cardNo ?? anyCard!)")
                }
            } else if let id = c.record.id, c.subject != nil || anyCard != nil {
                c.link = LinkOutcome(kind: c.record.idRaw == id ? .exact : .normalized, personID: id,
                                     foundIn: c.subject != nil ? "register" : "WIS card \(c.card?.cardNo ?? anyCard!)")
            }
            try body(c)
        }
    }

    /// The marriage registrations in `scope` that name the wife by number: her number, the
    /// husband's, her name and birth date, as the cases of those records give them, read
    /// without the register and the cards (LaterRegistrations' couples).
    func forEachCouple(scope: CrosscheckScope, _ body: (String, String?, String?, CivilDate?) throws -> Void) throws {
        let (condition, params) = try self.condition(.marriage, scope: scope, part: .numbered)
        let cursor = try database.cursor("SELECT f.wife_id, f.husband_id, f.wife_name, f.wife_birth FROM marriages f "
                                         + "WHERE \(condition)", params)
        while let row = try cursor.nextRow() {
            guard let wife = row[0].text else { continue }
            try body(wife, row[1].text, row[2].text, row[3].text.flatMap { CivilDate.parse($0) })
        }
    }

    /// The case again with `personID` as the concerned person (after a link by evidence):
    /// the record's person, or for a newborn registration the mother.
    func recase(_ c: CrosscheckCase, personID: String) throws -> CrosscheckCase {
        let newborn = c.record.isNewborn
        let sql = CaseLoader.sql(c.record.feed, subject: newborn ? "f.person_id" : "?1", holder: newborn ? "?1" : nil,
                                 condition: "f.\(database.dialect.rowOrder) = ?2", order: database.dialect.rowOrder)
        guard let row = try database.query(sql, [.text(personID), .integer(c.record.rowID)]).first else { return c }
        var again = CaseLoader.parse(c.record.feed, row)
        again.link = c.link
        again.holderID = personID
        again.later = c.later
        return again
    }

    /// `order` is the dialect's row-order column, which keeps the file's order of records.
    static func sql(_ feed: CrosscheckFeed, subject: String, holder chosen: String? = nil, condition: String,
                    order: String) -> String {
        // Only a newborn registration concerns two people (the child, the mother's card);
        // elsewhere the holder is the subject and her register row is read once.
        let holder = chosen ?? (feed == .hukou ? "CASE WHEN f.event = 'newborn' THEN f.mother_id ELSE \(subject) END" : subject)
        let holderAlias = feed == .hukou ? "h" : "p"
        let areas = feed.localityAreas.map { "f.\($0)" } + ["NULL", "NULL"]
        let child = feed.childBirth.map { "f.\($0)" } ?? "NULL"
        let record = ["f.\(order)", "f.record_no", "f.\(feed.eventDate)", feed.kind.map { "f.\($0)" } ?? "NULL",
                      "f.\(feed.subjectID)", "f.\(feed.subjectID)_raw", "f.\(feed.subjectName)", "f.\(feed.subjectBirth)",
                      feed.subjectSex.map { "f.\($0)" } ?? "NULL", areas[0], areas[1], feed.linkArea?.expression ?? "NULL",
                      feed.relatedID.map { "f.\($0)" } ?? "NULL", child, feed == .hukou ? "f.to_area" : "NULL",
                      "f.source_file", "f.source_line"]
        let person = ["person_id", "name", "sex", "birth_date", "marital", "hukou_area", "residence_area"]
        let card = ["card_no", "marital", "marriage_date", "spouse_id", "pregnant_since", "pregnancy_recorded", "managing_area"]
        // One look-up tells both whether the card lists the child and when its pregnancy
        // was entered: 'y' followed by the date (or nothing), NULL when not listed.
        let listedChild = "(SELECT 'y' || coalesce(k.pregnancy_recorded, '') FROM wis_children k "
            + "WHERE k.card_no = c.card_no AND k.birth_date = \(child) ORDER BY k.birth_order LIMIT 1)"
        // Only a birth and a newborn's registration ask whether the card lists the child;
        // a household registration's other events carry the person's own birth date, and
        // looking for it among her children read every carded woman's children for nothing.
        let childListed = feed.childBirth == nil ? "NULL"
            : feed == .hukou ? "CASE WHEN f.event = 'newborn' THEN \(listedChild) END" : listedChild
        let columns = record + person.map { "p.\($0)" } + person.map { "\(holderAlias).\($0)" } + card.map { "c.\($0)" }
            + [childListed, feed.relatedID.map { "f.\($0)_raw" } ?? "NULL",
               // Any card of hers, whatever its status: a woman gone from the register
               // (moved out, died) is still identified by it. Asked only then: a register
               // entry identifies her already.
               "CASE WHEN \(holderAlias).person_id IS NULL THEN (SELECT min(w.card_no) FROM wis_cards w "
                   + "WHERE w.woman_id = \(holder)) END"]
        // min() rather than ORDER BY ... LIMIT 1: SQLite answers it from the index
        // instead of sorting in a temporary b-tree for every record.
        return "SELECT " + columns.joined(separator: ", ") + " FROM \(feed.table) f "
            + "LEFT JOIN persons p ON p.person_id = \(subject) "
            + (feed == .hukou ? "LEFT JOIN persons h ON h.person_id = \(holder) " : "")
            + "LEFT JOIN wis_cards c ON c.card_no = (SELECT min(w.card_no) FROM wis_cards w WHERE w.woman_id = \(holder) "
            + "AND w.status = 'active') "
            + "WHERE \(condition) ORDER BY f.\(order)"
    }

    static func parse(_ feed: CrosscheckFeed, _ row: [SQLValue]) -> CrosscheckCase {
        let text = { (i: Int) -> String? in row[i].text }
        let date = { (i: Int) -> CivilDate? in row[i].text.flatMap { CivilDate.parse($0) } }
        let record = FeedRecord(
            feed: feed, rowID: row[0].integer ?? 0, recordNo: text(1) ?? "", eventDate: date(2) ?? CivilDate(days: 0),
            kind: text(3), id: text(4), idRaw: text(5), name: text(6), birth: date(7), sex: text(8),
            localityAreas: [text(9), text(10)].compactMap { $0 }, linkArea: text(11), relatedID: text(12),
            relatedRaw: text(39), childBirth: date(13), toArea: text(14), source: "\(text(15) ?? ""):\(row[16].integer ?? 0)")
        let person = { (i: Int) -> RegisterPerson? in
            text(i).map { RegisterPerson(id: $0, name: text(i + 1) ?? "", sex: text(i + 2), birth: date(i + 3),
                                         marital: text(i + 4), hukouArea: text(i + 5), residenceArea: text(i + 6)) }
        }
        let card = text(31).map {
            ActiveCard(cardNo: $0, marital: text(32), marriageDate: date(33), spouseID: text(34),
                       pregnantSince: date(35), pregnancyRecorded: date(36), managingArea: text(37),
                       listsChild: row[38].text != nil, childPregnancyRecorded: row[38].text.flatMap { CivilDate.parse($0.dropFirst()) })
        }
        let holderID: String? = feed == .hukou && record.kind == "newborn" ? record.relatedID : record.id
        return CrosscheckCase(record: record, link: LinkOutcome(kind: .none), subject: person(17),
                              holder: person(24), holderID: holderID, card: card, later: nil)
    }
}
