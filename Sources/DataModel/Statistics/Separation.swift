// Separation: section 7's classes of residence and hukou at an area level on a
// reference day. `adding(to:)` derives the class as one CASE over each row's own codes,
// so a pipeline that filters or counts by it stays a single SQL statement.

/// The section-7 class of one person.
public enum SeparationClass: String, CaseIterable, Sendable {
    case local, inflow, outflow, recent
}

/// Where and when separation is judged.
public struct SeparationRule: Sendable {
    /// Hukou and residence are compared at this level (township by default).
    public let level: AreaLevel
    /// The reference day.
    public let day: CivilDate

    public init(level: AreaLevel = .township, on day: CivilDate) throws {
        guard level >= .city else {
            throw StatisticsError("separation is judged at community, township, county or city level, "
                                  + "not \(level.rawValue)")
        }
        self.level = level
        self.day = day
    }

    /// A separated person whose residence began after this day is `recent`: the day six
    /// calendar months before the reference day, clamped to a shorter month's end
    /// (2025-06-30 for 2025-12-31).
    public var recentAfter: CivilDate { day.addingMonths(-6)! }

    /// The significant digits at the level, bound as ?1 wherever `sameArea` is used.
    var prefixLength: SQLValue { .integer(Int64(level.prefixLength)) }

    /// SQL for "the two codes lie in the same area of the level" (?1 is `prefixLength`).
    func sameArea(_ a: String, _ b: String, _ dialect: SQLDialect) -> String {
        "substr(\(a), 1, \(dialect.placeholder(1))) = substr(\(b), 1, \(dialect.placeholder(1)))"
    }
}

public enum Separation {
    /// The columns `separation` adds to a table.
    public static let columns = [PlanColumn("separation", .text), PlanColumn("within_city", .bool)]

    /// The register columns the rule reads.
    public static let inputs = ["hukou_area", "residence_area", "residence_since"]

    /// `plan` with `separation` and `within_city` derived from its `hukou_area`,
    /// `residence_area` and `residence_since` (replacing columns of those names).
    public static func adding(to plan: Plan, _ rule: SeparationRule) throws -> Plan {
        let missing = inputs.filter { !plan.hasColumn($0) }
        guard missing.isEmpty else {
            throw StatisticsError("separation needs a table of persons with \(inputs.joined(separator: ", ")); "
                                  + "\(plan.name) lacks \(missing.joined(separator: ", "))")
        }
        func text(_ s: String) -> PlanExpr { .value(.text(s), .text) }
        let length = PlanExpr.value(.integer(Int64(rule.level.prefixLength)), .integer)
        let zero = PlanExpr.value(.integer(0), .integer)
        let same = PlanExpr.binary(.equal, .function(.substr, [.column("hukou_area"), zero, length]),
                                   .function(.substr, [.column("residence_area"), zero, length]))
        let livesHere = PlanExpr.inside(.column("residence_area"), prefix: AreaCode.city.prefix)
        let hukouHere = PlanExpr.inside(.column("hukou_area"), prefix: AreaCode.city.prefix)
        let recent = PlanExpr.binary(.greater, .column("residence_since"), .value(.text(rule.recentAfter.description), .date))
        // Someone neither registered nor living in the city belongs to no class (null).
        let separation = PlanExpr.choose([
            .init(when: same, then: text(SeparationClass.local.rawValue)),
            .init(when: .binary(.and, .not(livesHere), .not(hukouHere)), then: .value(.null, .text)),
            .init(when: recent, then: text(SeparationClass.recent.rawValue)),
            .init(when: livesHere, then: text(SeparationClass.inflow.rawValue)),
        ], otherwise: text(SeparationClass.outflow.rawValue))
        let withinCity = PlanExpr.binary(.and, .not(same), .binary(.and, livesHere, hukouHere))
        return plan.adding(.derive([("separation", separation), ("within_city", withinCity)]))
    }
}
