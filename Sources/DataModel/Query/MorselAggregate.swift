// MorselAggregate: runs a MorselSplit. It decides when the parts are worth their cost (a
// table of at least `Database.parallelAggregateRows` rows read whole, a core idle, a file
// other connections can open, no uncommitted change they would miss, only the file's own
// tables), cuts the table's rowids into one range per core, runs the parts side by side,
// each on its own connection, and hands back the plan that merges their rows.

import Foundation

public enum MorselAggregate {
    /// Below this many rows one pass is quicker than opening connections and merging.
    public static let largeTable: Int64 = 100_000

    /// The plan to run for `plan` on `db`: when it aggregates a large table, its parts run
    /// now on parallel connections and the result is the same aggregate and later steps
    /// over their rows; otherwise `plan` itself.
    public static func prepare(_ plan: Plan, in db: Database) throws -> Plan {
        guard db.isFile, let split = MorselSplit(plan) else { return plan }
        let check = split.mergedPlan(over: "", name: plan.name)
        guard check.columns == plan.columns else { return plan }
        for table in split.tables where try !isFileTable(table, db) { return plan }
        // Asked to split every aggregate it can (0 rows), a search along an index is split too.
        let forced: Scan? = db.parallelAggregateRows == 0 ? .index : nil
        guard let scan = try wholeScan(plan, db) ?? forced, let ranges = try ranges(of: plan.source.table, in: db) else {
            return plan
        }
        let partPlan = split.partPlan, seek = scan == .table
        let rows = try rows(ranges, path: db.path) { connection, range in
            var compiler = SQLCompiler(dialect: connection.dialect)
            let query = compiler.compile(partPlan, rowids: range, seek: seek)
            return try connection.query(query.sql, query.parameters)
        }
        let table = try store(rows, columns: split.partColumns.map(\.name), in: db)
        return split.mergedPlan(over: table, name: plan.name)
    }

    /// One range of rowids per core covering `table`, when `table` is large enough to be
    /// read in parts (`Database.parallelAggregateRows`) and other connections see what
    /// this one does; nil otherwise.
    static func ranges(of table: String, in db: Database) throws -> [ClosedRange<Int64>]? {
        guard db.isFile, db.path != "", db.path != ":memory:", !db.isInTransaction, try isFileTable(table, db) else { return nil }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // Parts spend more processor time than one pass (each opens a connection, and
        // parts along an index each walk all of it) to finish sooner on idle cores. With
        // no core idle they only add to the queue: on 2 cores under a load average of 8
        // to 11, separation in parts took 1.24 s against 0.85 s in one pass.
        let idle = Double(cores) - othersRunning()
        guard db.parallelAggregateRows == 0 || (cores > 1 && idle >= 1),
              let bounds = try db.query("SELECT min(rowid), max(rowid) FROM \(db.dialect.quote(table))").first,
              let low = bounds[0].integer, let high = bounds[1].integer,
              high - low + 1 >= db.parallelAggregateRows else { return nil }
        let parts = Int64(max(2, min(cores, 8)))
        let width = (high - low) / parts + 1
        return (0..<parts).compactMap { i in
            let first = low + i * width, last = min(high, first + width - 1)
            return first <= last ? first...last : nil
        }
    }

