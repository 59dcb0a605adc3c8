// RegisterCodes: the derived codes of one person (DerivedColumns.persons) computed in
// Swift from the values the loader binds. DerivedColumns' SQL stays the definition and
// fills rows already stored (migration 3's backfill); this mirror exists because the
// importer's SQLite thread is the slower half of a load, and seven CASE expressions per
// row evaluated there cost more than these byte comparisons on the same thread.
// ImportPipelineTests holds the two to the same answer on every row of a demo city.

/// Where a register row's values hold the codes' sources: residence_area, hukou_area and
/// unit_code. The reading thread computes a row's codes with it, off the thread that
/// writes to SQLite; nil for a table without derived codes.
struct RegisterCodeSources: Sendable {
    private let residence: Int, hukou: Int, unit: Int

    init?(layout: RecordLayout) {
        guard layout.kind == .persons else { return nil }
        let columns = layout.valueColumns
        residence = columns.firstIndex(of: "residence_area")!
        hukou = columns.firstIndex(of: "hukou_area")!
        unit = columns.firstIndex(of: "unit_code")!
    }

    /// The derived values of one checked row, in RegisterCodes.columns' order.
    func codes(of values: [SQLValue]) -> [SQLValue] {
        RegisterCodes.values(residence: values[residence].text!, hukou: values[hukou].text!, unit: values[unit].text)
    }
}

enum RegisterCodes {
    /// The derived columns, in the order `values` gives them.
    static let columns = ["county", "township", "community", "hukou_county", "hukou_township",
                          "local_hukou", "population_type"]

    /// The city's four-digit prefix as bytes.
    private static let city = Array(AreaCode.city.prefix.utf8)

    /// The derived values for a person living in `residence` with hukou in `hukou`
    /// (both 12-digit codes as RowChecks stores them) and employed by `unit` (nil or empty
    /// when none).
    static func values(residence: String, hukou: String, unit: String?) -> [SQLValue] {
        let home = Array(residence.utf8), origin = Array(hukou.utf8)
        let populationType: SQLValue
        if !home.starts(with: city) {
            populationType = .null
        } else if origin.prefix(6) != home.prefix(6) {
            populationType = .text("floating")
        } else {
            populationType = .text((unit ?? "").isEmpty ? "community" : "unit")
        }
        return [code(home, level: .county), code(home, level: .township), code(home, level: .community),
                code(origin, level: .county), code(origin, level: .township),
                .integer(origin.starts(with: city) ? 1 : 0), populationType]
    }

    /// The 12-digit code of the area at `level` holding `area`; NULL when the code's
    /// segment for that level is zero (the code stops above it).
    private static func code(_ area: [UInt8], level: AreaLevel) -> SQLValue {
        let n = level.prefixLength
        let segment = level == .county ? area[4..<6] : area[(n - 3)..<n]
        guard segment.contains(where: { $0 != UInt8(ascii: "0") }) else { return .null }
        var full = Array(area.prefix(n))
        full.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 12 - n))
        return .text(String(decoding: full, as: UTF8.self))
    }
}
