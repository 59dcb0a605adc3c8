// REPL: placeholder replaced by the line-editing shell.
import Interpreter

struct REPL {
    let session: Session
    func run() -> Int32 {
        var text = ""
        var failed = false
        while let line = readLine(strippingNewline: false) {
            text += line
            if session.isIncomplete(text) { continue }
            if runBatch(session, text: text, name: "<stdin>", path: nil) != 0 { failed = true }
            text = ""
        }
        return failed ? 1 : 0
    }
}
