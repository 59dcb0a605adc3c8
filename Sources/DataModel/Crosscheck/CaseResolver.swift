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
    /// (the statistics place a marriage by her), handed to `each` one at a time. Only the
    /// records that need evidence are held, to be linked together as the cross-check links
    /// them (a batch is part of its own evidence), and come last; the others go as they are
    /// read, so memory grows with the damaged records, not with the feed (the year's cases
    /// held at once were 92 MB at 12 million persons). No case is marked superseded
    /// (`later`): a count of registrations does not ask.
    static func eachMarriage(_ database: Database, _ each: (CrosscheckCase) throws -> Void) throws {
        let resolver = CaseResolver(database: database, linker: try RegisterLinker(database: database, options: CrosscheckOptions()),
                                    loader: CaseLoader(database: database))
        var waiting: [CrosscheckCase] = []
        try resolver.loader.forEachCase(.marriage, scope: .feed(.marriage)) { c in
            if c.needsEvidence { waiting.append(c) } else { try each(c) }
        }
        _ = try resolver.linkByEvidence(&waiting)
        for c in waiting { try each(c) }
    }

    /// The cases of `feed` in `scope`, each tied to its person as far as evidence allows.
    /// Returns the cases and how many needed evidence.
    func resolve(_ feed: CrosscheckFeed, scope: CrosscheckScope) throws -> (cases: [CrosscheckCase], byEvidence: Int) {
        var cases = try loader.cases(feed, scope: scope)
        var byEvidence = try linkByEvidence(&cases)
        if feed == .hukou { byEvidence += try linkMothers(&cases) }
        try markLaterRegistrations(&cases, feed: feed)
        return (cases, byEvidence)
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
        for i in pending {
            let r = cases[i].record
            guard let born = r.childBirth, let area = r.toArea else { continue }
            // A birth record already answered by another newborn registration naming its
            // mother (same day and sex) is that child's; twins leave one record free.
            let found = try database.query(
                "SELECT b.mother_id, min(b.record_no), count(*) - (SELECT count(*) FROM hukou_events n "
                    + "WHERE n.event = 'newborn' AND n.mother_id = b.mother_id AND n.birth_date = ?1 "
                    + "AND n.sex IS NOT DISTINCT FROM ?2) FROM births b LEFT JOIN persons m ON m.person_id = b.mother_id "
                    + "WHERE b.birth_date = ?1 AND b.child_sex IS NOT DISTINCT FROM ?2 AND (b.residence_area = ?3 OR m.hukou_area = ?3) "
                    + "AND b.mother_id IS NOT NULL GROUP BY b.mother_id",
                [.text(born.description), r.sex.map { .text($0) } ?? .null, .text(area)])
            // A damaged number still tells who she is not: a mother whose number is more
            // than a typing error away from it.
            let mothers = found.filter { row in
                guard (row[2].integer ?? 0) > 0, let id = row[0].text else { return false }
                guard let typed = r.relatedRaw.map(IdentityNumber.cleaned), typed.count == 18 else { return true }
                return zip(typed, id.utf8).filter { $0 != $1 }.count <= 2
            }
            if mothers.count == 1, let mother = mothers[0][0].text {
                cases[i].link = LinkOutcome(kind: .fuzzy, personID: mother, foundIn: "hospital birth record \(mothers[0][1].text ?? "")")
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

    /// Marks each case superseded by a later registration of the same person in the feed
    /// (marriage: any kind; hukou: a move in or out), among every loaded record: a December
    /// divorce supersedes a March marriage whatever month is checked.
    private func markLaterRegistrations(_ cases: inout [CrosscheckCase], feed: CrosscheckFeed) throws {
        let sql: String
        switch feed {
        case .marriage:
            sql = "SELECT wife_id, record_no, reg_date, kind, husband_id, NULL, wife_name, wife_birth FROM marriages "
                + "WHERE wife_id IS NOT NULL OR husband_id IS NOT NULL"
        case .hukou:
            sql = "SELECT person_id, record_no, event_date, event, NULL, to_area, NULL, NULL FROM hukou_events "
                + "WHERE person_id IS NOT NULL AND event IN ('move_in', 'move_out')"
        default: return
        }
        var latest: [String: (LaterRegistration, Int64)] = [:]
        func consider(_ person: String, _ later: LaterRegistration, order: Int64) {
            if let known = latest[person], (known.0.date, known.1) >= (later.date, order) { return }
            latest[person] = (later, order)
        }
        // A registration without the wife's number, by the couple it names: the husband's
        // number with the wife's name and birth date.
        var byCouple: [CoupleKey: [(LaterRegistration, Int64)]] = [:]
        for (order, row) in try database.query(sql + " ORDER BY \(database.dialect.rowOrder)").enumerated() {
            guard let date = row[2].text.flatMap(CivilDate.parse) else { continue }
            let registration = LaterRegistration(recordNo: row[1].text ?? "", date: date, kind: row[3].text,
                                                 relatedID: row[4].text, toArea: row[5].text)
            if let person = row[0].text {
                consider(person, registration, order: Int64(order))
            } else if let husband = row[4].text, let name = row[6].text?.trimmed(), !name.isEmpty,
                      let birth = row[7].text.flatMap(CivilDate.parse) {
                byCouple[CoupleKey(husband: husband, wifeName: name, wifeBirth: birth), default: []]
                    .append((registration, Int64(order)))
            }
        }
        // Records tied by evidence name their person only here.
        for c in cases where c.record.id == nil && (feed == .marriage || ["move_in", "move_out"].contains(c.record.kind)) {
            guard let person = c.link.personID else { continue }
            consider(person, c.registration, order: Int64.max - 1)
        }
        // A later record of the same couple supersedes a marriage even when nobody could be
        // tied to it alone (two namesakes born the same day): the divorce of the husband a
        // woman married is hers, whoever else shares her name and birthday.
        if feed == .marriage, !byCouple.isEmpty {
            for c in cases {
                guard let person = c.link.personID ?? c.record.id, let husband = c.record.relatedID,
                      let name = c.record.name?.trimmed(), let birth = c.record.birth,
                      let registrations = byCouple[CoupleKey(husband: husband, wifeName: name, wifeBirth: birth)]
                else { continue }
                for (registration, order) in registrations { consider(person, registration, order: order) }
            }
        }
        for i in cases.indices {
            let c = cases[i]
            guard feed == .marriage || ["move_in", "move_out"].contains(c.record.kind),
                  let person = c.link.personID ?? c.record.id, let (later, _) = latest[person],
                  later.recordNo != c.record.recordNo, later.date > c.record.eventDate else { continue }
            cases[i].later = later
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
