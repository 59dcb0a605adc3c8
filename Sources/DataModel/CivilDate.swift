// CivilDate: a calendar day without time or zone, as the register, WIS and the feeds
// record them. Stored as days since 1970-01-01 so arithmetic and comparison are
// integer operations; conversions use Howard Hinnant's days-from-civil algorithm,
// exact for the proleptic Gregorian calendar.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var days: Int32

    public init(days: Int32) { self.days = days }

    /// Today on the centre's clock (local time).
    public static var today: CivilDate {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return CivilDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }

    /// nil when the fields do not name a real day (2025-02-30, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.days = Int32(era * 146097 + doe - 719468)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Calendar-month arithmetic clamped to the end of a shorter month:
    /// 2025-08-31 plus -2 months is 2025-06-30 (the spec's rule for "six months before").
    /// nil when the result falls outside years 1-9999 (n may be any Int: a script's).
    public func addingMonths(_ n: Int) -> CivilDate? {
        let (y, m, d) = components
        // The calendar spans fewer than 120,000 months, so a larger n cannot land in it
        // and the sums below cannot overflow.
        guard n.magnitude < 200_000 else { return nil }
        let total = y * 12 + (m - 1) + n
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        return CivilDate(year: ny, month: nm, day: min(d, CivilDate.daysIn(month: nm, year: ny)))
    }

    /// nil when the result falls outside years 1-9999 (n may be any Int: a script's).
    public func addingDays(_ n: Int) -> CivilDate? {
        let (v, overflow) = Int(days).addingReportingOverflow(n)
        guard !overflow, v >= Int(CivilDate.earliest.days), v <= Int(CivilDate.latest.days) else { return nil }
        return CivilDate(days: Int32(v))
    }

    /// Like `addingMonths`, but a result before the calendar's first day is that day and
    /// one after its last day is that day: for bounds of a period ("born after the day
    /// 50 years before"), where no one lies beyond the calendar anyway.
    public func clampedAddingMonths(_ n: Int) -> CivilDate {
        addingMonths(n) ?? (n < 0 ? CivilDate.earliest : CivilDate.latest)
    }

    /// 0001-01-01 and 9999-12-31, the days the calendar holds.
    public static let earliest = CivilDate(days: -719_162)
    public static let latest = CivilDate(days: 2_932_896)

    /// Age in completed years on `date`: the birthday must have been reached.
    public func age(on date: CivilDate) -> Int {
        let b = components, o = date.components
        var a = o.year - b.year
        if (o.month, o.day) < (b.month, b.day) { a -= 1 }
        return a
    }

    /// ISO form, `2025-12-31`.
    public var description: String {
        let (y, m, d) = components
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// Compact form used inside identity numbers, `20251231`.
    public var compact: String {
        let (y, m, d) = components
        return pad(y, 4) + pad(m, 2) + pad(d, 2)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.days < b.days }

    /// Parses the exchange formats of the spec (section 1): `YYYY-MM-DD`, `YYYYMMDD`
    /// and `YYYY/M/D`. Surrounding spaces are ignored; anything else is nil.
    public static func parse<S: StringProtocol>(_ text: S) -> CivilDate? {
        let bytes = Array(text.utf8).trimmingSpaces()
        if bytes.count == 8, bytes.allSatisfy(isDigit) {
            return CivilDate(year: number(bytes[0..<4]), month: number(bytes[4..<6]), day: number(bytes[6..<8]))
        }
        for sep: UInt8 in [UInt8(ascii: "-"), UInt8(ascii: "/")] {
            let parts = bytes.split(separator: sep, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4,
                  (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
                  parts.allSatisfy({ $0.allSatisfy(isDigit) }) else { continue }
            if sep == UInt8(ascii: "-"), parts[1].count != 2 || parts[2].count != 2 { continue }
            return CivilDate(year: number(parts[0]), month: number(parts[1]), day: number(parts[2]))
        }
        return nil
    }
}

private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

private func number<C: Collection>(_ digits: C) -> Int where C.Element == UInt8 {
    digits.reduce(0) { $0 * 10 + Int($1 - 48) }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Array where Element == UInt8 {
    func trimmingSpaces() -> ArraySlice<UInt8> {
        var lo = startIndex, hi = endIndex
        while lo < hi, self[lo] == 32 || self[lo] == 9 { lo += 1 }
        while hi > lo, self[hi - 1] == 32 || self[hi - 1] == 9 { hi -= 1 }
        return self[lo..<hi]
    }
}
