// OutsideRegister: how likely it is that a record linked by evidence concerns someone the
// register does not list (who died or moved out and was dropped, a migrant never
// surveyed) and that a register person merely looks the same. A link by evidence is only
// as good as the chance that nobody else fits as well, so a register candidate must be
// clearly likelier than that phantom. Every figure is estimated from the data at hand,
// not set by hand: how often the register holds two persons of the same name and birth
// date, how often a damaged number lies one character from some register person's, and
// how often the feed's damaged records of the same kind find nobody in the register.

import Foundation

struct OutsideRegister {
    /// Share of register persons who share their name and birth date with another.
    let twinShare: Double
    /// Share of the batch's damaged 18-character numbers one character from a register number.
    var neighbourShare = 0.0
    /// By kind of record (`kind(_:)`): the odds that a damaged record of that kind
    /// concerns someone outside the register.
    var odds: [String: Double] = [:]
    let registerSize: Double

    /// How many register persons are sampled to count namesakes born the same day.
    static let sampleSize = 8192

    /// Samples register persons evenly by row order and counts, through the name and birth
    /// date index, those who have a namesake born the same day. A few thousand index
    /// look-ups, whatever the register's size.
    init(database: Database, registerSize: Double) throws {
        self.registerSize = registerSize
        let stride = max(1, Int(registerSize) / OutsideRegister.sampleSize)
        let d = database.dialect
        let twin = d.truthAsInteger("(SELECT count(*) FROM persons q WHERE q.name = p.name AND q.birth_date = p.birth_date) > 1")
        let row = try database.query(
            "WITH RECURSIVE s(r) AS (SELECT CAST(?1 AS BIGINT) UNION ALL SELECT r + ?1 FROM s WHERE r + ?1 <= ?2) "
                + "SELECT count(*), sum(\(twin)) "
                + "FROM s JOIN persons p ON p.\(d.rowOrder) = s.r WHERE p.name IS NOT NULL AND p.birth_date IS NOT NULL",
            [.integer(Int64(stride)), .integer(Int64(registerSize))]).first
        let sampled = Double(row?[0].integer ?? 0), twins = Double(row?[1].integer ?? 0)
        // One more twin than seen: a register that shows none still may hold some.
        twinShare = (twins + 1) / (sampled + 1)
    }

    /// The kind of record whose people share a chance of being outside the register: a
    /// departure (a death, a hukou cancellation or move out: the register drops who
    /// left), a move-in, a newborn's mother, or any other record of the feed (a marriage
    /// and a divorce, an induced abortion and a labour induction concern the same women).
    static func kind(_ record: FeedRecord) -> String {
        if record.feed == .death || record.feed == .hukou && ["death", "move_out"].contains(record.kind) { return "departure" }
        return record.feed == .hukou ? record.kind ?? "" : ""
    }

    /// Estimates the batch's odds and neighbour share from its ranked candidates: a
    /// damaged record whose best register candidate reaches the threshold counts as
    /// inside, any other (nobody, or only a WIS card of someone gone) as outside. A record
    /// about someone outside who merely resembles a register person counts as inside,
    /// so the odds lean low, never high; one more of each keeps a small batch near even.
    mutating func estimate(_ records: [FeedRecord], _ ranked: [RankedCandidates], threshold: Double) {
        var inside: [String: Double] = [:], outside: [String: Double] = [:]
        var numbers = 0.0, near = 0.0
        for (record, candidates) in zip(records, ranked) {
            let kind = OutsideRegister.kind(record)
            if candidates.bestInRegister >= threshold { inside[kind, default: 0] += 1 } else { outside[kind, default: 0] += 1 }
            guard record.damagedDigits?.count == 18 else { continue }
            numbers += 1
            if candidates.numberNeighbour { near += 1 }
        }
        for kind in Set(inside.keys).union(outside.keys) {
            odds[kind] = (outside[kind, default: 0] + 1) / (inside[kind, default: 0] + 1)
        }
        neighbourShare = (near + 1) / (numbers + 1)
    }

    /// By how many bits the register candidate is likelier to be the record's person than
    /// someone outside the register who resembles the candidate as closely: a namesake
    /// born the same day (shares name and birth date; area and number fit by chance), a
    /// neighbour whose valid number is one character from the damaged one (shares number
    /// and birth date; name, sex and area fit by chance), or anyone by coincidence (the
    /// whole weight, among as many persons as the register holds).
    /// A namesake born the same day is as likely as the register's own share of such
    /// pairs says, or as the bearers of the record's name born around its birth date make
    /// it (`namesakesPerDay`), whichever is more.
    func lead(_ candidate: LinkCandidate, of record: FeedRecord, namesakesPerDay: Double) -> Double {
        let f = candidate.evidence.fields
        let number = candidate.weight - (candidate.evidence.total - f[4].weight)
        let twin = max(twinShare, namesakesPerDay) * pow(2, -(f[3].weight + number))
        let neighbour = f[4].level == .agree ? neighbourShare * pow(2, -(f[0].weight + f[2].weight + f[3].weight)) : 0
        let chance = registerSize * pow(2, -candidate.weight)
        return -log2(odds[OutsideRegister.kind(record), default: 1] * (twin + neighbour + chance))
    }
}
