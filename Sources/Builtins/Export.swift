// Export: writes a table to a file as CSV, TSV, JSON, Markdown or an Excel workbook,
// chosen by the file's extension. Rows stream from the database cursor to a buffered
// file (or libxlsxwriter's constant-memory sheet) one at a time, so exporting the whole
// register holds one row in memory, never the table. A CSV meant for Excel can start
// with a byte-order mark (`bom: true`), without which Excel reads UTF-8 Chinese as
// the system's code page and garbles it.

import DataModel
import Interpreter
#if canImport(Glibc)
import Glibc
#endif

enum ExportFormat: String, CaseIterable {
    case csv, tsv, json, md, xlsx

    func header(_ names: [String]) -> String {
        switch self {
        case .csv: return names.map(csvField).joined(separator: ",") + "\r\n"
        case .tsv: return names.map(tsvField).joined(separator: "\t") + "\n"
        case .json: return "["
        case .md: return "| " + names.map(mdField).joined(separator: " | ") + " |\n|"
            + names.map { _ in " --- |" }.joined() + "\n"
        case .xlsx: return ""
        }
    }

    func row(_ names: [String], _ values: [Value], first: Bool) -> String {
        switch self {
        case .csv: return values.map { csvField(text($0)) }.joined(separator: ",") + "\r\n"
        case .tsv: return values.map { tsvField(text($0)) }.joined(separator: "\t") + "\n"
        case .md: return "| " + values.map { mdField(text($0)) }.joined(separator: " | ") + " |\n"
        case .xlsx: return ""
        case .json:
            let fields = zip(names, values).map { "\(jsonValue(.string($0))): \(jsonValue($1))" }
            return (first ? "\n" : ",\n") + "  {" + fields.joined(separator: ", ") + "}"
        }
    }

    func footer(rows: Int) -> String { self == .json ? (rows == 0 ? "]\n" : "\n]\n") : "" }

    /// The text of a cell: empty for null (CSV has no null), dates in ISO form.
    private func text(_ v: Value) -> String { v.isNull ? "" : v.text }
}

/// RFC 4180: quote when the field holds a comma, quote, CR or LF; double inner quotes.
private func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// TSV has no quoting: tabs and line breaks inside a value become spaces.
private func tsvField(_ s: String) -> String {
    String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
}

private func mdField(_ s: String) -> String {
    tsvField(s).replacingOccurrences(of: "|", with: "\\|")
}

/// JSON for a cell: numbers and booleans bare, null, everything else a string.
private func jsonValue(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let f): return f.isFinite ? String(f) : "null"
    default:
        return quoted(v.text, json: true)
    }
}

/// A value as a workbook cell: numbers as numbers, dates as dates.
private func workbookCell(_ v: Value) -> WorkbookCell {
    switch v {
    case .null: return .empty
    case .int(let i): return .number(Double(i))
    case .float(let f): return f.isFinite ? .number(f) : .empty
    case .bool(let b): return .bool(b)
    case .date(let d): return .date(d)
    default: return .text(v.text)
    }
}

/// Streams `table` into a one-sheet workbook named after the table.
private func exportWorkbook(_ table: Table, to path: String, _ c: Call) throws -> Value {
    let book: Workbook
    do { book = try Workbook(path: path) } catch let e as WorkbookError { throw c.error(e.description) }
    book.addSheet(table.name, header: table.columns.map(\.name))
    var rows = 0
    let rates = table.columns.map { $0.kind == .real ? WorkbookStyle.rate : [] }
    try table.forEachRow(c.machine, at: c.location) { row in
        book.write(row.map(workbookCell), styles: rates)
        rows += 1
    }
    do { try book.close() } catch let e as WorkbookError { throw c.error(e.description) }
    return .record(Record([("file", .string(path)), ("rows", .int(Int64(rows)))]))
}

let exportBuiltins: [Builtin] = [
    Builtin("export(t, path, format = null, bom = false)",
            doc: "Writes a table to a file, streaming: .csv, .tsv, .json, .md or .xlsx by the extension (or format:); "
                + "bom: true starts a CSV with a byte-order mark so Excel reads its Chinese. Gives {file, rows}.",
            example: "(units | export(\"units-out.csv\")).rows", result: "20") { c in
        let table = try TableBuiltins.table(c, 0)
        let path = try c.string(1)
        let name = c[2].isNull ? String(path.split(separator: ".").last ?? "") : try c.string(2)
        guard path.contains(".") || !c[2].isNull, let format = ExportFormat(rawValue: name.lowercased()) else {
            throw c.error("cannot tell the format of '\(path)'",
                          hint: "end the file name in " + ExportFormat.allCases.map { ".\($0.rawValue)" }.joined(separator: ", ")
                            + " or pass format: \"csv\"")
        }
        let bom = try c.bool(3)
        guard !bom || format == .csv || format == .tsv else {
            throw c.error("bom: true is for a CSV or TSV file Excel opens", hint: "leave bom out for .\(format.rawValue)")
        }
        if format == .xlsx { return try exportWorkbook(table, to: path, c) }
        guard let file = fopen(path, "wb") else {
            throw c.error("cannot write '\(path)': \(String(cString: strerror(errno)))",
                          hint: "check that the folder exists and is writable")
        }
        var closed = false
        defer { if !closed { fclose(file) } }
        func write(_ text: String) throws {
            let n = text.utf8.count
            guard fwrite(text, 1, n, file) == n else {
                throw c.error("writing '\(path)' failed: \(String(cString: strerror(errno)))")
            }
        }
        let names = table.columns.map(\.name)
        var rows = 0
        if bom { try write("\u{FEFF}") }
        try write(format.header(names))
        try table.forEachRow(c.machine, at: c.location) { row in
            try write(format.row(names, row, first: rows == 0))
            rows += 1
        }
        try write(format.footer(rows: rows))
        closed = true
        guard fclose(file) == 0 else { throw c.error("closing '\(path)' failed: \(String(cString: strerror(errno)))") }
        return .record(Record([("file", .string(path)), ("rows", .int(Int64(rows)))]))
    },
]
