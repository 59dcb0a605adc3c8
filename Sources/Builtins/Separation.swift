// Separation: the builtins of spec section 7. `separation(t, level:, on:)` adds each
// person's class (local, inflow, outflow, recent) and `within_city` to any table of
// persons; `half_households` and `pocket_households` list the seed's two household
// cases with their evidence. The rules themselves live in DataModel/Statistics.

import DataModel
import Interpreter

enum StatisticsArguments {
    /// The area level named by argument `i`, one of `allowed`.
    static func level(_ c: Call, _ i: Int, allowed: [AreaLevel]) throws -> AreaLevel {
        let text = try c.string(i)
        guard let level = AreaLevel(rawValue: text), allowed.contains(level) else {
            throw c.error("unknown level \"\(text)\"",
                          hint: "use one of " + allowed.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
        }
        return level
    }

    /// The reference day of argument `i`, today when it is omitted.
    static func day(_ c: Call, _ i: Int) throws -> CivilDate {
        c[i].isNull ? TableBuiltins.today() : try c.date(i)
    }

    /// Runs statistics work, reporting a refused request or a database failure at the
    /// script's place.
    static func guarding<T>(_ c: Call, _ body: (Database) throws -> T) throws -> T {
        let db = try c.machine.database(at: c.location)
        do {
            return try body(db)
        } catch let e as StatisticsError {
            throw c.error(e.message)
        } catch let e as DatabaseError {
            if e.isInterrupted { throw PopshError(.interrupted, "interrupted", at: c.location) }
            throw c.error("the database refused the statistics query: \(e.message)")
        }
    }
}

let separationBuiltins: [Builtin] = [
    Builtin("separation(t, level = \"township\", on = null)",
            doc: "Adds separation (local, inflow, outflow, recent) and within_city to a table of persons, "
                + "comparing hukou and residence at the level (community, township, county, city) on the day.",
            example: "separation(people, level: \"city\", on: @2025-12-31) | count by separation",
            result: "┌────────────┬──────┐\n│ separation │ n    │\n├────────────┼──────┤\n│ inflow     │  409 │\n│ local      │ 2394 │\n│ outflow    │  194 │\n│ recent     │   29 │\n└────────────┴──────┘\n4 rows") { c in
        let t = try TableBuiltins.table(c, 0)
        let rule = try SeparationRule(level: try StatisticsArguments.level(c, 1, allowed: [.community, .township, .county, .city]),
                                      on: try StatisticsArguments.day(c, 2))
        do {
            return .table(Table(plan: try Separation.adding(to: t.plan, rule)))
        } catch let e as StatisticsError {
            throw c.error(e.message, hint: "start from people, e.g. separation(people, level: \"township\", on: @2025-12-31)")
        }
    },
    Builtin("half_households(on = null, level = \"township\")",
            doc: "Half households (半边户): married couples of the register whose hukou lie in different areas "
                + "of the level, with the wife's age on the day and her active card.",
            example: "len(half_households(on: @2025-12-31))", result: "58") { c in
        .table(Table(plan: try StatisticsArguments.guarding(c) { db in
            let rule = try SeparationRule(level: try StatisticsArguments.level(c, 1, allowed: [.community, .township, .county, .city]),
                                          on: try StatisticsArguments.day(c, 0))
            return try Households.half(rule, in: db)
        }))
    },
    Builtin("pocket_households(on = null, level = \"township\")",
            doc: "Pocket households (口袋户): persons with a collective hukou living outside the hukou's area "
                + "of the level, with their work unit; recent when they moved within six months of the day.",
            example: "pocket_households(on: @2025-12-31) | count by recent",
            result: "┌────────┬───┐\n│ recent │ n │\n├────────┼───┤\n│ false  │ 8 │\n└────────┴───┘\n1 row") { c in
        .table(Table(plan: try StatisticsArguments.guarding(c) { db in
            let rule = try SeparationRule(level: try StatisticsArguments.level(c, 1, allowed: [.community, .township, .county, .city]),
                                          on: try StatisticsArguments.day(c, 0))
            return try Households.pocket(rule, in: db)
        }))
    },
]
