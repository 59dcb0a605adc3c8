// ProgressReporter: one updating line on stderr (file, rows, rows per second) while a
// long import runs. Only on a terminal: piped or logged stderr stays clean.

import Foundation

/// Shows import progress on an interactive stderr; silent otherwise.
public final class ProgressReporter {
    private let enabled: Bool
    private var file = ""
    private var rows = 0
    private var started = ContinuousClock.now
    private var lastShown = ContinuousClock.now
    /// Rows between clock readings: reading the clock per row would cost more than the row.
    private static let stride = 4096

    /// `enabled` defaults to whether stderr is a terminal.
    public init(enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.enabled = enabled
    }

    func begin(file: String) {
        self.file = (file as NSString).lastPathComponent
        rows = 0
        started = .now
        lastShown = started
    }

    func advance() {
        rows += 1
        guard enabled, rows % ProgressReporter.stride == 0 else { return }
        let now = ContinuousClock.now
        guard now - lastShown > .milliseconds(200) else { return }
        lastShown = now
        show()
    }

    func end() {
        guard enabled else { return }
        show()
        write("\n")
    }

    private func show() {
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        let elapsed = Double(seconds) + Double(attoseconds) / 1e18
        let rate = elapsed > 0 ? Int(Double(rows) / elapsed) : 0
        write("\r\(file): \(rows) rows, \(rate) rows/s\u{1B}[K")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
