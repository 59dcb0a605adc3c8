// Help: what `:help` prints for one name. Builtins, table verbs and the shell's commands
// are documented alike (signature, one-line doc, example, the example's result), each
// registered once in the Library beside what it documents, and a test runs every example.
// The verbs' entries are here, next to the grammar that parses them (ParserVerbs.swift).

import DataModel

/// One documented name.
public struct HelpEntry: Sendable {
    public let name: String        // what `:help NAME` takes
    public let signature: String   // the name with its parameters, as written
    public let doc: String
    public let example: String
    /// What the example shows when run; nil when it shows nothing.
    public let result: String?

    public init(_ name: String, _ signature: String, doc: String, example: String, result: String? = nil) {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.example = example
        self.result = result
    }

    /// The entry as `:help NAME` prints it; with a `width`, a long signature breaks after
    /// its commas and the doc between words, and a result of several lines (a table)
    /// keeps its indent.
    public func text(width: Int? = nil) -> String {
        var lines = wrappedSignature(width)
        lines += width.map { TextWidth.wrap(doc, to: max(20, $0 - 2)).map { "  " + $0 } } ?? ["  " + doc]
        lines += indented("  example: ", example)
        if let result { lines += indented("  result:  ", result) }
        return lines.joined(separator: "\n")
    }

    private func indented(_ label: String, _ text: String) -> [String] {
        let pad = String(repeating: " ", count: label.count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
            (i == 0 ? label : pad) + line
        }
    }

    /// The signature on as few lines as fit, continuation lines under its first parameter.
    private func wrappedSignature(_ width: Int?) -> [String] {
        guard let width, TextWidth.of(signature) > width, let open = signature.firstIndex(of: "(") else {
            return [signature]
        }
        let indent = String(repeating: " ", count: TextWidth.of(signature[...open]))
        let parts = signature[signature.index(after: open)...].split(separator: ",").map { $0.trimmingCharacters() }
        let pieces = parts.indices.map { i in (i == 0 ? String(signature[...open]) : "") + parts[i] + (i < parts.count - 1 ? "," : "") }
        var lines: [String] = [], current = pieces[0]
        for piece in pieces.dropFirst() {
            if TextWidth.of(current) + 1 + TextWidth.of(piece) > width {
                lines.append(current)
                current = indent + piece
            } else {
                current += " " + piece
            }
        }
        return lines + [current]
    }
}

extension Builtin {
    public var entry: HelpEntry {
        HelpEntry(name, signature, doc: doc, example: example, result: result)
    }
}

/// The table verbs. Their examples run against the sample city, like the builtins'.
let verbHelp: [HelpEntry] = [
    HelpEntry("where", "t | where condition",
              doc: "Keeps the rows where the condition holds (after summarize: the groups where it holds).",
              example: "len(areas | where level == \"county\")", result: "2"),
    HelpEntry("select", "t | select column, name = expression, ...",
              doc: "Exactly these columns in this order; name = expression computes one from each row.",
              example: "first(areas | where code == \"360502000000\" | select name, level)",
              result: "{name: \"渝水区\", level: \"county\"}"),
    HelpEntry("derive", "t | derive name = expression, ...",
              doc: "Adds columns computed from each row (or replaces those of the same name).",
              example: "first(areas | where code == \"360502000000\" | derive county = substr(code, 0, 6)).county",
              result: "\"360502\""),
    HelpEntry("sort", "t | sort column, -column, ...",
              doc: "Orders the rows by the columns, a minus sign for descending.",
              example: "first(areas | where level == \"county\" | sort -code).name", result: "\"分宜县\""),
    HelpEntry("take", "t | take n", doc: "The first n rows.", example: "len(areas | take 3)", result: "3"),
    HelpEntry("distinct", "t | distinct column, ...",
              doc: "The rows once each (of the columns named, when any are).",
              example: "len(areas | distinct level)", result: "4"),
    HelpEntry("summarize", "t | summarize name = aggregate, ... by key, ...",
              doc: "One row per group of the keys, ordered by them; aggregates are count(), count_if, share, sum, avg, min, max.",
              example: "first(people | summarize n = count(), oldest = max(age) by sex).n", result: "1502"),
    HelpEntry("count", "t | count by key, ...",
              doc: "The rows of each group (summarize n = count() by key, ...); alone, one row with the count.",
              example: "people | count by sex",
              result: "┌─────┬──────┐\n│ sex │ n    │\n├─────┼──────┤\n│ F   │ 1502 │\n│ M   │ 1524 │\n└─────┴──────┘\n2 rows"),
    HelpEntry("join", "t | join other on left == right, kind: \"left\"",
              doc: "The rows of both tables where the columns match (kind: \"left\" keeps every row of t); a right column whose name t has is renamed TABLE_column.",
              example: "len(wis | join people on woman_id == person_id)", result: "584"),
]
