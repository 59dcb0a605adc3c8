// Importer: loads exchange files into the shared database. Each file is one batch in one
// transaction: it loads wholly or, on any failure, not at all, and the other files go on.
// Every row read ends loaded (a record new to the table), corrected (another version of
// a record the table holds: the later one wins, the other goes to audit_log), as a
// duplicate (the same content again, or a line of the same file already quarantined),
// or in quarantine with its place and reason, so for every file
// loaded + corrected + duplicates + quarantined == read (docs/import.md).

import Foundation

/// What happened to one file.
public struct ImportSummary: Codable, Sendable {
    public var file: String
    public var kind: FileKind?
    public var encoding: TextEncoding?
    /// Data rows read (the header is not counted).
    public var read = 0
    /// Records new to the table: a table's rows are the sum of its batches' `loaded`.
    public var loaded = 0
    /// Rows that were another version of a record already held (TableLoader says which wins).
    public var corrected = 0
    public var duplicates = 0
    public var quarantined = 0
    /// The batch's id in `imports`; nil when the file failed.
    public var batchID: Int64?
    /// Why the file could not be loaded (nothing from it was); nil on success.
    public var error: String?
    /// True when the user stopped the import during this file; later files were skipped.
    public var interrupted = false

    public init(file: String) { self.file = file }
}

/// A big file named a key twice while its index was deferred.
private struct RepeatedKey: Error {}

public final class Importer {
    public let database: Database
    /// Rows each table took through PostgreSQL's staged loads in this run, for one
    /// ANALYZE per table at the run's end (refreshStatistics). A file that then failed
    /// still counts: its table is at most analyzed once more than it needed.
    private var stagedRows: [String: Int] = [:]

    public init(database: Database) { self.database = database }

    /// Imports files and folders (searched recursively for `.csv` and `.xlsx`). Baseline files load
    /// before feeds and WIS cards before their children, whatever order they are named in.
    public func importPaths(_ paths: [String], as kind: FileKind? = nil, encoding: TextEncoding? = nil,
                            progress: ProgressReporter? = nil) -> [ImportSummary] {
        let files = paths.flatMap(csvFiles(at:))
        let ranked = files.enumerated().map { (offset, file) in
            (rank: kind.map(Importer.rank) ?? sniffKind(file, encoding: encoding).map(Importer.rank) ?? Int.max,
             offset: offset, file: file)
        }
        database.clearInterrupt()
        var summaries: [ImportSummary] = []
        for entry in ranked.sorted(by: { ($0.rank, $0.offset) < ($1.rank, $1.offset) }) {
            if summaries.last?.interrupted == true {
                var skipped = ImportSummary(file: entry.file)
                skipped.error = "\(entry.file): not imported (the import was interrupted)"
                skipped.interrupted = true
                summaries.append(skipped)
            } else {
                summaries.append(loadFile(entry.file, as: kind, encoding: encoding, progress: progress))
            }
        }
        refreshStatistics()
        return summaries
    }

    /// Imports one file as one batch.
    public func importFile(_ path: String, as forced: FileKind? = nil, encoding: TextEncoding? = nil,
                           progress: ProgressReporter? = nil) -> ImportSummary {
        defer { refreshStatistics() }
        return loadFile(path, as: forced, encoding: encoding, progress: progress)
    }

    /// On PostgreSQL, the run's staged loads refresh their tables' statistics once, at
    /// its end, instead of after every file: a year of monthly feeds analyzed its tables
    /// 45 times, 1.7 s of the import's 28.
    private func refreshStatistics() {
        defer { stagedRows = [:] }
        (database.engine as? PostgresEngine)?.refreshStatistics(added: stagedRows)
    }

