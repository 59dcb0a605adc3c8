// Blocking and the forms of dates: which pairs of rows the linker compares at all (the
// rows sharing a value of any blocking key, the keys unioned, each pair remembering the
// keys it agrees on for EM), and the date columns brought to one written form first so
// that the same birthday typed two ways meets itself.

struct Blocking {
    struct Pair: Hashable { let left: Int; let right: Int }

    private(set) var pairs: [Pair] = []
    /// For each pair, the blocking keys it agrees on (bit k for key k).
    private(set) var keysOfPair: [UInt64] = []

    /// `skippingSelf` leaves out each row paired with itself (the two tables are one).
    init(_ left: LinkTable, _ right: LinkTable, keys: [BlockingKey], skippingSelf: Bool = false) throws {
        if keys.isEmpty {
            guard left.rows.count * right.rows.count <= LinkOptions.unblockedPairLimit else {
                throw LinkError("linking \(left.rows.count) rows with \(right.rows.count) without a blocking key would "
                                + "compare every pair; give block: [\"column\", ...] (e.g. a birth date or a name)")
            }
            pairs = left.rows.indices.flatMap { l in
                right.rows.indices.filter { !skippingSelf || $0 != l }.map { Pair(left: l, right: $0) }
            }
            keysOfPair = pairs.map { _ in 0 }
            return
        }
        guard keys.count <= 64 else { throw LinkError("at most 64 blocking keys (\(keys.count) given)") }
        var position: [Pair: Int] = [:]
        for (k, key) in keys.enumerated() {
            guard key.left.count == key.right.count, !key.left.isEmpty else {
                throw LinkError("blocking key \(key) pairs \(key.left.count) left columns with \(key.right.count) right ones")
            }
            let l = try key.left.map(left.position(of:)), r = try key.right.map(right.position(of:))
            var index: [[String]: [Int]] = [:]
            for (i, row) in right.rows.enumerated() {
                if let value = Blocking.value(row, r) { index[value, default: []].append(i) }
            }
            for (i, row) in left.rows.enumerated() {
                guard let value = Blocking.value(row, l), let block = index[value] else { continue }
                for j in block where !skippingSelf || j != i {
                    let pair = Pair(left: i, right: j)
                    if let p = position[pair] {
                        keysOfPair[p] |= 1 << UInt64(k)
                    } else {
                        position[pair] = pairs.count
                        pairs.append(pair)
                        keysOfPair.append(1 << UInt64(k))
                    }
                }
            }
        }
    }

    /// The key's values in a row, nil when any is empty. Dates are compared as written,
    /// so both sides should carry ISO dates (the database and `read_csv` both do).
    private static func value(_ row: [String?], _ positions: [Int]) -> [String]? {
        var out: [String] = []
        for p in positions {
            guard let v = row[p]?.trimmed(), !v.isEmpty else { return nil }
            out.append(v)
        }
        return out
    }
}

/// The column pairs that hold dates on either side (a date comparison, or a column one
/// table holds as dates, compared or blocked against the other's), whose values are
/// brought to one form, ISO, before anything is compared.
struct DatePairs {
    private let left: LinkTable, right: LinkTable
    private var leftColumns: Set<Int> = [], rightColumns: Set<Int> = []

    init(_ left: LinkTable, _ right: LinkTable, _ options: LinkOptions) throws {
        self.left = left
        self.right = right
        var pairs = options.comparisons.map { ($0.left, $0.right, $0.kind.comparesDates) }
        for key in options.blocks where key.left.count == key.right.count {
            pairs += zip(key.left, key.right).map { ($0, $1, false) }
        }
        for (l, r, dates) in pairs where dates || left.dateColumns.contains(l) || right.dateColumns.contains(r) {
            leftColumns.insert(try left.position(of: l))
            rightColumns.insert(try right.position(of: r))
        }
    }

    func canonical() -> (LinkTable, LinkTable) {
        (Self.canonical(left, leftColumns), Self.canonical(right, rightColumns))
    }

    private static func canonical(_ table: LinkTable, _ columns: Set<Int>) -> LinkTable {
        guard !columns.isEmpty else { return table }
        var out = table
        for r in out.rows.indices {
            for c in columns {
                if let v = out.rows[r][c], let date = CivilDate.parse(v) { out.rows[r][c] = date.description }
            }
        }
        return out
    }
}
