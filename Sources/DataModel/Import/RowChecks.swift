// RowChecks: turns one CSV record into the values of its table row, checking each value
// against its column's rule. Baseline files are strict (any bad value quarantines the
// row). Feeds quarantine only what spec section 1 names: an empty record_no, a missing or
// invalid event date, an unknown coded value, or a row that names nobody. Any other bad
// feed value (an optional date, a count, an area code) is stored as NULL and described in
// the row's `notes`, the whole row staying in `raw`, so the event still counts. A
// well-formed area code inside the city that `areas` does not list is damage: it
// quarantines a baseline row and is noted (and kept, its prefix still placing the event
// in the city) in a feed row; codes outside the city are migrants' and pass. Messages
// quote at most an excerpt of what the file holds.

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
    /// The city's area codes in `areas` and the levels they cover; nil when `areas` holds
    /// none of the city (not loaded yet), and then no code is checked against it.
    private let cityAreas: (codes: Set<String>, levels: Set<AreaLevel>)?
    /// The day identity numbers are checked on: a feed row's `reported` day when it is
    /// earlier, else this (the import's day).
    private let checkDay: CivilDate
    private let reported: Int?

    /// Maps the header onto the layout; throws naming the missing columns.
    init(layout: RecordLayout, header: [String], cityAreas: Set<String>? = nil, checkDay: CivilDate = .today) throws {
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
        self.cityAreas = cityAreas.flatMap { codes in
            codes.isEmpty ? nil : (codes, Set(codes.compactMap { AreaCode($0)?.level }))
        }
        self.checkDay = checkDay
        self.reported = layout.isFeed ? layout.fields.firstIndex { $0.name == "reported" } : nil
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
        let day = reported.flatMap { CivilDate.parse(fields[positions[$0]].trimmed()) }.map { min($0, checkDay) } ?? checkDay
        for (index, field) in layout.fields.enumerated() {
            let position = positions[index]
            let written = fields[position]
            let text = written.trimmed()
            if case .identity = field.type, layout.isFeed {
                // A damaged number never quarantines a feed row: it is kept as written to be
                // matched by name and birth date, and the normalised column stays NULL.
                let number = text.isEmpty ? nil : IdentityNumber.normalize(text, checkedOn: day)
                values.append(number.map { .text($0.value) } ?? .null)
                values.append(text.isEmpty ? .null : .text(written))
                if !text.isEmpty, number == nil {
                    notes.append("column \(position + 1) (\(field.name)): \(text.quotedExcerpt) is not a valid identity number; "
                                 + "kept as written for matching by name and birth date")
                }
                continue
            }
            do throws(ValueProblem) {
                try convert(text, as: field, on: day, into: &values)
                if case .area = field.type, let unknown = unknownCityArea(values.last) {
                    guard layout.isFeed else { throw unknown }
                    notes.append("column \(position + 1) (\(field.name)): \(unknown.text); kept, as its prefix places it in the city")
                }
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

    /// The problem of a stored area code inside the city that `areas` does not list, at a
    /// level `areas` covers; nil for any other code.
    private func unknownCityArea(_ value: SQLValue?) -> ValueProblem? {
        guard let cityAreas, let text = value?.text, let code = AreaCode(text), code.isInCity,
              cityAreas.levels.contains(code.level), !cityAreas.codes.contains(code.full) else { return nil }
        return ValueProblem("\(code.full) is inside the city but not in areas (a damaged code, or areas.csv is out of date)")
    }

    /// Appends the column value(s) for one field; a thrown problem says what is wrong.
    private func convert(_ text: String, as field: Field, on day: CivilDate,
                         into values: inout [SQLValue]) throws(ValueProblem) {
        guard !text.isEmpty else {
            if field.required { throw ValueProblem("\(field.name) is empty") }
            values.append(.null)
            return
        }
        switch field.type {
        case .text:
            values.append(.text(text))
        case .date:
            guard let date = CivilDate.parse(text) else { throw ValueProblem("\(text.quotedExcerpt) is not a date (use YYYY-MM-DD)") }
            values.append(.text(date.description))
        case .integer:
            guard let number = Int64(text) else { throw ValueProblem("\(text.quotedExcerpt) is not a whole number") }
            values.append(.integer(number))
        case .identity:
            guard let number = IdentityNumber.normalize(text, checkedOn: day) else {
                if let born = IdentityNumber.birthDateOutOfRange(text, checkedOn: day) {
                    throw ValueProblem("\(text.quotedExcerpt) is not a valid identity number: its birth date \(born) is "
                                       + (born < IdentityNumber.earliestBirth ? "before 1900" : "after \(day), the day it is checked on"))
                }
                throw ValueProblem("\(text.quotedExcerpt) is not a valid identity number (18 characters with a correct check character)")
            }
            values.append(.text(number.value))
        case .area:
            guard let code = AreaCode(text) else {
                throw ValueProblem("\(text.quotedExcerpt) is not an area code (12 digits, or the short forms of 2, 4, 6 or 9)")
            }
            values.append(.text(code.full))
        case .code(let vocabulary):
            guard let value = vocabulary.canonical(for: text) else {
                throw ValueProblem("\(text.quotedExcerpt) is not a known \(vocabulary.noun) (\(vocabulary.hint))")
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

extension String {
    /// Characters of input a message quotes at most: enough to recognise a value, not a
    /// whole file that has no line breaks.
    static let excerptLength = 60

    /// The text in quotes, cut to `excerptLength` characters with the full length said.
    var quotedExcerpt: String {
        let shown = count > String.excerptLength ? prefix(String.excerptLength) + "…" : Substring(self)
        let tail = count > String.excerptLength ? " (\(count) characters)" : ""
        return "\"" + shown.replacingOccurrences(of: "\0", with: "\u{2400}") + "\"" + tail
    }
}

extension Unicode.Scalar {
    fileprivate var isTrimmable: Bool { self == " " || self == "\t" || self == "\u{3000}" }
}
