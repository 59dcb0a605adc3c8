// import_files: the importer as a builtin, so a monthly script can load that month's
// feeds and check the counts before cross-checking them; read_xlsx: a workbook's first
// sheet as a table, as read_csv reads a CSV file.

import DataModel
import Foundation
import Interpreter

let importBuiltins: [Builtin] = [
    Builtin("import_files(paths..., as = null)",
            doc: "Imports files or folders into the database; one record per file with read = loaded + corrected + duplicates + quarantined.",
            example: "let loaded = import_files(\"feeds\") | map(fn(f) => f.loaded) | sum") { c in
        let paths = try c.list(0).enumerated().map { i, v -> String in
            guard case .string(let s) = v else { throw c.error("import_files takes file or folder names, argument \(i + 1) is a \(v.typeName)") }
            return s
        }
        guard !paths.isEmpty else { throw c.error("import_files needs at least one file or folder") }
        var kind: FileKind?
        if !c[1].isNull {
            let name = try c.string(1)
            guard let k = FileKind(named: name) else {
                throw c.error("unknown kind '\(name)'", hint: "one of: \(FileKind.allNames)")
            }
            kind = k
        }
        let db = try c.machine.database(at: c.location)
        let summaries = Importer(database: db).importPaths(paths, as: kind, progress: ProgressReporter())
        if let interrupted = summaries.first(where: { $0.interrupted }) {
            throw PopshError(.interrupted, "import interrupted in \(interrupted.file); that file was not loaded", at: c.location)
        }
        return .list(summaries.map(record))
    },
    Builtin("read_xlsx(path)",
            doc: "A table of an Excel workbook's first sheet: columns as its first row names them, dates recognised.",
            example: "let f = units | export(\"units-out.xlsx\")\nlen(read_xlsx(f.file))", result: "20") { c in
        let path = try c.string(0)
        guard path.lowercased().hasSuffix(".xlsx") else {
            throw c.error("\(path) is not an .xlsx workbook", hint: "read a CSV file with read_csv(\"\(path)\")")
        }
        return try CrosscheckArguments.guarding(c) { db in
            .table(Table(plan: try CSVTable.load(path, into: db).plan))
        }
    },
]

private func record(_ s: ImportSummary) -> Value {
    .record(Record([
        ("file", .string(s.file)),
        ("kind", s.kind.map { .string($0.rawValue) } ?? .null),
        ("encoding", s.encoding.map { .string($0.rawValue) } ?? .null),
        ("read", .int(Int64(s.read))),
        ("loaded", .int(Int64(s.loaded))),
        ("corrected", .int(Int64(s.corrected))),
        ("duplicates", .int(Int64(s.duplicates))),
        ("quarantined", .int(Int64(s.quarantined))),
        ("error", s.error.map { .string($0) } ?? .null),
    ]))
}
