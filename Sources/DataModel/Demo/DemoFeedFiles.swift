// DemoFeedFiles: numbers the feed records, adds the rows an importer must quarantine
// (no record number, an impossible date, an unknown code, nobody named) and the
// re-exports (a record sent again, unchanged, in the next month's file), and writes one
// file per feed and month. About one file in four is GB18030, some carry a UTF-8 BOM,
// some end lines with CRLF, as the departments' exports do.

enum DemoBadRow: CaseIterable { case noRecordNumber, impossibleDate, unknownCode, nobodyNamed }

struct DemoFeedFile {
    let feed: DemoFeed
    let month: Int
    let path: String
    let rows: [DemoFeedRecord]
}

struct DemoFeedFiles {
    private(set) var files: [DemoFeedFile] = []

    init(_ clean: [DemoFeedRecord], year: Int, directory: String, _ random: inout DemoRandom) throws {
        var byFeed = DemoFeed.allCases.map { feed in clean.filter { $0.feed == feed } }
        var duplicates: [[DemoFeedRecord]] = Array(repeating: [], count: DemoFeed.allCases.count)
        for f in byFeed.indices {
            byFeed[f].sort { ($0.date, $0.subject) < ($1.date, $1.subject) }
            for i in byFeed[f].indices { byFeed[f][i].fields[0] = DemoFeedFiles.recordNumber(byFeed[f][i].feed, year, i + 1) }
            let clean = byFeed[f]
            var next = clean.count + 1
            for bad in DemoBadRow.allCases {
                for source in random.choose(clean, rate: 0.002) {
                    var row = source
                    row.fields[0] = DemoFeedFiles.recordNumber(row.feed, year, next)
                    next += 1
                    DemoFeedFiles.spoil(&row, bad, year: year, &random)
                    byFeed[f].append(row)
                }
            }
            for source in random.choose(clean.filter { $0.month < 12 }, rate: 0.015) {
                var again = source
                again.month += 1
                duplicates[f].append(again)
            }
        }
        var formats = (0..<(5 * 12)).map { _ in (random.chance(0.25), random.chance(0.2), random.chance(0.25)) }
        formats[0].0 = true; formats[1] = (false, true, false); formats[2].2 = true   // every form at least once
        for feed in DemoFeed.allCases {
            let reported = (1...12).map { m in
                CivilDate(year: year, month: m, day: 1)!.addingMonths(1)!.addingDays(random.int(2...8))!.description
            }
            for month in 1...12 {
                let rows = byFeed[feed.rawValue].filter { $0.month == month }.sorted { ($0.date, $0.fields[0]) < ($1.date, $1.fields[0]) }
                    + duplicates[feed.rawValue].filter { $0.month == month }
                let (gb, bom, crlf) = formats[feed.rawValue * 12 + month - 1]
                let path = "\(directory)/feeds/\(feed.name)-\(year)-\(month < 10 ? "0" : "")\(month).csv"
                var file = try DemoCSVFile(path: path, encoding: gb ? .gb18030 : bom ? .utf8BOM : .utf8, crlf: crlf)
                try file.header(feed.columns)
                var written: [DemoFeedRecord] = []
                for var row in rows {
                    // A re-export repeats the row as first sent, export date included.
                    if row.fields[row.fields.count - 1].isEmpty { row.fields[row.fields.count - 1] = reported[month - 1] }
                    for v in row.fields { file.field(v) }
                    try file.endRow()
                    written.append(row)
                }
                for (k, d) in duplicates[feed.rawValue].enumerated() where d.month == month + 1 {
                    if let original = written.first(where: { $0.fields[0] == d.fields[0] }) {
                        duplicates[feed.rawValue][k].fields = original.fields
                    }
                }
                try file.close()
                files.append(DemoFeedFile(feed: feed, month: month, path: path, rows: written))
            }
        }
    }

    static func recordNumber(_ feed: DemoFeed, _ year: Int, _ n: Int) -> String {
        let digits = String(n)
        return "\(feed.prefix)-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    private static func spoil(_ row: inout DemoFeedRecord, _ bad: DemoBadRow, year: Int, _ random: inout DemoRandom) {
        switch bad {
        case .noRecordNumber:
            row.fields[0] = ""
        case .impossibleDate:
            row.fields[row.feed.eventDate] = random.pick(["\(year)-02-30", "\(year)-13-16", "\(year)-04-31",
                                                          "\(year)0230", "\(year)/2/29", "\(year)-06-00"])
        case .unknownCode:
            switch row.feed {
            case .marriage: row.fields[row.feed.column("kind")] = random.pick(["订婚", "engage"])
            case .abortion: row.fields[row.feed.column("kind")] = "medical"
            case .hukou: row.fields[row.feed.column("event")] = random.pick(["transfer", "户口变更"])
            case .birth: row.fields[row.feed.column("child_sex")] = random.pick(["U", "3"])
            case .death: row.fields[row.feed.column("sex")] = random.pick(["9", "X"])
            }
        case .nobodyNamed:
            row.fields[row.feed.subjectId] = ""
            row.fields[row.feed.subjectName] = ""
        }
    }
}
