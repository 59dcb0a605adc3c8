// Indicators: the catalog of spec section 8. Each rate names its numerator and its
// denominator (both counts kept per area), its scale (per mille, per cent, per hundred
// girls) and its labels in Chinese and English; reports, `indicator(name)` and the
// statistics all read this one table, so a formula is written down once.

/// A count kept for every area; the rates are built from these and nothing else.
public enum AreaCount: String, CaseIterable, Sendable {
    case population, births, deaths
    case policyBirths = "policy_births"
    case maleBirths = "male_births"
    case femaleBirths = "female_births"
    case thirdPlusBirths = "third_plus_births"
    case pregnanciesEntered = "pregnancies_entered"
    case mwcba
    case contraceptionUsers = "contraception_users"
    case cardedMwcba = "carded_mwcba"
    case marriages
    case marriagesEntered = "marriages_entered"
    /// births − deaths: the one derived numerator, summed like any count.
    case naturalGrowth = "natural_growth"

    /// The column heading in a report.
    public func label(_ language: ReportLanguage) -> String {
        switch language {
        case .en: return Self.english[self]!
        case .zh: return Self.chinese[self]!
        }
    }

    private static let chinese: [AreaCount: String] = [
        .population: "人口数", .births: "出生数", .deaths: "死亡数", .policyBirths: "政策内出生",
        .maleBirths: "男婴", .femaleBirths: "女婴", .thirdPlusBirths: "多孩出生",
        .pregnanciesEntered: "孕情录入数", .mwcba: "已婚育龄妇女", .contraceptionUsers: "避孕人数",
        .cardedMwcba: "已建卡妇女", .marriages: "新婚数", .marriagesEntered: "新婚录入数",
        .naturalGrowth: "自然增长数",
    ]

    private static let english: [AreaCount: String] = [
        .population: "population", .births: "births", .deaths: "deaths", .policyBirths: "policy births",
        .maleBirths: "male births", .femaleBirths: "female births", .thirdPlusBirths: "third+ births",
        .pregnanciesEntered: "pregnancies entered", .mwcba: "MWCBA", .contraceptionUsers: "contraception users",
        .cardedMwcba: "carded MWCBA", .marriages: "marriages", .marriagesEntered: "marriages entered",
        .naturalGrowth: "natural growth",
    ]
}

/// The language of labels in tables and reports.
public enum ReportLanguage: String, CaseIterable, Sendable {
    case zh, en
}

/// A rate of section 8: numerator / denominator × scale.
public struct Indicator: Sendable {
    /// The column name (`birth_rate`).
    public let name: String
    public let numerator: AreaCount
    public let denominator: AreaCount
    /// 1000 for ‰, 100 for % and for the sex ratio (boys per hundred girls).
    public let scale: Double
    /// What follows the number: `‰`, `%`, or nothing for the sex ratio.
    public let unit: String
    public let chinese: String
    public let english: String
    /// The formula in words, as `indicator(name)` prints it.
    public let formula: String

    public func label(_ language: ReportLanguage) -> String {
        language == .zh ? chinese : english
    }

    /// numerator / denominator × scale; nil when the denominator is zero (shown empty).
    public func value(numerator n: Int, denominator d: Int) -> Double? {
        d == 0 ? nil : Double(n) / Double(d) * scale
    }

    /// The rate of one area's counts.
    public func value(_ counts: AreaCounts) -> Double? {
        value(numerator: counts[numerator], denominator: counts[denominator])
    }

    /// Every rate of section 8, in the order the spec lists them.
    public static let all: [Indicator] = [
        Indicator(name: "birth_rate", numerator: .births, denominator: .population, scale: 1000, unit: "‰",
                  chinese: "出生率", english: "birth rate",
                  formula: "births / population × 1000; births are children in WIS born in the period whose "
                    + "mother's card is managed inside the area; population is register persons living in the area"),
        Indicator(name: "death_rate", numerator: .deaths, denominator: .population, scale: 1000, unit: "‰",
                  chinese: "死亡率", english: "death rate",
                  formula: "deaths / population × 1000; deaths are death-feed records (a repeated record_no "
                    + "counted once) dated in the period whose residence_area is inside the area"),
        Indicator(name: "natural_growth_rate", numerator: .naturalGrowth, denominator: .population, scale: 1000,
                  unit: "‰", chinese: "自然增长率", english: "natural growth rate",
                  formula: "(births − deaths) / population × 1000"),
        Indicator(name: "policy_birth_rate", numerator: .policyBirths, denominator: .births, scale: 100, unit: "%",
                  chinese: "政策符合率", english: "policy-compliant birth rate",
                  formula: "policy_births (births with policy `in`) / births × 100"),
        Indicator(name: "sex_ratio_at_birth", numerator: .maleBirths, denominator: .femaleBirths, scale: 100,
                  unit: "", chinese: "出生性别比", english: "sex ratio at birth",
                  formula: "male_births / female_births × 100 (boys per hundred girls)"),
        Indicator(name: "third_plus_rate", numerator: .thirdPlusBirths, denominator: .births, scale: 100, unit: "%",
                  chinese: "多孩率", english: "third-and-higher birth rate",
                  formula: "third_plus_births (birth_order ≥ 3) / births × 100"),
        Indicator(name: "contraceptive_prevalence", numerator: .contraceptionUsers, denominator: .mwcba, scale: 100,
                  unit: "%", chinese: "综合避孕率", english: "contraceptive prevalence",
                  formula: "contraception_users (mwcba whose active card records a method other than `none`) "
                    + "/ mwcba × 100; mwcba are register women, married, aged 15-49 in completed years at the "
                    + "period end, living in the area"),
        Indicator(name: "info_coverage_rate", numerator: .cardedMwcba, denominator: .mwcba, scale: 100, unit: "%",
                  chinese: "信息覆盖率", english: "information coverage rate",
                  formula: "carded_mwcba (mwcba with an active card) / mwcba × 100"),
        Indicator(name: "new_marriage_entry_rate", numerator: .marriagesEntered, denominator: .marriages, scale: 100,
                  unit: "%", chinese: "新婚录入率", english: "new-marriage entry rate",
                  formula: "marriages_entered / marriages × 100; marriages are `marry`/`remarry` registrations in "
                    + "the period whose wife lives in the area (register); entered when her active card shows "
                    + "that marriage date"),
        Indicator(name: "pregnancy_entry_rate", numerator: .pregnanciesEntered, denominator: .births, scale: 100,
                  unit: "%", chinese: "孕情录入率", english: "pregnancy entry rate",
                  formula: "pregnancies_entered (births whose pregnancy_recorded date is before the birth date) "
                    + "/ births × 100"),
    ]

    /// The indicator with this column name, or nil.
    public static func named(_ name: String) -> Indicator? {
        all.first { $0.name == name }
    }
}
