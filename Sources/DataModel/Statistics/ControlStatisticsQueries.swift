// ControlStatisticsQueries: the SQL behind section 8, one GROUP BY per source, each
// grouped by the community code the rule places a record in (residence for people and
// deaths, the managing area of the mother's card for births, the wife's residence for
// marriages). Every value is a bound parameter, coded values included.

struct ControlStatisticsQueries {
    let db: Database
    let period: StatisticsPeriod

    init(_ db: Database, period: StatisticsPeriod) {
        self.db = db
        self.period = period
    }

    /// The counts of every community code that has any.
    func countsByCommunity() throws -> [String: AreaCounts] {
        var result: [String: AreaCounts] = [:]
        func collect(_ sql: String, _ params: [SQLValue], into counts: [AreaCount]) throws {
            for row in try db.query(sql, params) {
                guard let code = row[0].text else { continue }
                for (i, count) in counts.enumerated() {
                    result[code, default: AreaCounts()][count] += Int(row[i + 1].integer ?? 0)
                }
            }
        }
        try collect(populationSQL, [], into: [.population])
        try collect(mwcbaSQL, mwcbaParameters, into: [.mwcba, .cardedMwcba, .contraceptionUsers])
        try collect(birthsSQL, birthParameters, into: [.births, .policyBirths, .maleBirths, .femaleBirths,
                                                        .thirdPlusBirths, .pregnanciesEntered])
        try collect(deathsSQL, periodParameters, into: [.deaths])
        try collect(marriagesSQL, marriageParameters, into: [.marriages, .marriagesEntered])
        for code in result.keys { result[code]![.naturalGrowth] = result[code]![.births] - result[code]![.deaths] }
        return result
    }

    private func p(_ i: Int) -> String { db.dialect.placeholder(i) }

    private var periodParameters: [SQLValue] { [.text(period.start.description), .text(period.end.description)] }

    private var populationSQL: String {
        "SELECT residence_area, COUNT(*) FROM persons WHERE residence_area IS NOT NULL GROUP BY residence_area"
    }

    /// Married women aged 15-49 in completed years at the period end: born after the
    /// day 50 years before it and on or before the day 15 years before it. Calendar
    /// months clamp to the month end, so a 29 February birthday turns a year older on
    /// 1 March in a common year, as `CivilDate.age(on:)` counts.
    private var mwcbaParameters: [SQLValue] {
        let oldest = period.end.addingMonths(-50 * 12)!, youngest = period.end.addingMonths(-15 * 12)!
        return [.text("F"), .text("married"), .text(oldest.description), .text(youngest.description),
                .text("active"), .text("none")]
    }

    private var mwcbaSQL: String {
        let activeCard = "SELECT 1 FROM wis_cards c WHERE c.woman_id = p.person_id AND c.status = \(p(5))"
        return """
        SELECT p.residence_area, COUNT(*),
               SUM(EXISTS (\(activeCard))),
               SUM(EXISTS (\(activeCard) AND c.contraception IS NOT NULL AND c.contraception <> \(p(6))))
        FROM persons p
        WHERE p.sex = \(p(1)) AND p.marital = \(p(2)) AND p.birth_date > \(p(3)) AND p.birth_date <= \(p(4))
        GROUP BY p.residence_area
        """
    }

    private var birthParameters: [SQLValue] {
        periodParameters + [.text("in"), .text("M"), .text("F"), .integer(3)]
    }

    private var birthsSQL: String {
        """
        SELECT c.managing_area, COUNT(*),
               SUM(ch.policy = \(p(3))), SUM(ch.sex = \(p(4))), SUM(ch.sex = \(p(5))),
               SUM(ch.birth_order >= \(p(6))),
               SUM(ch.pregnancy_recorded IS NOT NULL AND ch.pregnancy_recorded < ch.birth_date)
        FROM wis_children ch JOIN wis_cards c ON c.card_no = ch.card_no
        WHERE ch.birth_date BETWEEN \(p(1)) AND \(p(2))
        GROUP BY c.managing_area
        """
    }

    private var deathsSQL: String {
        """
        SELECT residence_area, COUNT(*) FROM deaths
        WHERE death_date BETWEEN \(p(1)) AND \(p(2)) AND residence_area IS NOT NULL
        GROUP BY residence_area
        """
    }

    private var marriageParameters: [SQLValue] {
        periodParameters + [.text("marry"), .text("remarry"), .text("active")]
    }

    /// A registration whose wife the register does not know (no or a damaged identity
    /// number) has no residence to place it in, so it is counted nowhere.
    private var marriagesSQL: String {
        """
        SELECT p.residence_area, COUNT(*),
               SUM(EXISTS (SELECT 1 FROM wis_cards c WHERE c.woman_id = m.wife_id AND c.status = \(p(5))
                           AND c.marriage_date = m.reg_date))
        FROM marriages m JOIN persons p ON p.person_id = m.wife_id
        WHERE m.reg_date BETWEEN \(p(1)) AND \(p(2)) AND m.kind IN (\(p(3)), \(p(4)))
        GROUP BY p.residence_area
        """
    }
}
