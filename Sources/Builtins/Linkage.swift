// Linkage builtins: `link` ties the rows of any two tables (a mailed spreadsheet read
// with `read_csv`, a feed, the register) by the Fellegi-Sunter linker, with the fields,
// comparison kinds, blocking keys and weights the analyst names; `dedupe` finds the rows
// of one table that are the same person; `read_csv` makes a table of any CSV file.

import DataModel
import Interpreter

/// The example of `dedupe`: no woman of the sample city holds two WIS cards.
enum DedupeExample {
    static let script = "dedupe(read_csv(\"wis_cards.csv\"), compare: {name: {kind: \"jaro_winkler\", m: 0.95, u: 0.01}, "
        + "birth_date: {kind: \"date\", m: 0.95, u: 0.001}}, block: [\"birth_date\"], threshold: 12) | count"
    static let result = "┌───┐\n│ n │\n├───┤\n│ 0 │\n└───┘\n1 row"
}

enum LinkArguments {
    /// `compare: {name: "jaro_winkler", born: {kind: "date", tolerance: 3, right: "birth_date", m: 0.95, u: 0.001}}`;
    /// `swap: "surname"` on a name lets the two names exchanged partly agree.
    static func comparisons(_ c: Call, _ i: Int) throws -> (comparisons: [FieldComparison], weights: [FieldWeights]?) {
        let spec = try c.record(i)
        guard !spec.names.isEmpty else { throw c.error("compare: names no field", hint: "e.g. compare: {name: \"jaro_winkler\", birth_date: \"date\"}") }
        var comparisons: [FieldComparison] = [], weights: [FieldWeights?] = []
        for (field, value) in zip(spec.names, spec.values) {
            var options = Record([("kind", value)])
            if case .record(let r) = value { options = r }
            guard case .string(let kindName)? = options["kind"] else {
                throw c.error("compare: \(field) needs a kind", hint: "one of " + ComparisonKind.names.joined(separator: ", "))
            }
            let tolerance = try number(c, options["tolerance"], "\(field).tolerance")
            // Days and differing digits become integers: a tolerance must fit one.
            if let t = tolerance, !(t.isFinite && abs(t) <= 1_000_000) {
                throw c.error("compare: \(field).tolerance must be a number between -1000000 and 1000000, got \(t)")
            }
            guard let kind = ComparisonKind.named(kindName, tolerance: tolerance) else {
                throw c.error("compare: \"\(kindName)\" is not a comparison kind", hint: "one of " + ComparisonKind.names.joined(separator: ", "))
            }
            var right: String?
            if case .string(let r)? = options["right"] { right = r }
            let frequency = options["frequency"].map { $0.equals(.bool(true)) } ?? false
            var swapped: String?
            switch options["swap"] {
            case nil, .null?: break
            case .string(let other)?:
                guard other != field, spec.names.contains(other) else {
                    throw c.error("compare: \(field).swap names \"\(other)\", which is not another compared field",
                                  hint: "name the field its values may be exchanged with, e.g. given_name: {kind: \"jaro_winkler\", swap: \"surname\"}")
                }
                swapped = other
            case let v?: throw c.error("compare: \(field).swap names a compared field as a string, got \(v.typeName)")
            }
            comparisons.append(FieldComparison(field, left: field, right: right, kind: kind, frequencyAdjusted: frequency,
                                               swappedWith: swapped))
            let m = try number(c, options["m"], "\(field).m"), u = try number(c, options["u"], "\(field).u")
            if let m, let u {
                guard (0.0...1.0).contains(m), (0.0...1.0).contains(u) else { throw c.error("compare: \(field): m and u are probabilities (0 to 1)") }
                // An agreement probability is given; the rest is split between partial and disagree.
                weights.append(FieldWeights(m: [m, (1 - m) / 2, (1 - m) / 2], u: [u, (1 - u) / 2, (1 - u) / 2]))
            } else {
                weights.append(nil)
            }
        }
        if weights.allSatisfy({ $0 == nil }) { return (comparisons, nil) }
        guard weights.allSatisfy({ $0 != nil }) else {
            throw c.error("compare: m and u are given for some fields only", hint: "give m and u for every field, or for none (EM estimates them)")
        }
        return (comparisons, weights.map { $0! })
    }

    private static func number(_ c: Call, _ v: Value?, _ what: String) throws -> Double? {
        switch v {
        case nil, .null?: return nil
        case .int(let i)?: return Double(i)
        case .float(let f)?: return f
        default: throw c.error("compare: \(what) must be a number, got \(v!.typeName)")
        }
    }

    /// `block: ["birth_date", ["name", "sex"], {left: "born", right: "birth_date"}]`
    static func blocks(_ c: Call, _ i: Int) throws -> [BlockingKey] {
        if c.isOmitted(i) { return [] }
        return try c.list(i).map { item in
            switch item {
            case .string(let s): return BlockingKey(left: [s])
            case .list(let xs): return BlockingKey(left: try xs.map { try columnName(c, $0) })
            case .record(let r):
                guard let l = r["left"], let rt = r["right"] else { throw c.error("a blocking key record needs left and right") }
                return BlockingKey(left: try names(c, l), right: try names(c, rt))
            default: throw c.error("a blocking key is a column name, a list of them, or {left: ..., right: ...}")
            }
        }
    }

    private static func names(_ c: Call, _ v: Value) throws -> [String] {
        if case .list(let xs) = v { return try xs.map { try columnName(c, $0) } }
        return [try columnName(c, v)]
    }

