// DemoTruthPeople: what the answer key reads across rows to say whom a row is about and
// what WIS should show for her (spec section 6): the hospital's birth records that name
// a newborn's mother when the registration's mother_id cannot be trusted, and each wife's
// latest marriage registration, which a correct check holds an earlier one against.

struct DemoRegistrations {
    enum Mother { case found(Int32), ambiguous, unidentified }

    /// "birth date|sex" -> the hospital rows with a valid mother number: residence, the
    /// mother's register hukou (empty when she is not in the register), the mother.
    private var births: [String: [(residence: String, hukou: String, mother: Int32)]] = [:]
    /// "mother|birth date|sex" -> newborn registrations naming her by a valid number.
    private var registered: [String: Int] = [:]
    /// Wife -> her latest marriage registration among the loaded rows.
    private var marriages: [Int32: (date: CivilDate, kind: String, husband: Int32)] = [:]

    init() {}

    init(_ files: [DemoFeedFile], truth: DemoTruth) {
        var seen: [DemoFeed: Set<String>] = [:]
        for file in files {
            for row in file.rows where !DemoTruth.quarantined(row) && seen[row.feed, default: []].insert(row.fields[0]).inserted {
                let v = row.fields, feed = row.feed
                switch feed {
                case .birth:
                    guard DemoIdentity.normalize(v[feed.subjectId]) != nil, let born = CivilDate.parse(v[feed.eventDate]),
                          let sex = DemoFeed.sex(v[feed.column("child_sex")]) else { continue }
                    let mother = truth.city.people[Int(row.subject)]
                    let hukou = mother.inRegister ? String(truth.city.geography.places[Int(mother.hukou)].code) : ""
                    births["\(born.days)|\(sex)", default: []].append((v[feed.column("residence_area")].trimmed(), hukou, row.subject))
                case .hukou:
                    guard feed.code(v[feed.column("event")]) == "newborn", DemoIdentity.normalize(v[feed.column("mother_id")]) != nil,
                          let born = CivilDate.parse(v[feed.column("birth_date")]), let sex = DemoFeed.sex(v[feed.column("sex")])
                    else { continue }
                    registered["\(row.related)|\(born.days)|\(sex)", default: 0] += 1
                case .marriage:
                    guard let date = CivilDate.parse(v[feed.eventDate]), let kind = feed.code(v[feed.column("kind")]) else { continue }
                    if let known = marriages[row.subject], known.date >= date { continue }
                    marriages[row.subject] = (date, kind, row.related)
                default: continue
                }
            }
        }
    }

    /// A newborn registration's mother: by her number when it is valid; else the mother
    /// of the hospital's record of the same birth (same day and sex, its residence or the
    /// mother's hukou the newborn's area, a record no other registration of her child
    /// answers, her number within two characters of a damaged one), several such mothers
    /// being ambiguous; else the damaged number's evidence finds her when she is in the
    /// register or WIS.
    func mother(of row: DemoFeedRecord, truth: DemoTruth) -> Mother {
        let v = row.fields, feed = row.feed
        let written = v[feed.column("mother_id")]
        if DemoIdentity.normalize(written) != nil { return .found(row.related) }
        if let born = CivilDate.parse(v[feed.column("birth_date")]), let sex = DemoFeed.sex(v[feed.column("sex")]) {
            let area = v[feed.column("to_area")].trimmed()
            var records: [Int32: Int] = [:]
            for b in births["\(born.days)|\(sex)"] ?? [] where b.residence == area || b.hukou == area { records[b.mother, default: 0] += 1 }
            // Not a birth another registration already answers; not a mother whose number
            // is more than a typing error from the one written.
            let typed = Array(written.unicodeScalars.filter { $0 != " " && $0 != "\u{3000}" }.map { scalar -> Character in
                (0xFF10...0xFF19).contains(scalar.value) ? Character(Unicode.Scalar(scalar.value - 0xFEE0)!) : Character(scalar)
            })
            let fits = Set(records.filter { mother, count in
                count > registered["\(mother)|\(born.days)|\(sex)", default: 0]
                    && (typed.count != 18 || zip(typed, Array(truth.id(mother))).filter { $0 != $1 }.count <= 2)
            }.keys)
            if fits.count == 1 { return .found(fits.first!) }
            if fits.count > 1 { return .ambiguous }
        }
        if !written.trimmed().isEmpty, truth.identifiable(row.related) { return .found(row.related) }
        return .unidentified
    }

    /// The registration a marriage row is checked against: the latest of the same wife
    /// when it is later than the row, else the row's own.
    func latestMarriage(_ row: DemoFeedRecord, date: CivilDate) -> (date: CivilDate, kind: String, husband: Int32) {
        if let later = marriages[row.subject], later.date > date { return later }
        return (date, row.feed.code(row.fields[row.feed.column("kind")]) ?? "", row.related)
    }
}
