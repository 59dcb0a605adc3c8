// Signals: Ctrl-C and terminal resizes at the interactive prompt. The handlers only store
// atomic flags (and run one optional async-signal-safe action); the line editor and the
// evaluator look at the flags at safe points, so a press never tears down the shell.

@preconcurrency import Glibc
import Interpreter
import Synchronization

/// Set when the terminal changed size; the line editor resizes when its read is interrupted.
let windowResized = Atomic<Bool>(false)

/// An extra action run inside the SIGINT handler, after the evaluator's flag is set: the
/// place to stop database work (`sqlite3_interrupt` on the open connection) once a
/// database is attached. It runs in signal context, so it is a C function pointer that
/// can capture nothing and must call only async-signal-safe code; read the connection
/// from a global.
nonisolated(unsafe) var onInterrupt: (@convention(c) () -> Void)?

/// The other half of `onInterrupt`, run (outside signal context) before each statement
/// and each new line: forget a press that arrived while nothing was running, e.g.
/// `db.clearInterrupt()`, so it cannot stop the next query.
nonisolated(unsafe) var onClearInterrupt: (() -> Void)?

enum Signals {
    /// Installs the interactive handlers. `sa_flags` stays 0 (no `SA_RESTART`) so a
    /// blocked terminal read returns with EINTR and the editor can react to the press.
    static func installInteractiveHandlers() {
        install(SIGINT) { _ in
            interruptRequested.store(true, ordering: .relaxed)
            onInterrupt?()
        }
        install(SIGWINCH) { _ in
            windowResized.store(true, ordering: .relaxed)
        }
    }

    /// Forgets a Ctrl-C pressed before now, so a stale press cannot stop the next
    /// statement or cancel the next line.
    static func clearInterrupt() {
        interruptRequested.store(false, ordering: .relaxed)
        onClearInterrupt?()
    }

    static var interruptPending: Bool {
        interruptRequested.load(ordering: .relaxed)
    }

    private static func install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, nil)
    }
}
