// REPLTerminalTests: the built `popsh` driven through a pseudo-terminal the way an analyst
// at the keyboard uses it (editing keys, history, Tab, Ctrl-C, Ctrl-D, Chinese text), and
// through a pipe the way a batch job feeds it. Every wait is bounded, so a prompt that
// never comes fails the test instead of hanging the suite.

import Builtins
import Foundation
import Interpreter
import XCTest
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

final class REPLTerminalTests: XCTestCase {
    private var home: URL!
    private var historyFile: String { home.appendingPathComponent("history").path }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: home) }

    /// A fresh popsh on a terminal; no LANG is passed, so the C.UTF-8 fallback is what
    /// makes the Chinese tests pass, and HOME is a scratch folder (no real ~/.editrc).
    func startShell(columns: UInt16 = 120, database: String? = nil) throws -> Terminal {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": home.path, "TERM": "xterm", "POPSH_HISTORY": historyFile]
        environment["POPSH_DB"] = database
        let terminal = try Terminal(executable: popshExecutable(), environment: environment, columns: columns)
        terminal.banner = try terminal.expect("popsh> ")
        return terminal
    }

    /// Types `entry` and Enter, and returns what was printed before the next prompt.
    @discardableResult
    func run(_ entry: String, in t: Terminal) throws -> String {
        t.type(entry + "\r")
        return try t.expect("popsh> ")
    }

    /// Types `entry` and Enter and checks that `value` is printed on a line of its own.
    private func assertShows(_ entry: String, _ value: String, in t: Terminal, _ why: String = "",
                             line: UInt = #line) throws {
        let output = try run(entry, in: t)
        XCTAssertTrue(output.contains("\r\n\(value)\r\n"),
                      "\(entry.debugDescription) should show \(value) \(why); the terminal showed \(output.debugDescription)",
                      line: line)
    }

    private func quit(_ t: Terminal) throws {
        t.type("\u{04}")
        XCTAssertEqual(try t.exitStatus(), 0, "Ctrl-D on an empty line exits with status 0")
    }

    func testExpressionsShowTheirValuesAfterEditing() throws {
        let t = try startShell()
        try assertShows("6 * 7", "42", in: t)
        // "+ 2" alone is not a statement; only the edited "10 + 2" gives 12.
        try assertShows("+ 2\u{01}10 ", "12", in: t, "Ctrl-A moves to the start")
        try assertShows("* 3\u{1b}[H4 \u{1b}[F + 1", "13", in: t, "Home and End keys")
        try assertShows("1 + 99\u{17}2", "3", in: t, "Ctrl-W erases the word before the cursor")
        try assertShows("5 + 5\u{01}\u{0b}8", "8", in: t, "Ctrl-K kills to the end")
        try quit(t)
    }

    func testUpArrowAndCtrlRRecallEarlierEntries() throws {
        let t = try startShell()
        try run("fn triple(x) => x * 3", in: t)
        try run("let n = 20", in: t)
        try assertShows("triple(n)", "60", in: t)
        try run("let n = 7", in: t)
        try assertShows("\u{1b}[A\u{1b}[A", "21", in: t, "Up twice passes `let n = 7` and brings back triple(n)")
        try run("let n = 9", in: t)
        try assertShows("\u{12}trip", "27", in: t, "Ctrl-R finds triple(n) by its text")
        try quit(t)
    }

    func testTabCompletesBuiltinsAndVariables() throws {
        let names = Session(library: Builtins.library(), write: { _ in }).completions(for: "star")
        XCTAssertEqual(names, ["starts_with"], "the check below needs `star` to name one builtin")
        let t = try startShell()
        try assertShows("star\t(\"abc\", \"a\")", "true", in: t, "star<Tab> gives starts_with")
        try run("let zq_households = 5", in: t)
        try assertShows("zq_h\t + 1", "6", in: t, "a variable completes too")
        // Two variables share `zr_`: Tab inserts that much, lists both, and the line
        // stays to be finished.
        try run("let zr_east = 1", in: t)
        try run("let zr_west = 2", in: t)
        t.type("zr\t")
        let listing = try t.expect("popsh> zr_")
        XCTAssertTrue(listing.contains("zr_east") && listing.contains("zr_west"), listing)
        try assertShows("west", "2", in: t, "the line survives the listing")
        try quit(t)
    }

    func testCtrlCStopsALoopAndTheSessionGoesOn() throws {
        let t = try startShell()
        try run("let kept = 5", in: t)
        t.type("print(\"looping\"); while true {}\r")
        try t.expect("\r\nlooping\r\n")
        t.type("\u{03}")
        XCTAssertTrue(try t.expect("popsh> ").contains("interrupted"))
        try assertShows("kept * 2", "10", in: t, "variables defined before survive")
        try quit(t)
    }

    func testCtrlCCancelsTheLineBeingTyped() throws {
        let t = try startShell()
        t.type("99 + ")
        try t.expect("99 + ")
        t.type("\u{03}")
        try t.expect("popsh> ")
        // Had the line survived, this would read 99 + 7 * 6 = 141.
        try assertShows("7 * 6", "42", in: t)
        t.type("[1,\r")
        try t.expect("  ...> ")
        t.type("\u{03}")
        try t.expect("popsh> ")
        try assertShows("8", "8", in: t, "pending continuation lines are dropped too")
        try quit(t)
    }

    func testMultiLineEntryIsOneHistoryEntryThatPersists() throws {
        let t = try startShell()
        t.type("[1, 2,\r")
        try t.expect("  ...> ")
        try assertShows("3]", "[1, 2, 3]", in: t)
        try quit(t)
        let saved = try String(contentsOfFile: historyFile, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(saved.count, 2, "libedit's header line and one entry: \(saved)")

        // A new session loads the file; one Up brings back both lines.
        let again = try startShell()
        try assertShows("\u{1b}[A", "[1, 2, 3]", in: again)
        try quit(again)
    }

    func testChineseTextRoundTrips() throws {
        let t = try startShell()
        try assertShows("\"渝水区\" | len", "3", in: t)
        try run("let 地区 = \"渝水区\"", in: t)
        try assertShows("地\t", "\"渝水区\"", in: t, "a Chinese name completes and reads back")
        try quit(t)
    }

    func testMetaCommands() throws {
        let t = try startShell()
        let entry = try XCTUnwrap(Builtins.library().builtins["len"]).help
        XCTAssertTrue(try run(":help len", in: t).contains(entry.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"))
        XCTAssertTrue(try run(":help lenn", in: t).contains("did you mean len"))
        XCTAssertTrue(try run(":nonsense", in: t).contains(":help, :vars, :set, :rows, :time, :quit"))
        try run("let kept = [1, 2]", in: t)
        XCTAssertTrue(try run(":vars", in: t).contains("kept  list  [1, 2]"))
        t.type(":quit\r")
        XCTAssertEqual(try t.exitStatus(), 0)
    }
}

extension REPLTerminalTests {
    func testPipedInputRunsEachStatementAndReportsErrors() throws {
        let input = "let a = 2\na * 3\n\nnope + 1\n[a,\n 4]\n:help len\n\"渝水区\" | len\n"
        let result = try runPiped(input)
        let entry = try XCTUnwrap(Builtins.library().builtins["len"]).help
        XCTAssertEqual(result.stdout, "6\n[2, 4]\n" + entry + "\n3\n", "statements after the error still run")
        // The error names its line in the whole input (4), with the line and a caret.
        XCTAssertTrue(result.stderr.hasPrefix("<stdin>:4:1: name error: 'nope' is not defined\n 4 | nope + 1\n   | ^\n"),
                      result.stderr)
        XCTAssertEqual(result.status, 1, "a failed statement makes the exit status 1")
    }

    func testPipedInputWithoutErrorsExitsZeroAndQuitStops() throws {
        let result = try runPiped("1 + 1\n:time on\n2 + 2\n:time off\n3\n:quit\n4\n")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { !$0.hasPrefix("time: ") }, ["2", "4", "3"], "nothing runs after :quit")
        XCTAssertEqual(lines.firstIndex { $0.hasPrefix("time: ") && $0.hasSuffix(" ms") }, 2, "timed while on")
        XCTAssertEqual(lines.count, 4, result.stdout)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.status, 0)

        let unfinished = try runPiped("[1,\n")
        XCTAssertTrue(unfinished.stderr.hasPrefix("<stdin>:"), "input ending mid-statement: \(unfinished.stderr)")
        XCTAssertEqual(unfinished.status, 1)
    }

    private func runPiped(_ input: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try popshExecutable())
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": home.path, "POPSH_HISTORY": historyFile]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

/// The popsh executable in the products folder the tests were built into.
func popshExecutable() throws -> String {
    #if os(macOS)
    let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") } ?? Bundle.main
    let products = bundle.bundleURL.deletingLastPathComponent()
    #else
    let products = Bundle.main.bundleURL
    #endif
    let path = products.appendingPathComponent("popsh").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw TerminalError(description: "no popsh executable at \(path); build it with `swift build --build-tests`")
    }
    return path
}

