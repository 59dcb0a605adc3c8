// RowPipeline: reads, decodes and checks a file's rows on a thread of its own while the
// importer's thread writes them into SQLite. The two halves of a load cost about the same,
// so on two cores a file loads in about the time of the slower half. Rows travel in
// batches through a queue of at most `depth` batches: the reader waits when the writer
// falls behind, so memory stays flat whatever the file's size.
//
// The reader thread owns the CSVReader, its TextSource and the RowChecks from `start` on;
// the importer touches them again (the source's checksum) only after `next` has returned
// nil, which it does after the reader thread's last write under the same lock.

import Foundation

/// One row as checked: its values, or the problem that sends it to quarantine.
struct CheckedRow: Sendable {
    /// The line the record starts on.
    let line: Int
    /// One value per value column; empty when the row has a problem.
    let values: [SQLValue]
    /// The register's derived codes (RegisterCodeSources); empty for other tables.
    let derived: [SQLValue]
    let notes: [String]
    /// The record as written: feeds store it, quarantine keeps it, and a row the
    /// database refuses (a child whose card is not loaded) is quarantined with it.
    /// Empty for a checked row of a table that can refuse none and stores no raw text.
    let raw: String
    let problem: RowProblem?
}

final class RowPipeline: @unchecked Sendable {
    /// Rows per batch: enough that the lock is taken rarely, few enough that a batch's
    /// strings stay in the processor's cache between the two threads.
    static let batchSize = 1024
    /// Batches waiting at most; with `batchSize` about 2 MB of rows.
    static let depth = 4

    private let reader: CSVReader
    private let checks: RowChecks
    private let codes: RegisterCodeSources?
    /// Whether a row that passed its checks may still need its raw text: feeds store
    /// it, and the database may refuse a WIS child (its card not loaded). Other rows'
    /// text is built only for quarantine, saving a string per row of the register.
    private let keepsRaw: Bool
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [[CheckedRow]] = []
    private var readerDone = false
    private var failure: (any Error)?
    private var stopped = false

    /// Starts reading `reader`'s records after the header, which the caller has read.
    init(reader: CSVReader, checks: RowChecks) {
        self.reader = reader
        self.checks = checks
        codes = RegisterCodeSources(layout: checks.layout)
        keepsRaw = checks.layout.isFeed || checks.layout.kind == .wisChildren
        let thread = Thread { [self] in produce() }
        thread.name = "popsh import reader"
        thread.start()
    }

    /// The next batch in file order; nil after the last. Rethrows what stopped the reading
    /// (a quote never closed, bytes that are not text), after the rows before it.
    func next() throws -> [CheckedRow]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !readerDone { condition.wait() }
        if !queue.isEmpty {
            condition.broadcast()
            return queue.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Tells the reader thread to stop and waits until it has, so the file is released
    /// when the import ends early (an interrupt, a database error).
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while !readerDone { condition.wait() }
    }

    private func produce() {
        var batch: [CheckedRow] = []
        batch.reserveCapacity(RowPipeline.batchSize)
        do {
            while try reader.next() {
                batch.append(checked())
                if batch.count == RowPipeline.batchSize {
                    guard hand(batch) else { break }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { _ = hand(batch) }
            finish(nil)
        } catch {
            if !batch.isEmpty { _ = hand(batch) }
            finish(error)
        }
    }

    private func checked() -> CheckedRow {
        var values: [SQLValue] = [], notes: [String] = []
        do throws(RowProblem) {
            if let (column, message) = reader.problem {
                let name = column <= checks.headerNames.count ? checks.headerNames[column - 1] : nil
                throw RowProblem(column: name == nil ? nil : column, columnName: name, message: message)
            }
            try checks.check(reader.fields, into: &values, notes: &notes)
            return CheckedRow(line: reader.line, values: values, derived: codes?.codes(of: values) ?? [], notes: notes,
                              raw: keepsRaw ? reader.rawText : "", problem: nil)
        } catch {
            return CheckedRow(line: reader.line, values: [], derived: [], notes: [], raw: reader.rawText, problem: error)
        }
    }

    /// Queues a batch, waiting while the queue is full; false when the importer stopped.
    private func hand(_ batch: [CheckedRow]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= RowPipeline.depth && !stopped { condition.wait() }
        guard !stopped else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        failure = error
        readerDone = true
        condition.broadcast()
    }
}
