// DemoTruthPeople: what the answer key reads across rows to say whom a row is about and
// what WIS should show for her (spec section 6): the hospital's birth records that name
// a newborn's mother when the registration's mother_id cannot be trusted, and each wife's
// latest marriage registration, which a correct check holds an earlier one against.

struct DemoRegistrations {
    enum Mother { case found(Int32), ambiguous, unidentified }

    /// "birth date|sex" -> the hospital rows with a valid mother number: residence, the
    /// mother's register hukou (empty when she is not in the register), the mother.
    private var births: [String: [(residence: String, hukou: String, mother: Int32)]] = [:]
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
    /// mother's hukou the newborn's area), several such mothers being ambiguous; else the
    /// damaged number's evidence finds her when she is in the register or WIS.
    func mother(of row: DemoFeedRecord, truth: DemoTruth) -> Mother {
        let v = row.fields, feed = row.feed
        let written = v[feed.column("mother_id")]
        if DemoIdentity.normalize(written) != nil { return .found(row.related) }
        if let born = CivilDate.parse(v[feed.column("birth_date")]), let sex = DemoFeed.sex(v[feed.column("sex")]) {
            let area = v[feed.column("to_area")].trimmed()
            var fits = Set<Int32>()
            for b in births["\(born.days)|\(sex)"] ?? [] where b.residence == area || b.hukou == area { fits.insert(b.mother) }
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
