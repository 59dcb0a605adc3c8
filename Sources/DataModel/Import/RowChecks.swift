// RowChecks: turns one CSV record into the values of its table row, checking each value
// against its column's rule. Baseline files are strict (any bad value quarantines the
// row). Feeds quarantine only what spec section 1 names: an empty record_no, a missing or
// invalid event date, an unknown coded value, or a row that names nobody. Any other bad
// feed value (an optional date, a count, an area code) is stored as NULL and described in
// the row's `notes`, the whole row staying in `raw`, so the event still counts.

import Foundation

/// Why a row was not loaded; `text` is what the quarantine table shows.
struct RowProblem: Error {
    let column: Int?
    let columnName: String?
    let message: String

    func text(line: Int) -> String {
        guard let column, let columnName else { return "line \(line): \(message)" }
        return "line \(line), column \(column) (\(columnName)): \(message)"
    }
}

/// What is wrong with one value, in words a clerk understands.
struct ValueProblem: Error {
    let text: String
    init(_ text: String) { self.text = text }
}

struct RowChecks {
    let layout: RecordLayout
    /// For each layout field, its 0-based position in the file's header.
    private let positions: [Int]
    private let headerCount: Int
    /// The file's column names, trimmed and lower-cased, for messages.
    let headerNames: [String]
    private let concerned: (id: Int, name: Int)?

    /// Maps the header onto the layout; throws naming the missing columns.
    init(layout: RecordLayout, header: [String]) throws {
        let names = header.map { $0.trimmed().lowercased() }
        let missing = layout.fields.map(\.name).filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw FileError("the header lacks \(missing.joined(separator: ", ")) for a \(layout.kind.rawValue) file "
                            + "(expected columns: \(layout.fields.map(\.name).joined(separator: ", ")))")
        }
        self.layout = layout
        self.positions = layout.fields.map { names.firstIndex(of: $0.name)! }
        self.headerCount = header.count
        self.headerNames = names
        if let (id, name) = layout.concerned {
            self.concerned = (layout.fields.firstIndex { $0.name == id }!, layout.fields.firstIndex { $0.name == name }!)
        } else {
            self.concerned = nil
        }
    }

    /// Fills `values` (one per value column) and `notes`, or throws the row's problem.
    func check(_ fields: [String], into values: inout [SQLValue], notes: inout [String]) throws(RowProblem) {
        values.removeAll(keepingCapacity: true)
        notes.removeAll(keepingCapacity: true)
        guard fields.count == headerCount else {
            throw RowProblem(column: nil, columnName: nil, message: "the row has \(fields.count) fields but the "
                             + "header has \(headerCount) (look for a stray or missing comma or quote)")
        }
        for (index, field) in layout.fields.enumerated() {
            let position = positions[index]
            let written = fields[position]
            let text = written.trimmed()
            if case .identity = field.type, layout.isFeed {
                // A damaged number never quarantines a feed row: it is kept as written to be
                // matched by name and birth date, and the normalised column stays NULL.
                let number = text.isEmpty ? nil : IdentityNumber.normalize(text)
                values.append(number.map { .text($0.value) } ?? .null)
                values.append(text.isEmpty ? .null : .text(written))
                if !text.isEmpty, number == nil {
                    notes.append("column \(position + 1) (\(field.name)): \"\(text)\" is not a valid identity number; "
                                 + "kept as written for matching by name and birth date")
                }
                continue
            }
            do {
                try convert(text, as: field, into: &values)
            } catch {
                let strict = !layout.isFeed || field.required || field.isCoded
                guard !strict else { throw RowProblem(column: position + 1, columnName: field.name, message: error.text) }
                values.append(.null)
                notes.append("column \(position + 1) (\(field.name)): \(error.text); stored empty")
            }
        }
        if let (id, name) = concerned, fields[positions[id]].trimmed().isEmpty, fields[positions[name]].trimmed().isEmpty {
            let idField = layout.fields[id].name, nameField = layout.fields[name].name
            throw RowProblem(column: positions[id] + 1, columnName: idField,
                             message: "names nobody: both \(idField) and \(nameField) are empty (give at least one)")
        }
    }

    /// Appends the column value(s) for one field; a thrown problem says what is wrong.
    private func convert(_ text: String, as field: Field, into values: inout [SQLValue]) throws(ValueProblem) {
        guard !text.isEmpty else {
            if field.required { throw ValueProblem("\(field.name) is empty") }
            values.append(.null)
            return
        }
        switch field.type {
        case .text:
            values.append(.text(text))
        case .date:
            guard let date = CivilDate.parse(text) else { throw ValueProblem("\"\(text)\" is not a date (use YYYY-MM-DD)") }
            values.append(.text(date.description))
        case .integer:
            guard let number = Int64(text) else { throw ValueProblem("\"\(text)\" is not a whole number") }
            values.append(.integer(number))
        case .identity:
            guard let number = IdentityNumber.normalize(text) else {
                throw ValueProblem("\"\(text)\" is not a valid identity number (18 characters with a correct check character)")
            }
            values.append(.text(number.value))
        case .area:
            guard let code = AreaCode(text) else {
                throw ValueProblem("\"\(text)\" is not an area code (12 digits, or the short forms of 2, 4, 6 or 9)")
            }
            values.append(.text(code.full))
        case .code(let vocabulary):
            guard let value = vocabulary.canonical(for: text) else {
                throw ValueProblem("\"\(text)\" is not a known \(vocabulary.noun) (\(vocabulary.hint))")
            }
            values.append(.text(value))
        }
    }
}

extension Field {
    var isCoded: Bool { if case .code = type { return true } else { return false } }
}

extension String {
    /// Without surrounding spaces (ASCII and full-width) and tabs; fast when there are none.
    func trimmed() -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !first.isTrimmable && !last.isTrimmable { return self }
        return trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}"))
    }
}

extension Unicode.Scalar {
    fileprivate var isTrimmable: Bool { self == " " || self == "\t" || self == "\u{3000}" }
}
