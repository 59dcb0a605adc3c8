// DemoWIS: the WIS card database as the baseline file holds it. Every ever-married woman
// of the register up to 60 has one card (unless WIS lacks it): active in childbearing
// age (kept by her hukou community while she works elsewhere), aged_out after 49,
// moved_out when her hukou left the city, deceased after death. Children are listed by
// birth order with their policy status and the date their pregnancy was entered;
// contraception follows age and children. The plan (DemoWISPlan) decides where WIS lags
// behind the year's events; the truth is not taken from it but read from the cards.

struct DemoWIS {
    private(set) var cards: [DemoCard] = []

    init(_ city: inout DemoPopulation, _ year: DemoYear, _ random: inout DemoRandom) {
        let plan = DemoWISPlan(city, year, &random)
        var childrenOf: [Int32: [Int32]] = [:]
        for (i, p) in city.people.enumerated() where p.mother >= 0 { childrenOf[p.mother, default: []].append(Int32(i)) }
        var deaths: [Int32: CivilDate] = [:], moves: [Int32: CivilDate] = [:]
        for d in year.deaths { deaths[d.person] = d.date }
        for m in year.moveOuts { moves[m.person] = m.date }
        var previous: [Int32: DemoMarriageEvent] = [:]
        for m in city.marriages { previous[m.wife] = m }
        var divorced: [Int32: Int32] = [:]
        for d in city.divorces { divorced[d.wife] = d.husband }

        for i in city.people.indices {
            let p = city.people[i], w = Int32(i)
            guard p.inRegister, !p.male, p.marital != .single, p.birth.age(on: city.yearEnd) <= 60 else { continue }
            let gap = plan.gaps[w]
            if gap == .noCard { continue }
            var card = DemoCard(woman: w, marital: p.marital, marriageDate: p.marriageDate,
                                spouse: p.marital == .married ? p.spouse : -1,
                                managing: city.geography.inCity(p.residence) ? p.residence : p.hukou,
                                status: status(p, deaths[w], moves[w], gap, city), updated: city.yearStart)
            switch gap {
            case .staleDate: card.marriageDate = p.marriageDate!.addingDays(-random.int(20...700))
            case .staleStatus:
                card.marital = .divorced
                card.marriageDate = previous[w]?.previousDate
                card.spouse = previous[w]?.previousHusband ?? -1
            case .otherSpouse: card.spouse = otherMan(near: p, city, &random)
            case .stillMarried:
                card.marital = .married
                card.spouse = divorced[w] ?? -1
            case .pregnancyOpen(let since, let recorded):
                card.pregnantSince = since
                card.pregnancyRecorded = recorded
            default: break
            }
            listChildren(&card, childrenOf[w] ?? [], gap, city, &random)
            if card.status == .active, card.pregnantSince == nil, !plan.eventful.contains(w),
               p.marital == .married, p.birth.age(on: city.yearEnd) <= 40, random.chance(0.04) {
                let since = city.yearEnd.addingDays(-random.int(10...250))!
                card.pregnantSince = since
                let recorded = since.addingDays(random.int(35...80))!
                if recorded <= city.yearEnd, random.chance(0.85) { card.pregnancyRecorded = recorded }
            }
            DemoContraceptionChoice.fill(&card, woman: p, city, &random)
            card.updated = lastChange(card, deaths[w] ?? moves[w], city, &random)
            city.people[i].card = Int32(cards.count)
            cards.append(card)
        }
    }

    private func status(_ p: DemoPerson, _ death: CivilDate?, _ move: CivilDate?, _ gap: DemoCardGap?,
                        _ city: DemoPopulation) -> DemoCardStatus {
        if death != nil, gap != .activeAfterDeath { return .deceased }
        if move != nil, gap != .notTransferred { return .movedOut }
        return p.birth.age(on: city.yearEnd) >= 50 ? .agedOut : .active
    }

