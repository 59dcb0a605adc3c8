// Standard library, dates: today, date, year, month, day, add_months, age. Ages are
// in completed years (the birthday must have been reached), the rule of every
// indicator that counts women aged 15-49.

import DataModel
#if canImport(Glibc)
import Glibc
#endif

let dateBuiltins: [Builtin] = [
    Builtin("today()", doc: "The current date on this machine's calendar.",
            example: "today() > @2025-01-01", result: "true") { _ in .date(currentDate()) },
    Builtin("date(x, month = null, day = null)",
            doc: "A date from text (2025-12-31, 20251231 or 2025/12/31) or from year, month and day.",
            example: "date(\"2025/6/30\")", result: "@2025-06-30") { c in
        if c[1].isNull {
            let s = try c.string(0)
            guard let d = CivilDate.parse(s) else {
                throw c.error("cannot read \(quote(s)) as a date", hint: "write YYYY-MM-DD, YYYYMMDD or YYYY/M/D")
            }
            return .date(d)
        }
        let y = try c.int(0), m = try c.int(1), d = try c.int(2)
        guard let day = CivilDate(year: Int(y), month: Int(m), day: Int(d)) else {
            throw c.error("\(y)-\(m)-\(d) is not a day of the calendar")
        }
        return .date(day)
    },
    Builtin("year(d)", doc: "The year of a date.", example: "year(@2025-12-31)", result: "2025") { c in
        .int(Int64(try c.date(0).year))
    },
    Builtin("month(d)", doc: "The month of a date, 1 to 12.", example: "month(@2025-12-31)", result: "12") { c in
        .int(Int64(try c.date(0).month))
    },
    Builtin("day(d)", doc: "The day of the month, 1 to 31.", example: "day(@2025-12-31)", result: "31") { c in
        .int(Int64(try c.date(0).day))
    },
    Builtin("add_months(d, n)", doc: "The date n calendar months later (earlier if n < 0), kept within the month.",
            example: "add_months(@2025-12-31, -6)", result: "@2025-06-30") { c in
        let d = try c.date(0), n = try c.int(1)
        guard let r = d.addingMonths(Int(n)) else {
            throw c.error("date out of range: \(d) moved by \(n) months leaves the years 1-9999")
        }
        return .date(r)
    },
    Builtin("age(birth, on = null)", doc: "Age in completed years on a date (today when omitted).",
            example: "age(@1990-06-15, on: @2025-12-31)", result: "35") { c in
        if c[0].isNull { return .null }
        let on = c[1].isNull ? currentDate() : try c.date(1)
        return .int(Int64(try c.date(0).age(on: on)))
    },
]

/// Today in local time: the centre's clock, not UTC (a report run at 07:00 in Xinyu
/// is dated that day).
func currentDate() -> CivilDate {
    var t = time(nil)
    var parts = tm()
    localtime_r(&t, &parts)
    return CivilDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
}
