// Areas: the statistical areas as builtins (`area`, `inside`, `areas`) and the naming of
// area codes in tables (`with_names`). An area is given by its code (12 digits or the
// short forms of spec section 3) or by its name as the areas table spells it;
// containment is always by prefix at the containing area's own level.

import DataModel
import Interpreter

enum AreaLookup {
    /// The area a value names: a code, or a name looked up in the areas table.
    static func resolve(_ value: Value, _ machine: Machine, at location: SourceLocation) throws -> AreaCode {
        let text: String
        switch value {
        case .string(let s): text = s
        case .int(let i): text = String(i)
        default: throw PopshError(.type, "an area is a code or a name, got \(value.typeName)", at: location)
        }
        if let code = AreaCode(text) { return code }
        if text.allSatisfy(\.isNumber) {
            throw PopshError(.runtime, "'\(text)' is not an area code", at: location,
                             hint: "area codes have 2, 4, 6, 9 or 12 digits, e.g. 360502 or 360502001000")
        }
        let matches = try areas(machine, at: location, .binary(.equal, .column("name"), .value(.text(text), .text)))
        guard let first = matches.first else {
            let names = try areas(machine, at: location, nil).compactMap { string($0["name"]) }
            let near = nearestNames(to: text, in: names)
            throw PopshError(.runtime, "no area is named '\(text)'", at: location,
                             hint: near.isEmpty ? "areas() lists them" : "did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?")
        }
        guard matches.count == 1 else {
            throw PopshError(.runtime, "\(matches.count) areas are named '\(text)'", at: location,
                             hint: "give the code instead: " + matches.compactMap { string($0["code"]) }.joined(separator: ", "))
        }
        guard let code = string(first["code"]).flatMap(AreaCode.init) else {
            throw PopshError(.runtime, "area '\(text)' has no valid code in the areas table", at: location)
        }
        return code
    }

    private static func string(_ v: Value?) -> String? {
        if case .string(let s)? = v { return s } else { return nil }
    }

    /// Rows of the areas table, filtered by `condition`.
    static func areas(_ machine: Machine, at location: SourceLocation, _ condition: PlanExpr?) throws -> [Record] {
        var table = Table.named("areas", on: TableBuiltins.today())!
        if let condition { table = table.adding(.filter(condition)) }
        return try table.records(machine, at: location).compactMap { if case .record(let r) = $0 { r } else { nil } }
    }

    /// `{code, name, level, parent}` of an area; the name is null for a code the areas
    /// table does not list (an area outside the city).
    static func record(_ code: AreaCode, _ machine: Machine, at location: SourceLocation) throws -> Value {
        if let row = try areas(machine, at: location, .binary(.equal, .column("code"), .value(.text(code.full), .text))).first {
            return .record(Record([("code", row["code"] ?? .null), ("name", row["name"] ?? .null),
                                   ("level", row["level"] ?? .null), ("parent", row["parent"] ?? .null)]))
        }
        return .record(Record([("code", .string(code.full)), ("name", .null), ("level", .string(code.level.rawValue)),
                               ("parent", code.parent.map { .string($0.full) } ?? .null)]))
    }
}

enum AreaNames {
    /// Columns that hold area codes, wherever they appear.
    static let codeColumns: Set<String> = [
        "residence_area", "hukou_area", "county", "township", "community", "hukou_county", "hukou_township",
        "managing_area", "area", "parent", "office_area", "from_area", "to_area", "husband_hukou", "wife_hukou",
    ]

    /// `t` with `COLUMN_name` after each area-code column, by left joins on the areas
    /// table. A code column that already has its name beside it (`COLUMN_name`
    /// anywhere, or a `name` column right after it, as statistics tables have) is left as it is.
    static func adding(to table: Table, _ machine: Machine, at location: SourceLocation) throws -> Table {
        let shown = table.columns.map(\.name)
        let coded = unnamedCodes(in: shown).map { shown[$0] }
        guard !coded.isEmpty else { return table }
        var joined = table
        for column in coded {
            let names = Table.named("areas", on: TableBuiltins.today())!.adding(.select([
                ("area_code_\(column)", .column("code")), ("\(column)_name", .column("name")),
            ]))
            joined = joined.adding(.join(names.plan, left: column, right: "area_code_\(column)", kind: .left))
        }
        var items: [(name: String, value: PlanExpr)] = []
        for column in table.columns {
            items.append((column.name, .column(column.name)))
            if coded.contains(column.name), joined.plan.hasColumn("\(column.name)_name") {
                items.append(("\(column.name)_name", .column("\(column.name)_name")))
            }
        }
        return joined.adding(.select(items))
    }
}

extension AreaNames {
    /// The code columns among `columns` (by index) that have no name beside them yet.
    static func unnamedCodes(in columns: [String]) -> [Int] {
        columns.indices.filter { i in
            codeColumns.contains(columns[i]) && !columns.contains(columns[i] + "_name")
                && !(i + 1 < columns.count && columns[i + 1] == "name")
        }
    }

    /// Every area's name by its code, for naming the few rows a table shows without
    /// joining (and counting) the whole table against the areas.
    static func byCode(_ machine: Machine, at location: SourceLocation) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try AreaLookup.areas(machine, at: location, nil) {
            if case .string(let code)? = row["code"], case .string(let name)? = row["name"] { names[code] = name }
        }
        return names
    }
}

let areaBuiltins: [Builtin] = [
    Builtin("area(x)", doc: "The area a code or name stands for: {code, name, level, parent}.",
            example: "area(\"360502\").level", result: "\"county\"") { c in
        try AreaLookup.record(try AreaLookup.resolve(c[0], c.machine, at: c.location), c.machine, at: c.location)
    },
    Builtin("inside(code, area)",
            doc: "Whether an area code lies inside an area (a code or a name), by prefix at the area's level.",
            example: "inside(\"360502001001\", \"360502\")", result: "true") { c in
        if c[0].isNull { return .bool(false) }
        guard let code = AreaCode(try c.string(0)) else { return .bool(false) }
        return .bool(try AreaLookup.resolve(c[1], c.machine, at: c.location).contains(code))
    },
]

/// `areas(level:, in:)`: calling the areas table filters it (the table itself is `areas`).
let areasCall = Builtin("areas(level = null, in = null)",
                        doc: "The areas table, of one level (province, city, county, township, community) and inside an area.",
                        example: "areas(level: \"township\", in: \"360502\")") { c in
    var table = Table.named("areas", on: TableBuiltins.today())!
    if !c[0].isNull {
        let level = try c.string(0)
        guard AreaLevel(rawValue: level) != nil else {
            throw c.error("'\(level)' is not an area level",
                          hint: "use one of " + AreaLevel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        table = table.adding(.filter(.binary(.equal, .column("level"), .value(.text(level), .text))))
    }
    if !c[1].isNull {
        let within = try AreaLookup.resolve(c[1], c.machine, at: c.location)
        table = table.adding(.filter(.inside(.column("code"), prefix: within.prefix)))
    }
    return .table(table)
}

/// `inside(column, area)` in a verb: the area is resolved once, the test runs in the database.
let insideTableForm: TableForm = { call in
    let area = try AreaLookup.resolve(try call.constant(1), call.machine, at: call.location)
    return .inside(try call.expression(0), prefix: area.prefix)
}