private struct TerminalError: Error, CustomStringConvertible {
    let description: String
}

/// A program running on a pseudo-terminal: what is typed goes to its input, and all it
/// draws is kept so expectations can look for text in it.
final class Terminal {
    /// What was drawn before the first prompt.
    var banner = ""
    private let pid: pid_t
    private let master: Int32
    private var screen: [UInt8] = []
    private var seen = 0          // output before this index was matched by an expectation
    private var exited = false
    static let patience: Double = 10

    init(executable: String, environment: [String: String], columns: UInt16) throws {
        // Everything the child needs is allocated before the fork: between fork and exec
        // only async-signal-safe calls are allowed.
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = argv.withUnsafeBufferPointer { args in
            envp.withUnsafeBufferPointer { env in
                let pid = forkpty(&fd, nil, nil, &size)
                if pid == 0 {
                    execve(args[0]!, args.baseAddress!, env.baseAddress!)
                    _exit(127)
                }
                return pid
            }
        }
        guard child > 0 else { throw TerminalError(description: "forkpty failed: errno \(errno)") }
        pid = child
        master = fd
    }

    deinit {
        var status: Int32 = 0
        if !exited, kill(pid, SIGKILL) == 0 { waitpid(pid, &status, 0) }
        close(master)
    }

    /// Keys typed here are a few bytes: one write takes them all.
    func type(_ text: String) {
        _ = write(master, text, text.utf8.count)
    }

