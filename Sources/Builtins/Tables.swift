// Tables: the database tables as named values (`people`, `wis`, ...), the builtins that
// run a table (`rows`, `first`, `len` counts in the database, `explain`, `show`), the
// aggregates `summarize` uses, and the SQL forms of domain functions used in verbs.

import DataModel
import Interpreter
#if canImport(Glibc)
import Glibc
#endif

enum TableBuiltins {
    static let documentation: [String: String] = [
        "people": "The residents' register, with age (on today; people(on: d) for another day), county, township, community, hukou_county, hukou_township, population_type, local_hukou.",
        "wis": "WIS cards, one per woman.", "children": "Children recorded on WIS cards.",
        "units": "Work units.", "areas": "Statistical areas: code, name, level, parent.",
        "marriages": "Marriage registrations (civil affairs feed).", "births": "Births (hospital feed).",
        "deaths": "Deaths (hospital feed).", "abortions": "Abortions (hospital feed).",
        "hukou_events": "Household registration events (police feed).",
        "quarantine": "Rows that could not be loaded, with file, line and reason.", "imports": "Imported files.",
        "report_settings": "What the official form prints in its header and footer (key, value); set_form_setting changes one.",
        "targets": "Targets (考核目标) of the rates: year (first year the row holds, 0 for always), indicator, target, baseline; set_target changes them.",
    ]

    /// Adds the named tables, the table builtins and the SQL forms to `lib`.
    static func install(into lib: Library) {
        let today = Self.today()
        for entry in TableCatalog.tables {
            var table = Table.named(entry.name, on: today)!
            if entry.name == "areas" {
                table = Table(plan: table.plan, catalogName: "areas") { positional, named, machine, location in
                    try machine.call(areasCall, positional, named, at: location)
                }
            }
            lib.define(entry.name, .table(table), doc: documentation[entry.name] ?? "")
        }
        let listFirst = lib.builtins["first"]!
        lib.register("tables", builtins)
        lib.replace(Builtin("first(x)", doc: "The first item of a list or the first row of a table (null when empty).",
                            example: "first([3, 1, 2])", result: "3") { c in
            guard case .table(let t) = c[0] else { return try c.machine.call(listFirst, c.args, [], at: c.location) }
            return try t.adding(.take(1)).records(c.machine, at: c.location).first ?? .null
        })
        lib.register("areas", areaBuiltins)
        lib.registerTableForm("inside", insideTableForm)
        lib.registerTableForm("id_valid") { call in try call.scalar(.idValid, [call.expression(0)]) }
        lib.display = { value, machine, location in
            guard case .table(let t) = value else { return nil }
            return try TableDisplay.render(t, machine, at: location, limit: TableDisplay.rowLimit.load(ordering: .relaxed))
        }
    }

    static func table(_ c: Call, _ i: Int) throws -> Table {
        guard case .table(let t) = c[i] else { throw c.badArgument(i, expected: "table") }
        return t
    }

    private static func aggregateOnly(_ c: Call) -> PopshError {
        c.error("\(c.function.name)() is an aggregate: it belongs in summarize",
                hint: "write t | summarize n = \(c.function.name)(...) by township")
    }

    static let builtins: [Builtin] = [
        Builtin("rows(t)", doc: "The rows of a table as a list of records (fetches them all; loop with for to stream).",
                example: "len(rows(areas | take 2))", result: "2") { c in
            .list(try table(c, 0).records(c.machine, at: c.location))
        },
        Builtin("explain(t)", doc: "Prints the SQL a table runs, its bound values and the database's plan for it.",
                example: "explain(areas | where level == \"county\" | select code)",
                result: "SELECT t0.\"code\" AS \"code\" FROM \"areas\" AS t0 WHERE (t0.\"level\" = ?1)\n"
                    + "parameters: ?1 = \"county\"\nsqlite plan:\n  SCAN t0") { c in
            c.machine.write(try table(c, 0).explain(c.machine, at: c.location) + "\n")
            return .null
        },
        Builtin("show(t, rows = null, names = null)",
                doc: "Prints a table as a box, at most rows rows (default :rows), area codes with their names when names is true (default :set names).",
                example: "show((areas | where level == \"county\" | select code, name), rows: 1)",
                result: "┌──────────────┬────────┐\n│ code         │ name   │\n├──────────────┼────────┤\n"
                    + "│ 360502000000 │ 渝水区 │\n└──────────────┴────────┘\n… 1 more row\n2 rows") { c in
            var style = TableDisplay.style.withLock { $0 }
            if !c[2].isNull { style.areaNames = try c.bool(2) }
            let limit = c[1].isNull ? TableDisplay.rowLimit.load(ordering: .relaxed) : Int(try c.int(1))
            c.machine.write(try TableDisplay.render(try table(c, 0), c.machine, at: c.location, limit: max(0, limit),
                                                    style: style) + "\n")
            return .null
        },
        Builtin("with_names(t)", doc: "The table with a NAME_name column after each area-code column.",
                example: "first(with_names(areas | where code == \"360502001000\")).parent_name", result: "\"渝水区\"") { c in
            .table(try AreaNames.adding(to: try table(c, 0), c.machine, at: c.location))
        },
        Builtin("count()", doc: "Aggregate: the rows of each group (inside summarize).",
                example: "len(people | summarize n = count() by sex)", result: "2") { c in throw aggregateOnly(c) },
        Builtin("count_if(condition)", doc: "Aggregate: the rows of each group where the condition holds.",
                example: "first(people | summarize f = count_if(sex == \"F\")).f", result: "1502") { c in
            throw aggregateOnly(c)
        },
        Builtin("share(condition)", doc: "Aggregate: the percentage of each group's rows where the condition holds.",
                example: "round(first(people | summarize f = share(sex == \"F\")).f, 1)", result: "49.6") { c in
            throw aggregateOnly(c)
        },
        Builtin("avg(xs)", doc: "The mean of a list of numbers (nulls skipped); over a column, an aggregate of summarize.",
                example: "avg([1, 2, 3, 4])", result: "2.5") { c in
            let numbers = try c.list(0).filter { !$0.isNull }.map { v -> Double in
                switch v {
                case .int(let i): return Double(i)
                case .float(let f): return f
                default: throw c.error("avg needs numbers, got \(v.typeName)")
                }
            }
            return numbers.isEmpty ? .null : .float(numbers.reduce(0, +) / Double(numbers.count))
        },
    ]

    /// Today on the centre's clock (local time), the day `people.age` counts to.
    static func today() -> CivilDate { CivilDate.today }
}
