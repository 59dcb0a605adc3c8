// AreaDirectory: the names of the areas file (spec section 3) held in memory, so a table
// of a few hundred areas names its rows without a query per row, and a user may name
// an area by its code or by its Chinese name.

/// Codes and names of the `areas` table.
public struct AreaDirectory: Sendable {
    private var byCode: [AreaCode: String] = [:]

    /// Reads the whole `areas` table.
    public init(_ db: Database) throws {
        for row in try db.query("SELECT code, name FROM areas") {
            guard let text = row[0].text, let code = AreaCode(text) else { continue }
            byCode[code] = row[1].text ?? ""
        }
    }

    /// The area's name, or "" when the areas file does not list it.
    public subscript(_ code: AreaCode) -> String { byCode[code] ?? "" }

    /// Every listed area inside `scope` (itself included).
    public func codes(inside scope: AreaCode) -> [AreaCode] {
        byCode.keys.filter { scope.contains($0) }
    }

    /// The area `text` names: a code (any of its short forms) or a name in `areas`.
    /// A name two areas share is refused with both codes, so the user can pick one.
    public func resolve(_ text: String) throws -> AreaCode {
        if let code = AreaCode(text) { return code }
        let matches = byCode.filter { $0.value == text }.keys.sorted { $0.full < $1.full }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            let near = byCode.values.filter { $0.contains(text) || text.contains($0) }.sorted().prefix(5)
            throw StatisticsError("no area is called \"\(text)\""
                                  + (near.isEmpty ? "; give a 12-digit code or a name from the areas file"
                                                  : "; did you mean \(near.joined(separator: ", "))?"))
        }
        throw StatisticsError("\"\(text)\" names \(matches.count) areas (\(matches.map(\.full).joined(separator: ", "))); "
                              + "give the code of the one you mean")
    }
}