    /// Waits until `text` appears in the output after the last match; returns the output
    /// up to and including it.
    @discardableResult
    func expect(_ text: String) throws -> String {
        let needle = Array(text.utf8)
        let deadline = Date().addingTimeInterval(Self.patience)
        while true {
            if let found = screen[seen...].firstRange(of: needle) {
                let shown = String(decoding: screen[seen..<found.upperBound], as: UTF8.self)
                seen = found.upperBound
                return shown
            }
            guard Date() < deadline, readMore(until: deadline) else {
                throw TerminalError(description: "waited \(Self.patience) s for \(text.debugDescription); the terminal showed \(unmatched)")
            }
        }
    }

    /// The exit status once the program ends by itself.
    func exitStatus() throws -> Int32 {
        let deadline = Date().addingTimeInterval(Self.patience)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                // Exited normally: the low 7 bits are 0 and the status is in the next byte.
                guard status & 0x7f == 0 else { throw TerminalError(description: "popsh died of signal \(status & 0x7f)") }
                return (status >> 8) & 0xff
            }
            _ = readMore(until: Date().addingTimeInterval(0.05))
        }
        throw TerminalError(description: "popsh did not exit within \(Self.patience) s; the terminal showed \(unmatched)")
    }

    private var unmatched: String { String(decoding: screen[seen...], as: UTF8.self).debugDescription }

    /// Reads what is available before `deadline`; false when nothing more can come.
    private func readMore(until deadline: Date) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let wait = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
        guard poll(&poller, 1, wait) > 0 else { return Date() < deadline }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }   // EIO: the program closed the terminal
        screen.append(contentsOf: buffer[0..<n])
        return true
    }
}
