// LineEditor: the interactive prompt over libedit's native API. Emacs keys, history
// recall and incremental search, tab completion, and the history file that survives
// between sessions. Only one editor exists per process: libedit's callbacks are plain C
// functions, so what they need sits in the file-private globals below.

@preconcurrency import Glibc
@preconcurrency import CEdit
import Synchronization

/// What one read at the prompt gave.
enum EditorInput {
    case line(String)   // the entry as typed, without its final line break
    case interrupted    // Ctrl-C: whatever was being typed is dropped
    case endOfInput     // Ctrl-D on an empty line, or the terminal went away
}

final class LineEditor {
    /// Entries kept in memory and in the file; older ones fall off.
    static let historySize: Int32 = 2000

    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var event = HistEvent()
    private var reportedSaveFailure = false

    /// The history file: `$POPSH_HISTORY` when set (empty turns saving off), else
    /// `~/.popsh_history`.
    static func defaultHistoryPath() -> String? {
        if let path = getenv("POPSH_HISTORY").map({ String(cString: $0) }) {
            return path.isEmpty ? nil : path
        }
        guard let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty else { return nil }
        return home + "/.popsh_history"
    }

    /// Sets up the editor on the terminal; nil when libedit cannot start.
    init?(historyPath: String?, completer: Completer) {
        useUTF8Locale()
        guard let editor = el_init("popsh", stdin, stdout, stderr) else { return nil }
        guard let history = history_init() else {
            el_end(editor)
            return nil
        }
        self.editor = editor
        self.history = history
        self.historyPath = historyPath
        activeCompleter = completer
        popsh_history_set_size(history, &event, Self.historySize)
        popsh_history_set_unique(history, &event, 1)
        configure()
        loadHistory()
    }

    deinit {
        el_end(editor)
        history_end(history)
    }

    /// Reads one line with `prompt`, editing it on the terminal.
    func read(prompt: String) -> EditorInput {
        setPrompt(prompt)
        Signals.clearInterrupt()
        // el_gets draws the prompt first and takes the terminal out of line mode only at
        // the first key; keys typed in between would be cooked by the terminal (Ctrl-R
        // reprinting, Ctrl-D ending input), so the terminal is switched before the prompt.
        popsh_el_prepare_terminal(editor, 1)
        var count: Int32 = 0
        guard let raw = el_gets(editor, &count) else {
            // el_gets tells an interrupted read (-1) from end of input (0); a read
            // error that is not our Ctrl-C means the terminal is gone.
            return count < 0 && Signals.interruptPending ? .interrupted : .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds a whole entry (all its lines) to the history and writes the file, so a
    /// crash or a closed window loses nothing typed before it.
    func remember(_ entry: String) {
        guard !entry.isEmpty else { return }
        popsh_history_enter(history, &event, entry)
        guard let historyPath else { return }
        if popsh_history_save(history, &event, historyPath) < 0, !reportedSaveFailure {
            reportedSaveFailure = true
            Console.error("popsh: cannot write the history file '\(historyPath)' (set POPSH_HISTORY to another path)")
        }
    }

    private func configure() {
        popsh_el_set_prompt(editor, promptCallback)
        popsh_el_set_editor(editor, "emacs")
        // libedit's own handlers would re-raise SIGINT and kill the shell; ours only set flags.
        popsh_el_set_signal(editor, 0)
        popsh_el_set_read_function(editor, readCharacter)
        popsh_el_set_history(editor, history)
        popsh_el_add_function(editor, "popsh-complete", "Complete the word before the cursor", completeCallback)
        for (key, function) in keyBindings { popsh_el_bind(editor, key, function) }
    }

    private func loadHistory() {
        guard let historyPath, access(historyPath, F_OK) == 0 else { return }
        if popsh_history_load(history, &event, historyPath) < 0 {
            Console.error("popsh: cannot read the history file '\(historyPath)'; starting with an empty history")
        }
    }

    private func setPrompt(_ prompt: String) {
        free(promptText)
        promptText = strdup(prompt)
    }
}

/// Keys beyond libedit's emacs defaults (arrows, Ctrl-A/E/K already work): terminals
/// differ in what Home, End and Delete send, and Ctrl-W should erase a word, not a region.
private let keyBindings: [(String, String)] = [
    ("^I", "popsh-complete"),
    ("^R", "em-inc-search-prev"),
    ("^W", "ed-delete-prev-word"),
    ("\\e[H", "ed-move-to-beg"), ("\\eOH", "ed-move-to-beg"), ("\\e[1~", "ed-move-to-beg"),
    ("\\e[F", "ed-move-to-end"), ("\\eOF", "ed-move-to-end"), ("\\e[4~", "ed-move-to-end"),
    ("\\e[3~", "ed-delete-next-char"),
    ("\\e[1;5D", "ed-prev-word"), ("\\e[1;5C", "em-next-word"),
]

/// Chinese input is mangled unless the C library decodes multibyte characters as UTF-8,
/// which is what popsh's text is; a POSIX or legacy locale falls back to C.UTF-8.
private func useUTF8Locale() {
    if setlocale(LC_CTYPE, "") != nil, String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" { return }
    setlocale(LC_CTYPE, "C.UTF-8")
}

nonisolated(unsafe) private var promptText: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var activeCompleter: Completer?

private let promptCallback: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { _ in
    promptText
}

/// libedit's own reader gives up on any interrupted read, which would drop the line on a
/// terminal resize; this one resizes and keeps reading, and returns -1 only for Ctrl-C.
private let readCharacter: @convention(c) (OpaquePointer?, UnsafeMutablePointer<wchar_t>?) -> Int32 = { editor, out in
    guard let editor, let out else { return -1 }
    var bytes: [CChar] = []
    while true {
        if Signals.interruptPending {
            errno = EINTR
            return -1
        }
        var byte: CChar = 0
        let n = Glibc.read(STDIN_FILENO, &byte, 1)
        if n < 0 {
            guard errno == EINTR else { return -1 }
            // The next redraw uses the new width; a refresh here would draw the line twice.
            if windowResized.exchange(false, ordering: .relaxed) { el_resize(editor) }
            continue
        }
        if n == 0 {
            out.pointee = 0
            return 0
        }
        bytes.append(byte)
        var state = mbstate_t()
        switch mbrtowc(out, bytes, bytes.count, &state) {
        case incompleteCharacter where bytes.count < 4:
            continue
        case invalidCharacter, incompleteCharacter:
            bytes.removeAll()   // an invalid sequence is dropped, as libedit's reader does
        default:
            return 1
        }
    }
}

/// mbrtowc's answers (size_t comes into Swift as Int): not a character, needs more bytes.
private let invalidCharacter = -1
private let incompleteCharacter = -2

private let completeCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editor, _ in
    guard let editor, let completer = activeCompleter, let info = el_line(editor)?.pointee,
          let start = info.buffer, let cursor = info.cursor else { return UInt8(CC_ERROR) }
    let before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
    switch completer.complete(before: before) {
    case .nothing:
        return UInt8(CC_ERROR)
    case .insert(let text):
        el_insertstr(editor, text)
        return UInt8(CC_REFRESH)
    case .choices(let common, let names):
        if !common.isEmpty { el_insertstr(editor, common) }
        Console.write("\n" + Completer.columns(names, width: Console.terminalWidth()))
        Console.flush()
        return UInt8(CC_REDISPLAY)
    }
}