    private func loadFile(_ path: String, as forced: FileKind?, encoding: TextEncoding?,
                          progress: ProgressReporter?) -> ImportSummary {
        var summary = ImportSummary(file: path)
        progress?.begin(file: path)
        defer { progress?.end() }
        do {
            let source = try TextSource(path: path, encoding: encoding)
            summary.encoding = source.encoding
            let reader = CSVReader(source: source)
            guard try reader.next() else { throw FileError("is empty (a CSV file starts with its header line)") }
            let header = reader.fields
            guard !header.contains(where: { $0.utf8.contains(0) }) else {
                throw FileError("the header line holds NUL bytes: a binary file, not CSV text (export the data as CSV)")
            }
            guard let kind = forced ?? Importer.recognise(header: header) else {
                throw FileError("the header \(header.joined(separator: ",").quotedExcerpt) matches no known file; "
                                + "name the kind (one of \(FileKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            summary.kind = kind
            let checks = try RowChecks(layout: kind.layout, header: header,
                                       cityAreas: kind == .areas ? nil : cityAreaCodes(), checkDay: .today)
            let firstLoad = try isBigFileIntoEmptyTable(kind.layout.table, fileSize: source.size)
            try database.withLoadCache(firstLoad: firstLoad) {
                try database.withRollbackJournal(firstLoad) {
                    try database.transaction {
                        try loadOrReload(reader, checks: checks, source: source, firstLoad: firstLoad,
                                         into: &summary, progress: progress)
                    }
                }
            }
        } catch {
            let failure = error as? DatabaseError
            let message = (error as? FileError)?.message ?? (failure?.isInterrupted == true ? "interrupted" : "\(error)")
            summary = ImportSummary(file: path)
            summary.error = "\(path): \(message); nothing from this file was loaded"
            summary.interrupted = failure?.isInterrupted ?? false
        }
        return summary
    }

    /// Loads the file; a first load defers even the key's index (when the key is an
    /// index of its own, as the register's is). Building it afterwards fails when the file
    /// names a key twice: the load is then undone to a savepoint and the file read again
    /// with the key's index in place, which tells each duplicate and each update as the
    /// row arrives.
    private func loadOrReload(_ reader: CSVReader, checks: RowChecks, source: TextSource, firstLoad: Bool,
                              into summary: inout ImportSummary, progress: ProgressReporter?) throws {
        let start = summary
        do {
            try database.transaction {
                try load(reader, checks: checks, source: source, deferring: firstLoad ? .allIndexes : .none,
                         into: &summary, progress: progress)
            }
        } catch is RepeatedKey {
            summary = start
            let again = try TextSource(path: source.path, encoding: source.encoding)
            let reader = CSVReader(source: again)
            _ = try reader.next()
            progress?.begin(file: source.path)
            // The key's index is now updated in random key order: it needs the large cache.
            try database.withLoadCache {
                try load(reader, checks: checks, source: again, deferring: .secondaryIndexes, into: &summary,
                         progress: progress)
            }
        }
    }

    /// Which of an empty table's indexes a first load drops and builds after the rows.
    private enum Deferred { case none, secondaryIndexes, allIndexes }

    /// Loads the rows after the header.
    private func load(_ reader: CSVReader, checks: RowChecks, source: TextSource, deferring: Deferred,
                      into summary: inout ImportSummary, progress: ProgressReporter?) throws {
        let layout = checks.layout
        let dialect = database.dialect
        try database.execute("INSERT INTO imports (file, size, encoding, kind, read, loaded, corrected, duplicates, "
                             + "quarantined, started, db_user) VALUES (\(dialect.placeholders(4)), 0, 0, 0, 0, 0, "
                             + "\(dialect.currentTimestamp), \(dialect.currentUser))",
                             [.text(source.path), .integer(source.size), .text(source.encoding.rawValue),
                              .text(layout.kind.rawValue)])
        let batchID = try database.lastInsertedRowID
        let deferred = try deferIndexes(of: layout.table, deferring)
        let references = deferring == .allIndexes ? try database.engine.droppingForeignKeys(of: layout.table) : []
        let loader = try TableLoader(database: database, layout: layout, batchID: batchID, file: source.path,
                                     keyIndexed: !deferred.contains { $0.unique })
        let quarantineColumns = ["batch_id", "file", "line", "column", "column_name", "reason", "raw"]
        let quarantine = try database.prepare("INSERT INTO quarantine (\(dialect.quoteList(quarantineColumns))) "
                                              + "VALUES (\(dialect.placeholders(7)))")
        // On PostgreSQL the rows stream through COPY (StagedLoad); lines quarantined
        // meanwhile wait for its end, since the connection runs nothing else until then.
        let staged = try (database.engine as? PostgresEngine).map {
            try StagedLoad(database: database, engine: $0, layout: layout, loader: loader, batchID: batchID, file: source.path,
                           direct: deferring == .allIndexes)
        }
        var held: [[SQLValue]] = []
        func count(_ outcome: TableLoader.Outcome) {
            switch outcome {
            case .loaded: summary.loaded += 1
            case .corrected: summary.corrected += 1
            case .duplicate: summary.duplicates += 1
            }
        }
        func quarantined(_ problem: RowProblem, line: Int, raw: String) throws {
            summary.quarantined += 1
            let values: [SQLValue] = [.integer(batchID), .text(source.path), .integer(Int64(line)),
                                      problem.column.map { .integer(Int64($0)) } ?? .null,
                                      problem.columnName.map { .text($0) } ?? .null, .text(problem.text(line: line)), .text(raw)]
            if staged != nil { held.append(values); return }
            try quarantine.bind(values)
            while try quarantine.step() {}
        }
        let rows = RowPipeline(reader: reader, checks: checks)
        defer { rows.stop() }
        do {
            while let batch = try rows.next() {
                for row in batch {
                    try database.checkInterrupt()
                    summary.read += 1
                    progress?.advance()
                    do {
                        if let problem = row.problem { throw problem }
                        if let staged {
                            try staged.stage(row.values, derived: row.derived, notes: row.notes, line: row.line, raw: row.raw)
                        } else {
                            count(try loader.load(row.values, derived: row.derived, notes: row.notes, line: row.line, raw: row.raw))
                        }
                    } catch let problem as RowProblem {
                        try quarantined(problem, line: row.line, raw: row.raw)
                    }
                }
            }
        } catch {
            staged?.abandon(because: "\(error)")
            throw error
        }
        if let staged {
            do {
                summary.loaded += try staged.finish { line, raw, outcome in
                    switch outcome {
                    case .success(let outcome): count(outcome)
                    case .failure(let problem): try quarantined(problem, line: line, raw: raw)
                    }
                }
            } catch let error as DatabaseError where staged.direct && error.isConstraint {
                // A first load's COPY met a repeated key or a child without its card.
                throw RepeatedKey()
            }
            if !staged.direct { stagedRows[layout.table, default: 0] += summary.loaded + summary.corrected }
            // In line order, as SQLite writes them while it reads.
            for values in held.sorted(by: { ($0[2].integer ?? 0) < ($1[2].integer ?? 0) }) {
                try quarantine.bind(values)
                while try quarantine.step() {}
            }
        }
        try database.withIndexBuildCache {
            for index in deferred {
                do {
                    try database.execute(index.sql)
                } catch let error as DatabaseError where index.unique && error.isUnique {
                    throw RepeatedKey()
                }
            }
        }
        for reference in references {
            do {
                try database.execute(reference)
            } catch let error as DatabaseError where error.isConstraint {
                // A child without its card: read the file again with the keys in place.
                throw RepeatedKey()
            }
        }
        if let checksum = source.checksum { try keepQuarantineOnce(batchID, checksum: checksum, into: &summary) }
        assert(summary.loaded + summary.corrected + summary.duplicates + summary.quarantined == summary.read)
        try loader.auditLoad(rows: summary.loaded)
        try database.execute("UPDATE imports SET sha256 = \(dialect.placeholder(1)), read = \(dialect.placeholder(2)), "
                             + "loaded = \(dialect.placeholder(3)), corrected = \(dialect.placeholder(4)), "
                             + "duplicates = \(dialect.placeholder(5)), quarantined = \(dialect.placeholder(6)), "
                             + "finished = \(dialect.currentTimestamp) WHERE id = \(dialect.placeholder(7))",
                             [source.checksum.map { .text($0) } ?? .null, .integer(Int64(summary.read)),
                              .integer(Int64(summary.loaded)), .integer(Int64(summary.corrected)),
                              .integer(Int64(summary.duplicates)), .integer(Int64(summary.quarantined)),
                              .integer(batchID)])
        summary.batchID = batchID
    }

    /// Keys the batch's quarantine rows by the file's content: a line this file's content
    /// already put in quarantine (an earlier import of the same file) is dropped from
    /// this batch and counted a duplicate, as a data row loaded before is. The checksum is
    /// known only once the file has been read, hence afterwards; the unique index
    /// (file_sha256, line) holds it so whatever the order two imports commit in.
    private func keepQuarantineOnce(_ batchID: Int64, checksum: String, into summary: inout ImportSummary) throws {
        guard summary.quarantined > 0 else { return }
        try database.execute("DELETE FROM quarantine WHERE batch_id = ?1 AND line IN "
                             + "(SELECT line FROM quarantine WHERE file_sha256 = ?2)", [.integer(batchID), .text(checksum)])
        let repeated = database.changes
        summary.quarantined -= repeated
        summary.duplicates += repeated
        try database.execute("UPDATE quarantine SET file_sha256 = ?1 WHERE batch_id = ?2", [.text(checksum), .integer(batchID)])
    }

    /// The city's codes in `areas`, which codes in the file are checked against.
    private func cityAreaCodes() throws -> Set<String> {
        let prefix = AreaCode.city.prefix
        return Set(try database.query("SELECT code FROM areas WHERE substr(code, 1, CAST(?1 AS INTEGER)) = ?2",
                                      [.integer(Int64(prefix.count)), .text(prefix)]).compactMap { $0[0].text })
    }

    /// Drops the indexes of an empty table before a big file fills it (the caller has
    /// checked both); they are rebuilt after the load in the same transaction, unique ones first. Building an index from
    /// sorted rows once is several times faster than updating it row by row in random key
    /// order, and a row insert that touches only the table keeps SQLite's per-statement
    /// rollback journal small enough to stay in memory. The indexes are read from the
    /// catalog, so one a later migration adds is deferred too. A unique index goes only
    /// with `.allIndexes`: while it is away nothing tells a duplicate, so its build is
    /// what finds one. Constraints declared with the table (feeds' record_no) always stay.
    private func deferIndexes(of table: String, _ deferring: Deferred) throws -> [(sql: String, unique: Bool)] {
        let dialect = database.dialect
        guard deferring != .none else { return [] }
        let includingKey = deferring == .allIndexes
        let indexes = try database.engine.createdIndexes(of: table, includingUnique: includingKey)
        for index in indexes { try database.execute("DROP INDEX \(dialect.quote(index.name))") }
        return indexes.map { (sql: $0.sql, unique: $0.unique) }
    }

    private func isBigFileIntoEmptyTable(_ table: String, fileSize: Int64) throws -> Bool {
        try fileSize >= Importer.deferIndexesFromBytes
            && database.query("SELECT 1 FROM \(database.dialect.quote(table)) LIMIT 1").isEmpty
    }

    /// Below this size a file loads fast enough with its indexes in place.
    static let deferIndexesFromBytes: Int64 = 4 << 20

    /// The kind whose columns the header holds (the fullest match when several do).
    public static func recognise(header: [String]) -> FileKind? {
        let names = Set(header.map { $0.trimmed().lowercased() })
        return RecordLayout.all
            .filter { layout in layout.fields.allSatisfy { names.contains($0.name) } }
            .max { $0.fields.count < $1.fields.count }?.kind
    }

    private static func rank(_ kind: FileKind) -> Int { FileKind.allCases.firstIndex(of: kind)! }

    private func sniffKind(_ path: String, encoding: TextEncoding?) -> FileKind? {
        guard let source = try? TextSource(path: path, encoding: encoding) else { return nil }
        let reader = CSVReader(source: source)
        guard (try? reader.next()) == true else { return nil }
        return Importer.recognise(header: reader.fields)
    }

    private func csvFiles(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]   // a missing path is reported by importFile with the others
        }
        let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.lowercased().hasSuffix(".csv") || WorkbookSource.isWorkbook($0) }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }
}
