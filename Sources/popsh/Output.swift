// Output: buffered writes to standard output and error. Statements flush when they
// finish so a batch log interleaves correctly with diagnostics on stderr.

@preconcurrency import Glibc

enum Console {
    static func write(_ text: String) {
        fputs(text, stdout)
    }

    static func error(_ text: String) {
        fflush(stdout)
        fputs(text.hasSuffix("\n") ? text : text + "\n", stderr)
    }

    static func flush() {
        fflush(stdout)
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