    /// How many threads are running besides this one: the kernel's count at this moment
    /// (Linux, /proc/loadavg), else the load average of the last minute. The minute's
    /// average lags: a question asked again and again in one session (an analyst's, a
    /// benchmark's) kept it near 1 on its own, so on 2 cores the parts stopped while a
    /// core stood idle (`half_households` 0.69-0.72 s in one pass against 0.49 s in
    /// parts on the 1.2-million city).
    static func othersRunning() -> Double {
        if let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            let fields = text.split(separator: " ")
            if fields.count > 3, let running = fields[3].split(separator: "/").first.flatMap({ Double($0) }) {
                return max(0, running - 1)
            }
        }
        var load = [0.0, 0.0, 0.0]
        return getloadavg(&load, 1) == 1 ? load[0] : 0
    }

    /// The rows `part` gives for each range, in the ranges' order, each range on a
    /// connection of its own to the file at `path`, all at once. Each reads by copy into
    /// SQLite's small page cache, not through a mapping of the file: every page a mapping
    /// has read counts as the process's memory until it ends (`half_households` showed
    /// 434 MB on the 1.2-million city and 2.1 GB at 12 million, 42 MB and 32 MB by copy,
    /// in the same time; docs/benchmarks.md, "Reading by copy again").
    static func rows(_ ranges: [ClosedRange<Int64>], path: String,
                     _ part: @escaping @Sendable (Database, ClosedRange<Int64>) throws -> [[SQLValue]]) throws -> [[SQLValue]] {
        let results = PartResults(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
            results.set(i, Result {
                let connection = try Database(path: path, mode: .existing)
                return try part(connection, ranges[i])
            })
        }
        return try results.all().flatMap { try $0.get() }
    }

    private enum Scan { case table, index }

    /// How one pass reads the plan's whole table: row by row (a part then seeks its own
    /// rowids) or along an index (a part keeps the index and tests each entry's rowid:
    /// sought by rowid, separation's parts would read the 300-byte rows instead of its
    /// covering index). nil when one pass searches a range of an index: every part would
    /// walk the same range, so the cohort count in parts cost twice its processor time
    /// (36 ms against 133 ms on the 1.2-million city) and saved nothing.
    private static func wholeScan(_ plan: Plan, _ db: Database) throws -> Scan? {
        var compiler = SQLCompiler(dialect: db.dialect)
        let query = compiler.compile(plan)
        let steps = try db.query(db.dialect.explainQueryPlan(query.sql), query.parameters).compactMap { $0.last?.text }
        // The compiler names the plan's own table t0.
        if steps.contains("SCAN t0") { return .table }
        return steps.contains { $0.hasPrefix("SCAN t0 USING ") && $0.contains("COVERING INDEX") } ? .index : nil
    }

    /// A table of the database file itself, which the parts' connections see as this one
    /// does; not a temporary table, which only this connection has.
    private static func isFileTable(_ table: String, _ db: Database) throws -> Bool {
        let inTemp = try db.scalar("SELECT count(*) FROM temp.sqlite_master WHERE name = ?1", [.text(table)])
        let inFile = try db.scalar("SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = ?1",
                                   [.text(table)])
        return inTemp.integer == 0 && inFile.integer == 1
    }

    /// The parts' rows in a new temporary table of untyped columns (each value keeps the
    /// type the part gave it), named `morsel_parts_N`. It lives as long as the connection,
    /// as the tables of `half_households` do: a cursor may still be reading an earlier one.
    private static func store(_ rows: [[SQLValue]], columns names: [String], in db: Database) throws -> String {
        let d = db.dialect
        let taken = Set(try db.query("SELECT name FROM temp.sqlite_master WHERE type = 'table'").compactMap { $0[0].text })
        var n = 1
        while taken.contains("morsel_parts_\(n)") { n += 1 }
        let name = "morsel_parts_\(n)"
        try db.execute("CREATE TEMP TABLE \(d.quote(name)) (\(d.quoteList(names)))")
        let insert = "INSERT INTO \(d.quote(name)) VALUES (\((1...names.count).map { d.placeholder($0) }.joined(separator: ", ")))"
        // No transaction: a read-only file refuses one, and these few rows go to memory.
        for row in rows { try db.execute(insert, row) }
        return name
    }
}

/// Each part's outcome, written by the part's thread and read once all are done.
private final class PartResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[[SQLValue]], Error>]

    init(count: Int) { results = Array(repeating: .success([]), count: count) }

    func set(_ i: Int, _ result: Result<[[SQLValue]], Error>) {
        lock.lock(); defer { lock.unlock() }
        results[i] = result
    }

    func all() -> [Result<[[SQLValue]], Error>] {
        lock.lock(); defer { lock.unlock() }
        return results
    }
}