    private func otherMan(near woman: DemoPerson, _ city: DemoPopulation, _ random: inout DemoRandom) -> Int32 {
        while true {
            let m = Int32(random.below(city.people.count))
            let p = city.people[Int(m)]
            if p.male, p.inRegister, m != woman.spouse, abs(p.birth.year - woman.birth.year) < 12 { return m }
        }
    }

    private func listChildren(_ card: inout DemoCard, _ children: [Int32], _ gap: DemoCardGap?,
                              _ city: DemoPopulation, _ random: inout DemoRandom) {
        let rural = city.geography.places[Int(city.people[Int(card.woman)].hukou)].rural
        var firstFemale = false
        for (k, c) in children.enumerated() {
            let child = city.people[Int(c)]
            if k == 0 { firstFemale = !child.male }
            let conception = child.birth.addingDays(-random.int(262...282))!
            var recorded: CivilDate? = conception.addingDays(random.int(35...90))!
            if child.birth.year < 2006, random.chance(0.4) { recorded = nil }   // before WIS was kept
            if child.birth >= city.yearStart {
                switch gap {
                case .childMissing(let entered):
                    card.pregnantSince = conception
                    card.pregnancyRecorded = entered ? recorded : nil
                    continue
                case .pregnancyBlank: recorded = nil
                case .pregnancyLate:
                    let late = child.birth.addingDays(random.int(3...40))!
                    recorded = late <= city.yearEnd ? late : nil
                default: break
                }
            }
            card.children.append(DemoCardChild(person: c, order: UInt8(k + 1),
                                               policyIn: DemoWIS.policyIn(child.birth.year, order: k + 1,
                                                                          rural: rural, firstFemale: firstFemale),
                                               pregnancyRecorded: recorded))
        }
    }

    /// Birth-planning policy by year of birth: two children allowed from 2016, three from
    /// 2021; before that one, with a second allowed in villages after a daughter.
    static func policyIn(_ year: Int, order: Int, rural: Bool, firstFemale: Bool) -> Bool {
        if year >= 2021 || order == 1 { return true }
        if year >= 2016 || year < 1980 { return order <= 2 }
        return order == 2 && rural && firstFemale
    }

    private func lastChange(_ card: DemoCard, _ ended: CivilDate?, _ city: DemoPopulation,
                            _ random: inout DemoRandom) -> CivilDate {
        var last = card.marriageDate ?? city.people[Int(card.woman)].birth
        for d in [card.contraceptionDate, card.pregnancyRecorded, card.pregnantSince] + card.children.map({ Optional(city.people[Int($0.person)].birth) }) {
            if let d, d > last { last = d }
        }
        if card.status != .active, let ended, ended > last { last = ended }
        return min(city.yearEnd, last.addingDays(random.int(0...30))!)
    }
}

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

enum DemoContraceptionChoice {
    // Weights in DemoContraception order: iud, sterilization, implant, injection, pill, condom, other, none.
    private static let childless = DemoWeights([5, 0, 1, 1, 12, 45, 6, 30])
    private static let mothers = DemoWeights([50, 6, 3, 2, 4, 22, 3, 6])
    private static let oldMothersOfTwo = DemoWeights([42, 35, 2, 1, 2, 10, 2, 6])

    static func fill(_ card: inout DemoCard, woman: DemoPerson, _ city: DemoPopulation, _ random: inout DemoRandom) {
        if card.pregnantSince != nil || card.marital != .married && random.chance(0.5) {
            card.contraception = .none
            return
        }
        let kids = card.children.count
        let weights = kids == 0 ? childless : kids >= 2 && woman.birth.year < 1985 ? oldMothersOfTwo : mothers
        card.contraception = DemoContraception.allCases[weights.draw(&random)]
        guard card.contraception != .none else { return }
        let lastBirth = card.children.last.map { city.people[Int($0.person)].birth }
        let start = lastBirth?.addingDays(random.int(42...365)) ?? card.marriageDate?.addingDays(random.int(10...200))
        card.contraceptionDate = min(city.yearEnd, start ?? city.yearStart)
    }
}
