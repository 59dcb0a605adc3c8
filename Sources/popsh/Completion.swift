// Completion: what Tab does at the prompt. Statements are completed by the interpreter
// (verbs after `|`, the columns flowing into a verb, file paths in strings, names);
// a line starting with `:` completes the commands, and `:help ` every documented name.
// Kept apart from libedit so the decision is plain Swift.

import DataModel
import Interpreter

/// What the editor should do for one press of Tab.
enum CompletionAction: Equatable {
    case nothing                                    // no match: the editor beeps
    case insert(String)                             // the one match's remaining letters
    case choices(common: String, names: [String])   // several: insert what they share, list them
}

struct Completer {
    /// The word before the cursor and its candidates, for a statement.
    let statement: (String) -> (word: String, candidates: [String])
    /// Meta command names with their colon, for a line that starts with `:`.
    let metaNames: [String]
    /// Every name `:help` documents.
    let helpNames: () -> [String]
    /// Spaces Tab inserts at the start of a line, where there is nothing to complete and
    /// a continuation line of a block wants indenting.
    static let indent = "    "

    func complete(before text: String) -> CompletionAction {
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { return .insert(Self.indent) }
        let word: String
        let candidates: [String]
        if text.first == ":", !text.contains(" ") {
            word = text
            candidates = metaNames.filter { $0.hasPrefix(text) }.sorted()
        } else if text.hasPrefix(":help ") {
            word = String(text.dropFirst(":help ".count).drop { $0 == " " })
            candidates = helpNames().filter { $0.hasPrefix(word) }
        } else if text.first == ":" {
            return .nothing
        } else {
            (word, candidates) = statement(text)
        }
        switch candidates.count {
        case 0:
            return .nothing
        case 1:
            return .insert(String(candidates[0].dropFirst(word.count)))
        default:
            let common = Self.commonPrefix(candidates)
            return .choices(common: String(common.dropFirst(word.count)), names: candidates)
        }
    }

    static func commonPrefix(_ names: [String]) -> String {
        guard let first = names.first else { return "" }
        var prefix = Substring(first)
        for name in names.dropFirst() {
            while !name.hasPrefix(prefix) { prefix = prefix.dropLast() }
        }
        return String(prefix)
    }

    /// The names in columns down then across, as `ls` lists files, fitted to `width` cells.
    static func columns(_ names: [String], width: Int) -> String {
        let cell = (names.map { TextWidth.of($0) }.max() ?? 0) + 2
        let perRow = max(1, width / cell)
        let rows = (names.count + perRow - 1) / perRow
        var out = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<perRow {
                let i = column * rows + row
                guard i < names.count else { break }
                let isLast = i + rows >= names.count || column == perRow - 1
                line += isLast ? names[i] : TextWidth.pad(names[i], to: cell)
            }
            out += line + "\n"
        }
        return out
    }
}
