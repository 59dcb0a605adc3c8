// DemoWISPlan: the gaps between WIS and the year's events. WIS is mostly up to date; for
// a realistic share of the events (and at least one each, so a small city has them
// too) the card lags: no card for a new bride or mother, a stale marital status or
// marriage date, another man named as spouse, a birth not listed or its pregnancy never
// entered, an aborted pregnancy still open, a card still active after its holder died or
// moved away. The truth is not taken from this plan: DemoTruth reads the written cards.

enum DemoCardGap: Equatable {
    case noCard
    case staleDate                 // marriage date entered wrongly
    case staleStatus               // still shows the earlier, dissolved marriage
    case otherSpouse               // names another man
    case stillMarried              // divorce not entered
    case childMissing(pregnancyEntered: Bool)
    case pregnancyBlank            // child listed, pregnancy never entered
    case pregnancyLate             // pregnancy entered only after the birth
    case pregnancyOpen(since: CivilDate, recorded: CivilDate?)
    case activeAfterDeath
    case notTransferred
}

struct DemoWISPlan {
    private(set) var gaps: [Int32: DemoCardGap] = [:]
    /// Women with an event of the year: no chance pregnancy is added to their card.
    private(set) var eventful = Set<Int32>()

    init(_ city: DemoPopulation, _ year: DemoYear, _ random: inout DemoRandom) {
        let people = city.people
        // Gaps that show on an active card are planted only where the card is active:
        // an ever-married woman up to 49 who lives in the city.
        func holder(_ w: Int32) -> Bool {
            let p = people[Int(w)]
            return p.inRegister && !p.male && p.marital != .single && p.birth.age(on: city.yearEnd) <= 49
                && city.geography.inCity(p.residence)
        }
        let wives = city.marriages.map(\.wife).filter(holder)
        let previouslyMarried = city.marriages.filter { $0.previousDate != nil && holder($0.wife) }.map(\.wife)
        let mothers = year.births.map { people[Int($0.child)].mother }.filter(holder)
        let carded = { (w: Int32) in DemoYear.carded(people[Int(w)], city) }
        eventful = Set(wives + mothers + city.divorces.map(\.wife) + year.abortions.map(\.woman)
                       + year.deaths.map(\.person) + year.moveOuts.map(\.person) + city.moveIns.map(\.person))

        plant(.staleStatus, previouslyMarried, rate: 0.3, &random)
        plant(.noCard, wives, rate: 0.05, &random)
        plant(.staleDate, wives, rate: 0.04, &random)
        plant(.otherSpouse, wives, rate: 0.04, &random)
        plant(.stillMarried, city.divorces.map(\.wife).filter(holder), rate: 0.15, &random)
        plant(.noCard, mothers, rate: 0.05, &random)
        plant(.childMissing(pregnancyEntered: true), mothers, rate: 0.03, &random)
        plant(.childMissing(pregnancyEntered: false), mothers, rate: 0.03, &random)
        plant(.pregnancyBlank, mothers, rate: 0.04, &random)
        plant(.pregnancyLate, mothers, rate: 0.03, &random)
        plant(.activeAfterDeath, year.deaths.map(\.person).filter(carded), rate: 0.5, &random)
        // Movers' register residence already lies outside the city, so only age and
        // marriage say whether their card should have been transferred.
        let fertileWife = { (w: Int32) in
            people[Int(w)].inRegister && !people[Int(w)].male && people[Int(w)].marital == .married
                && people[Int(w)].birth.age(on: city.yearEnd) <= 49
        }
        plant(.notTransferred, year.moveOuts.map(\.person).filter(fertileWife), rate: 0.4, &random)
        plant(.noCard, city.moveIns.map(\.person).filter(carded), rate: 0.1, &random)
        for a in random.choose(year.abortions.filter { carded($0.woman) && gaps[$0.woman] == nil }, rate: 0.12) {
            let since = a.date.addingDays(-a.weeks * 7)!
            let recorded = since.addingDays(random.int(25...60))!
            gaps[a.woman] = .pregnancyOpen(since: since, recorded: recorded < a.date ? recorded : nil)
        }
        // Cards simply missing, events or not: the coverage gap control statistics show.
        for (i, p) in people.enumerated() where DemoYear.carded(p, city) && gaps[Int32(i)] == nil {
            if random.chance(0.02) { gaps[Int32(i)] = .noCard }
        }
    }

    private mutating func plant(_ gap: DemoCardGap, _ women: [Int32], rate: Double, _ random: inout DemoRandom) {
        var free: [Int32] = []
        var seen = Set<Int32>()
        for w in women where gaps[w] == nil && seen.insert(w).inserted { free.append(w) }
        for w in random.choose(free, rate: rate) { gaps[w] = gap }
    }
}
