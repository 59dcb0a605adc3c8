// Completion: what Tab does at the prompt. The word before the cursor is completed from
// the session's keywords, builtins, verbs and variables, or from the meta commands when
// the line starts with `:`. Kept apart from libedit so the decision is plain Swift.

import DataModel

/// What the editor should do for one press of Tab.
enum CompletionAction: Equatable {
    case nothing                                    // no match: the editor beeps
    case insert(String)                             // the one match's remaining letters
    case choices(common: String, names: [String])   // several: insert what they share, list them
}

struct Completer {
    /// Names starting with a prefix (the session's completions).
    let names: (String) -> [String]
    /// Meta command names with their colon, for a line that starts with `:`.
    let metaNames: [String]
    /// Spaces Tab inserts at the start of a line, where there is nothing to complete and
    /// a continuation line of a block wants indenting.
    static let indent = "    "

    func complete(before text: String) -> CompletionAction {
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { return .insert(Self.indent) }
        let word: Substring
        let candidates: [String]
        if text.first == ":", !text.contains(" ") {
            word = Substring(text)
            candidates = metaNames.filter { $0.hasPrefix(text) }.sorted()
        } else {
            word = Self.word(endingAt: text)
            guard !word.isEmpty else { return .nothing }
            candidates = names(String(word))
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

    /// The name being typed: the letters, digits and underscores just before the cursor.
    static func word(endingAt text: String) -> Substring {
        var start = text.endIndex
        while start > text.startIndex {
            let previous = text.index(before: start)
            let c = text[previous]
            guard c == "_" || c.isLetter || c.isNumber else { break }
            start = previous
        }
        return text[start...]
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
