// DemoContraceptionChoice: the method a card records, in the mix of Chinese surveys of
// married women: mostly IUD, sterilisation among older mothers of two, condoms and pills
// among the childless, a few with none; none while a pregnancy is open.

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
