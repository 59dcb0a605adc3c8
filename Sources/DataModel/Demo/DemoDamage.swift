// DemoDamage: what the departments' exports do to clean records (spec sections 1-2):
// identity numbers with spaces, a lower-case x, full-width digits, the old 15 digits,
// a mistyped digit or nothing at all; names misspelt by a homophone; dates as YYYYMMDD
// or YYYY/M/D; sex as 1/2 or 男/女; kinds and events as their Chinese aliases. Each kind
// of damage hits its share of records and always at least one.

import Foundation

enum DemoDamage {
    /// (damage, share of the records it can apply to)
    private static let idShares: [(DemoIdDamage, Double)] = [
        (.spaces, 0.025), (.lowercaseX, 0.3), (.fullWidth, 0.012), (.fifteenDigit, 0.02), (.typo, 0.015), (.empty, 0.012),
    ]

    static func apply(_ records: inout [DemoFeedRecord], _ random: inout DemoRandom) {
        for (damage, share) in idShares {
            let candidates = records.indices.filter { i in
                !records[i].damaged && damage.apply(to: records[i].fields[records[i].feed.subjectId], &random) != nil
            }
            for i in random.choose(candidates, rate: share) {
                let column = records[i].feed.subjectId
                records[i].fields[column] = damage.apply(to: records[i].fields[column], &random)!
                records[i].damaged = true
            }
        }
        for i in records.indices {
            for column in records[i].feed.otherIds where !records[i].fields[column].isEmpty && random.chance(0.01) {
                let damage: DemoIdDamage = random.chance(0.5) ? .spaces : .fullWidth
                records[i].fields[column] = damage.apply(to: records[i].fields[column], &random)!
            }
        }
        misspell(&records, &random)
        rewrite(&records, &random, columns: { $0.feed.birthColumns + [$0.feed.eventDate] }, forms: [
            (0.07, { compactDate($0) }), (0.06, { slashDate($0) }),
        ])
        rewrite(&records, &random, columns: { $0.feed.sexColumn.map { [$0] } ?? [] }, forms: [
            (0.10, { $0 == "M" ? "1" : "2" }), (0.07, { $0 == "M" ? "男" : "女" }),
        ])
        rewrite(&records, &random, columns: { $0.feed.codeColumn.map { [$0] } ?? [] }, forms: [
            (0.12, { v in DemoFeed.allCases.lazy.compactMap { $0.codes[v] }.first ?? v }),
        ])
    }

    private static func misspell(_ records: inout [DemoFeedRecord], _ random: inout DemoRandom) {
        let candidates = records.indices.filter { !records[$0].keepName && !records[$0].fields[records[$0].feed.subjectName].isEmpty }
        for i in random.choose(candidates, rate: 0.025) {
            let column = records[i].feed.subjectName
            if let wrong = DemoNames.misspelt(records[i].fields[column], &random) { records[i].fields[column] = wrong }
        }
    }

    /// Rewrites, in each record, the chosen columns with one of `forms`, each form taking
    /// its share of the records (at least one) and no record taking two.
    private static func rewrite(_ records: inout [DemoFeedRecord], _ random: inout DemoRandom,
                                columns: (DemoFeedRecord) -> [Int], forms: [(Double, (String) -> String)]) {
        var free = records.indices.filter { !columns(records[$0]).isEmpty }
        for (share, form) in forms {
            let chosen = random.choose(free, rate: share)
            let taken = Set(chosen)
            free.removeAll { taken.contains($0) }
            for i in chosen {
                for c in columns(records[i]) where !records[i].fields[c].isEmpty {
                    records[i].fields[c] = form(records[i].fields[c])
                }
            }
        }
    }

    static func compactDate(_ iso: String) -> String { iso.replacingOccurrences(of: "-", with: "") }

    static func slashDate(_ iso: String) -> String {
        guard let d = CivilDate.parse(iso) else { return iso }
        return "\(d.year)/\(d.month)/\(d.day)"
    }
}
