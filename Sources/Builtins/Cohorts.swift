// Cohorts: the groups of people analysts start from, as tables over the register:
// married women of childbearing age, women of an age band, the residents or the
// registered of an area, everyone of a work unit and where they stand relative to an
// area, and the seed's three population types. Each is a plan, so further verbs narrow
// it inside the same SQL statement.

import DataModel
import Interpreter

enum Cohorts {
    static func people(on day: Value, _ c: Call, _ i: Int) throws -> Table {
        let d = day.isNull ? TableBuiltins.today() : try c.date(i)
        return Table.named("people", on: d)!
    }

    static func equals(_ column: String, _ text: String) -> PlanExpr {
        .binary(.equal, .column(column), .value(.text(text), .text))
    }

    static func age(between lo: Int64, and hi: Int64) -> PlanExpr {
        .between(.column("age"), .value(.integer(lo), .integer), .value(.integer(hi), .integer), negated: false)
    }

    /// The unit code a value names: the code itself or a record with `unit_code`.
    static func unitCode(_ c: Call, _ i: Int) throws -> String {
        switch c[i] {
        case .string(let s): return s
        case .record(let r):
            guard case .string(let s)? = r["unit_code"] else { throw c.badArgument(i, expected: "unit code or units row") }
            return s
        default: throw c.badArgument(i, expected: "unit code or units row")
        }
    }

    /// The area a unit is in, from the units table.
    static func unitArea(_ code: String, _ c: Call) throws -> AreaCode {
        let unit = Table.named("units", on: TableBuiltins.today())!.adding(.filter(equals("unit_code", code)))
        guard case .record(let row)? = try unit.records(c.machine, at: c.location).first else {
            throw c.error("no work unit has the code '\(code)'", hint: "units | select unit_code, name lists them")
        }
        guard case .string(let area)? = row["area"], let code = AreaCode(area) else {
            throw c.error("work unit '\(code)' has no area; name one with area: \"360502\"")
        }
        return code
    }
}

let cohortBuiltins: [Builtin] = [
    Builtin("mwcba(on = null)",
            doc: "Married women of childbearing age: register women, married, 15-49 in completed years on the day (today when omitted).",
            example: "len(mwcba(on: @2025-12-31))", result: "544") { c in
        let t = try Cohorts.people(on: c[0], c, 0)
        return .table(t.adding(.filter(.binary(.and, Cohorts.equals("sex", "F"), Cohorts.equals("marital", "married"))))
            .adding(.filter(Cohorts.age(between: 15, and: 49))))
    },
    Builtin("women(ages = null, on = null)",
            doc: "Register women, of the ages given (a number, a list, or a range such as 15..49) on the day.",
            example: "len(women(ages: 15..49, on: @2025-12-31))", result: "779") { c in
        var t = try Cohorts.people(on: c[1], c, 1).adding(.filter(Cohorts.equals("sex", "F")))
        switch c[0] {
        case .null: break
        case .int(let n): t = t.adding(.filter(Cohorts.age(between: n, and: n)))
        case .list(let xs):
            let ages = try xs.map { v -> Int64 in
                guard case .int(let n) = v else { throw c.badArgument(0, expected: "list of whole ages") }
                return n
            }.sorted()
            guard let lo = ages.first, let hi = ages.last else { throw c.error("women(ages:) needs at least one age") }
            // hi - lo may not fit in an integer (ages: [-9223372036854775807, 49]).
            let contiguous = Checked.subtract(hi, lo) == Int64(ages.count - 1) && Set(ages).count == ages.count
            t = t.adding(.filter(contiguous ? Cohorts.age(between: lo, and: hi)
                                 : .member(.column("age"), ages.map { .value(.integer($0), .integer) }, negated: false)))
        default: throw c.badArgument(0, expected: "age, list of ages or range")
        }
        return .table(t)
    },
    Builtin("in_area(t, area, by = \"residence\")",
            doc: "The rows of a register table living (by: \"hukou\": registered) inside an area given by code or name.",
            example: "len(people | in_area(\"分宜县\"))", result: "933") { c in
        let t = try TableBuiltins.table(c, 0)
        let by = try c.string(2)
        guard let column = ["residence": "residence_area", "hukou": "hukou_area"][by] else {
            throw c.error("by must be \"residence\" or \"hukou\", got \"\(by)\"")
        }
        guard t.plan.hasColumn(column) else {
            throw c.error("in_area needs a table with \(column); this one has " + t.columns.map(\.name).joined(separator: ", "))
        }
        let area = try AreaLookup.resolve(c[1], c.machine, at: c.location)
        return .table(t.adding(.filter(.inside(.column(column), prefix: area.prefix))))
    },
    Builtin("by_unit(unit, area = null)",
            doc: "Everyone of a work unit, with relation: lives_here_hukou_here, lives_here_hukou_elsewhere, hukou_here_lives_elsewhere or lives_elsewhere_hukou_elsewhere, relative to an area (default: the unit's county).",
            example: "len(by_unit(first(units | sort unit_code).unit_code))", result: "40") { c in
        let code = try Cohorts.unitCode(c, 0)
        let area = c[1].isNull ? try Cohorts.unitArea(code, c).ancestor(at: .county) ?? AreaCode.city
            : try AreaLookup.resolve(c[1], c.machine, at: c.location)
        let livesHere = PlanExpr.inside(.column("residence_area"), prefix: area.prefix)
        let hukouHere = PlanExpr.inside(.column("hukou_area"), prefix: area.prefix)
        func text(_ s: String) -> PlanExpr { .value(.text(s), .text) }
        let relation = PlanExpr.choose([
            .init(when: .binary(.and, livesHere, hukouHere), then: text("lives_here_hukou_here")),
            .init(when: livesHere, then: text("lives_here_hukou_elsewhere")),
            .init(when: hukouHere, then: text("hukou_here_lives_elsewhere")),
        ], otherwise: text("lives_elsewhere_hukou_elsewhere"))
        let t = Table.named("people", on: TableBuiltins.today())!
        return .table(t.adding(.filter(Cohorts.equals("unit_code", code))).adding(.derive([("relation", relation)])))
    },
    Builtin("population_types(t, by = null)",
            doc: "Counts of the seed's population types (community, unit, floating) in a register table, per group of the column by.",
            example: "first(population_types(people)).total", result: "3026") { c in
        let t = try TableBuiltins.table(c, 0)
        guard t.plan.hasColumn("population_type") else {
            throw c.error("population_types needs a table of people (with population_type)")
        }
        var groups: [(name: String, value: PlanExpr)] = []
        if !c[1].isNull {
            let key = try c.string(1)
            guard t.plan.hasColumn(key) else {
                throw c.error("'\(key)' is not a column of \(t.name)", hint: "columns: " + t.columns.map(\.name).joined(separator: ", "))
            }
            groups = [(key, .column(key))]
        }
        func count(_ kind: String) -> PlanExpr { .aggregate(.countIf, Cohorts.equals("population_type", kind)) }
        return .table(t.adding(.aggregate(groups: groups, values: [
            ("total", .aggregate(.count, nil)), ("community", count("community")), ("unit", count("unit")),
            ("floating", count("floating")), ("floating_share", .aggregate(.share, Cohorts.equals("population_type", "floating"))),
        ])))
    },
]
