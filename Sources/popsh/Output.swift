// Output: buffered writes to standard output, unbuffered to standard error. Statements
// flush when they finish so a batch log interleaves correctly with diagnostics.

import Glibc

/// Our own stream over descriptor 1, so Swift 6 sees no shared C global.
nonisolated(unsafe) private let standardOutput = fdopen(STDOUT_FILENO, "w")

enum Console {
    static func write(_ text: String) {
        fputs(text, standardOutput)
    }

    static func error(_ text: String) {
        flush()
        let line = text.hasSuffix("\n") ? text : text + "\n"
        var bytes = Array(line.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes = bytes.dropFirst(n)
        }
    }

    static func flush() {
        fflush(standardOutput)
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The terminal's width in cells (80 when it cannot say).
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
