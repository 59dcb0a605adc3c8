// PlanRewrites: turns conditions the database could only test row by row into ones an
// index can serve. An age compared with a constant on a known day is a birth-date range
// (the birth date is indexed, the age is not); an area test on the register's residence
// or hukou code uses the stored county/township/community codes.

struct PlanRewrites {
    /// The table behind each FROM alias.
    let aliasTables: [String: String]

    func rewrite(_ e: PlanExpr) -> PlanExpr {
        switch e {
        case .binary(.and, let a, let b): return .binary(.and, rewrite(a), rewrite(b))
        case .binary(.or, let a, let b): return .binary(.or, rewrite(a), rewrite(b))
        case .not(let a): return .not(rewrite(a))
        case .binary(let op, .age(let birth, .value(let on, _)), .value(.integer(let k), _)) where op.isComparison:
            return ageRange(op, birth, on, years(k)) ?? e
        case .binary(let op, .value(.integer(let k), _), .age(let birth, .value(let on, _))) where op.isComparison:
            return ageRange(op.mirrored, birth, on, years(k)) ?? e
        case .between(.age(let birth, .value(let on, _)), .value(.integer(let lo), _), .value(.integer(let hi), _), false):
            guard let day = date(on), lo <= hi else { return e }
            return .binary(.and, .binary(.greater, birth, bound(day, years(hi) + 1)),
                           .binary(.lessOrEqual, birth, bound(day, years(lo))))
        case .inside(.qualified(let alias, let column), let prefix):
            guard let table = aliasTables[alias],
                  let stored = DerivedColumns.areaShortcut(table: table, column: column, prefixLength: prefix.count)
            else { return e }
            let full = prefix + String(repeating: "0", count: 12 - prefix.count)
            return .binary(.equal, .qualified(alias: alias, column: stored), .value(.text(full), .text))
        default:
            return e
        }
    }

    /// The birth-date condition equal to `age(birth, on) op k`. Completed years reach k
    /// on the day-of-year of `on`, k years earlier, compared as ISO text — so the bound
    /// may name a day that does not exist (2011-02-29) and still sorts where it should.
    private func ageRange(_ op: PlanOperator, _ birth: PlanExpr, _ on: SQLValue, _ k: Int64) -> PlanExpr? {
        guard let day = date(on) else { return nil }
        switch op {
        case .greaterOrEqual: return .binary(.lessOrEqual, birth, bound(day, k))
        case .greater: return .binary(.lessOrEqual, birth, bound(day, k + 1))
        case .lessOrEqual: return .binary(.greater, birth, bound(day, k + 1))
        case .less: return .binary(.greater, birth, bound(day, k))
        case .equal:
            return .binary(.and, .binary(.greater, birth, bound(day, k + 1)), .binary(.lessOrEqual, birth, bound(day, k)))
        default: return nil
        }
    }

    /// An age from the script, brought within ±100,000 years: every bound past the
    /// calendar's ends is the same (year 0 or 9999), and the arithmetic on it below
    /// cannot overflow.
    private func years(_ k: Int64) -> Int64 {
        min(max(k, -100_000), 100_000)
    }

    private func date(_ value: SQLValue) -> CivilDate? {
        value.text.flatMap { CivilDate.parse($0) }
    }

    /// The latest birth date at which a person is `years` old on `day`, as ISO text.
    private func bound(_ day: CivilDate, _ years: Int64) -> PlanExpr {
        let (y, m, d) = day.components
        let year = max(0, min(9999, Int64(y) - years))
        func pad(_ n: Int64, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return .value(.text("\(pad(year, 4))-\(pad(Int64(m), 2))-\(pad(Int64(d), 2))"), .date)
    }
}

extension PlanOperator {
    /// The operator with its operands swapped: `k < x` is `x > k`.
    var mirrored: PlanOperator {
        switch self {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return self
        }
    }
}