    private static func columnName(_ c: Call, _ v: Value) throws -> String {
        guard case .string(let s) = v else { throw c.error("a blocking key names columns as strings, got \(v.typeName)") }
        return s
    }

    /// The linked pairs as a table: row numbers, weights, then both rows' columns (a right
    /// column whose name the left has gets the right table's name as prefix).
    static func linked(_ c: Call, _ left: Table, _ right: Table, _ options: LinkOptions) throws -> Value {
        let l = try rows(c, left), r = try rows(c, right)
        return try CrosscheckArguments.guarding(c) { db in
            let result = try Linker.link(l.text, r.text, options)
            var columns = [PlanColumn("left_row", .integer), PlanColumn("right_row", .integer), PlanColumn("weight", .real),
                           PlanColumn("runner_up", .real), PlanColumn("ambiguous", .bool)]
            columns += left.columns
            for column in right.columns {
                columns.append(PlanColumn(Plan.joinedName(column.name, of: right.name, avoiding: columns.map(\.name)), column.kind))
            }
            let rows = result.pairs.map { pair -> [SQLValue] in
                [.integer(Int64(pair.left + 1)), .integer(Int64(pair.right + 1)), .real((pair.weight * 100).rounded() / 100),
                 pair.runnerUpWeight.map { .real(($0 * 100).rounded() / 100) } ?? .null, .integer(pair.ambiguous ? 1 : 0)]
                    + (l.values[pair.left] + r.values[pair.right]).map { Table.parameter($0)?.0 ?? .null }
            }
            return .table(Table(plan: try ScratchTable.create(db, prefix: "link", columns: columns, rows: rows)))
        }
    }

    /// A table's rows, as values for the result and as text for comparing.
    static func rows(_ c: Call, _ t: Table) throws -> (values: [[Value]], text: LinkTable) {
        var values: [[Value]] = []
        try t.forEachRow(c.machine, at: c.location) { values.append($0) }
        let text = values.map { row in row.map { v -> String? in v.isNull ? nil : v.text } }
        let dates = Set(t.columns.filter { $0.kind == .date }.map(\.name))
        return (values, LinkTable(name: t.name, columns: t.columns.map(\.name), rows: text, dateColumns: dates))
    }
}

let linkageBuiltins: [Builtin] = [
    Builtin("link(left, right, compare, block = null, threshold = 6, margin = 2, one_to_one = false)",
            doc: "Links the rows of two tables by the Fellegi-Sunter method: per-field comparisons, blocking keys, "
                + "weights given (m, u) or estimated by EM; returns each linked pair with its match weight. "
                + "one_to_one: true links each right row at most once, the heaviest pairs first.",
            example: "link((read_csv(\"persons.csv\") | take 3), people, compare: {name: {kind: \"jaro_winkler\", m: 0.95, u: 0.01}, "
                + "birth_date: {kind: \"date\", m: 0.95, u: 0.001}}, block: [\"birth_date\"]) | select left_row, right_row, weight",
            result: "┌──────────┬───────────┬────────┐\n│ left_row │ right_row │ weight │\n├──────────┼───────────┼────────┤\n│        1 │         1 │  16.46 │\n│        2 │         2 │  16.46 │\n│        3 │         3 │  16.46 │\n└──────────┴───────────┴────────┘\n3 rows") { c in
        let left = try TableBuiltins.table(c, 0), right = try TableBuiltins.table(c, 1)
        let (comparisons, weights) = try LinkArguments.comparisons(c, 2)
        let options = LinkOptions(comparisons: comparisons, blocks: try LinkArguments.blocks(c, 3), weights: weights,
                                  threshold: try c.number(4), margin: try c.number(5), oneToOne: try c.bool(6))
        return try LinkArguments.linked(c, left, right, options)
    },
    Builtin("dedupe(table, compare, block = null, threshold = 6, margin = 2)",
            doc: "Finds the rows of one table that are the same person: link's comparisons, blocking keys and weights "
                + "over the table against itself, a row never its own candidate; returns each row's best other row.",
            example: DedupeExample.script, result: DedupeExample.result) { c in
        let table = try TableBuiltins.table(c, 0)
        let (comparisons, weights) = try LinkArguments.comparisons(c, 1)
        let options = LinkOptions(comparisons: comparisons, blocks: try LinkArguments.blocks(c, 2), weights: weights,
                                  threshold: try c.number(3), margin: try c.number(4), withinOneTable: true)
        return try LinkArguments.linked(c, table, table, options)
    },
    Builtin("read_csv(path, encoding = null)",
            doc: "A table of any CSV file (UTF-8 or GB18030, detected): columns as the header names them, dates recognised.",
            example: "read_csv(\"units.csv\") | take 2 | select unit_code, kind",
            result: "┌────────────────────┬─────────────┐\n│ unit_code          │ kind        │\n├────────────────────┼─────────────┤\n│ 91360500000000000X │ agency      │\n│ 91360500000000001X │ institution │\n└────────────────────┴─────────────┘\n2 rows") { c in
        let path = try c.string(0)
        var encoding: TextEncoding?
        if !c.isOmitted(1) {
            let name = try c.string(1)
            guard let e = TextEncoding(rawValue: name) else {
                throw c.error("\"\(name)\" is not an encoding", hint: "one of " + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))
            }
            encoding = e
        }
        return try CrosscheckArguments.guarding(c) { db in
            .table(Table(plan: try CSVTable.load(path, into: db, encoding: encoding).plan))
        }
    },
]
