// Targets: the builtins over the `targets` table (考核目标, spec section 8), and how a
// printed table finds the targets of its rates. A control-statistics table is a
// temporary table of its session; the period it was made for is remembered here by that
// table's name, so a report of `control_stats(...) | select name, info_coverage_rate`
// still knows which year's targets the rate answers to.

import DataModel
import Foundation
import Interpreter
import Synchronization

enum StatisticsPeriods {
    /// The period of each control-statistics table, by database and table name.
    private static let periods = Mutex<[String: StatisticsPeriod]>([:])

    private static func key(_ db: Database, _ table: String) -> String { "\(ObjectIdentifier(db).hashValue)/\(table)" }

    static func remember(_ plan: Plan, period: StatisticsPeriod, in db: Database) {
        periods.withLock { $0[key(db, plan.source.table)] = period }
    }

    /// The period a table of control statistics (or a pipeline over one) covers.
    static func period(of plan: Plan, in db: Database) -> StatisticsPeriod? {
        periods.withLock { $0[key(db, plan.source.table)] }
    }

    /// The targets in force for each of `names` in the table's period (nil: no target,
    /// or the table is not control statistics).
    static func targets(of plan: Plan, columns names: [String], in db: Database) -> [Target?] {
        guard let period = period(of: plan, in: db),
              let inForce = try? Targets.inForce(db, year: period.end.year) else {
            return names.map { _ in nil }
        }
        return names.map { name in inForce.first { $0.indicator == name } }
    }
}

let targetBuiltins: [Builtin] = [
    Builtin("set_target(indicator, target, baseline = null, from = 0)",
            doc: "Sets a rate's target (and the baseline it is reached from) from a year on (0: every year); "
                + "the targets table keeps it for every later report.",
            example: "set_target(\"info_coverage_rate\", 95, baseline: 85)") { c in
        let name = try c.string(0)
        guard let indicator = Indicator.named(name) else {
            throw c.error("no rate is called \"\(name)\"", hint: "one of " + Indicator.all.map(\.name).joined(separator: ", "))
        }
        let target = try c.number(1)
        let baseline = c[2].isNull ? nil : try c.number(2)
        let year = Int(try c.int(3))
        guard year >= 0 else { throw c.error("from: \(year) is not a year", hint: "write from: 2026, or 0 for every year") }
        try StatisticsArguments.guarding(c) { db in
            try Targets.set(Target(indicator: indicator.name, year: year, target: target, baseline: baseline), in: db)
        }
        return .null
    },
]
