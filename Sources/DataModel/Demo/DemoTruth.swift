// DemoTruth: the answer key, truth.csv. For every feed row written it says which person
// the row is about, whether an importer must load it, quarantine it or merge it as a
// re-export, and which findings of spec section 6 a correct cross-check reports. The
// findings are computed here from the rows as written and the register and WIS as
// written, by the rules in docs/demo-city.md, not recalled from what was planted.

import Foundation

struct DemoTruth {
    let city: DemoPopulation
    let cards: [DemoCard]
    private var namesakes: [String: [Int]] = [:]   // "name|birth" -> register people [men, women]

    init(city: DemoPopulation, cards: [DemoCard], files: [DemoFeedFile]) {
        self.city = city
        self.cards = cards
        countNamesakes(files)
    }

    func write(_ files: [DemoFeedFile], to path: String) throws -> (rows: Int, counts: [String: Int]) {
        var f = try DemoCSVFile(path: path)
        try f.header(["feed", "record_no", "person_id", "findings", "row_status", "file", "line"])
        var counts: [String: Int] = [:]
        for feed in DemoFeed.allCases {
            var seen = Set<String>()
            for file in files where file.feed == feed {
                for (k, row) in file.rows.enumerated() {
                    var status = DemoTruth.quarantined(row) ? "quarantine" : "ok"
                    if status == "ok", !seen.insert(row.fields[0]).inserted { status = "duplicate" }
                    let findings = status == "ok" ? self.findings(row) : []
                    for code in findings { counts[code, default: 0] += 1 }
                    counts[status, default: 0] += 1
                    f.field(feed.name)
                    f.field(row.fields[0])
                    f.field(city.people[Int(row.subject)].inRegister ? id(row.subject) : "")
                    f.field(findings.joined(separator: ";"))
                    f.field(status)
                    f.field("feeds/" + (file.path as NSString).lastPathComponent)
                    f.number(Int64(k + 2))
                    try f.endRow()
                }
            }
        }
        try f.close()
        return (f.rows - 1, counts)
    }

    /// Spec section 1: no record number, no event date, an unknown code, or nobody named.
    static func quarantined(_ row: DemoFeedRecord) -> Bool {
        let feed = row.feed, v = row.fields
        if v[0].trimmingCharacters(in: .whitespaces).isEmpty { return true }
        if CivilDate.parse(v[feed.eventDate]) == nil { return true }
        if let c = feed.codeColumn, feed.code(v[c]) == nil { return true }
        if let s = feed.sexColumn, DemoFeed.sex(v[s]) == nil { return true }
        return v[feed.subjectId].trimmingCharacters(in: .whitespaces).isEmpty
            && v[feed.subjectName].trimmingCharacters(in: .whitespaces).isEmpty
    }

    func id(_ i: Int32) -> String {
        let p = city.people[Int(i)]
        return String(decoding: DemoIdentity.number(county: city.geography.counties[Int(p.idCounty)].code,
                                                    birth: p.birth, sequence: Int(p.sequence)), as: UTF8.self)
    }

    private static func key(_ name: String, _ birth: CivilDate) -> String { "\(name)|\(birth.days)" }

    /// Counts register people sharing the name and birth date of each row whose number
    /// cannot be trusted; one pass over the register, keyed only by what rows ask for.
    private mutating func countNamesakes(_ files: [DemoFeedFile]) {
        var days = Set<Int32>()
        for file in files {
            for row in file.rows where DemoIdentity.normalize(row.fields[row.feed.subjectId]) == nil {
                guard let b = CivilDate.parse(row.fields[row.feed.subjectBirth]) else { continue }
                namesakes[DemoTruth.key(row.fields[row.feed.subjectName], b)] = [0, 0]
                days.insert(b.days)
            }
        }
        for p in city.people where p.inRegister && days.contains(p.birth.days) {
            let k = DemoTruth.key(DemoNames.text(p.name), p.birth)
            namesakes[k]?[p.male ? 0 : 1] += 1
        }
    }

    func ambiguous(_ row: DemoFeedRecord) -> Bool {
        let feed = row.feed, v = row.fields
        guard DemoIdentity.normalize(v[feed.subjectId]) == nil, let b = CivilDate.parse(v[feed.subjectBirth]),
              let n = namesakes[DemoTruth.key(v[feed.subjectName], b)] else { return false }
        switch feed.subjectSex.flatMap({ DemoFeed.sex(v[$0]) }) {
        case "M": return n[0] >= 2
        case "F": return n[1] >= 2
        default: return n[0] + n[1] >= 2
        }
    }
}
