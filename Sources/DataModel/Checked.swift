// Checked: arithmetic on numbers that come from scripts and files, where a wrapped or
// trapping result is never acceptable. Swift traps on overflow and on converting a
// float that does not fit; these return nil instead, so the caller can report the
// error at the script's place. Also the limits on what a machine is asked to hold.

public enum Checked {
    public static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : r
    }

    public static func subtract(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : r
    }

    public static func multiply(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : r
    }

    public static func negate(_ a: Int64) -> Int64? { subtract(0, a) }

    /// The remainder with the sign of the divisor (Python's and the language's `%`);
    /// nil for a zero divisor. `Int64.min % -1` traps in Swift although its answer is 0.
    public static func modulo(_ a: Int64, _ b: Int64) -> Int64? {
        guard b != 0 else { return nil }
        guard b != -1 else { return 0 }
        let m = a % b
        return m != 0 && (m < 0) != (b < 0) ? m + b : m
    }

    /// The quotient rounded toward negative infinity; nil for a zero divisor and for
    /// `Int64.min` divided by -1, whose quotient does not fit.
    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64? {
        guard b != 0, !(a == .min && b == -1) else { return nil }
        let q = a / b
        return a % b != 0 && (a < 0) != (b < 0) ? q - 1 : q
    }

    /// The integer part of a float, nil for NaN, the infinities and anything outside
    /// Int64 (`Int64(x)` traps on those).
    public static func integer(_ x: Double) -> Int64? {
        guard x.isFinite, x >= -9.223_372_036_854_775_808e18, x < 9.223_372_036_854_775_808e18 else { return nil }
        return Int64(x)
    }

    /// How many numbers `stride(from: lo, to: hi, by: step)` yields, computed without
    /// overflow (the span of two Int64s can exceed Int64). nil for a zero step.
    public static func strideCount(from lo: Int64, to hi: Int64, by step: Int64) -> UInt64? {
        guard step != 0 else { return nil }
        guard step > 0 ? hi > lo : hi < lo else { return 0 }
        let span = step > 0 ? UInt64(bitPattern: hi &- lo) : UInt64(bitPattern: lo &- hi)
        let magnitude = step.magnitude
        return span / magnitude + (span % magnitude == 0 ? 0 : 1)
    }

    /// The numbers `lo, lo + step, ...` before `hi`, at most `limit` of them: nil when
    /// there would be more (a list that long is a mistake, not a request).
    public static func stride(from lo: Int64, to hi: Int64, by step: Int64, limit: Int) -> [Int64]? {
        guard let count = strideCount(from: lo, to: hi, by: step), count <= UInt64(limit) else { return nil }
        var out: [Int64] = []
        out.reserveCapacity(Int(count))
        var v = lo
        for i in 0..<Int(count) {
            out.append(v)
            // The step after the last number may leave Int64; that value is never used.
            if i + 1 < Int(count) { v = v &+ step }
        }
        return out
    }
}

/// Sizes a script may ask for. A request beyond them is an error with the limit named,
/// not an allocation that runs the machine out of memory.
public enum Limits {
    /// Items in one list made by `range`, `a..b` or joining lists with `+`.
    public static let listLength = 10_000_000
    /// Bytes (UTF-8) of one string made by `+`, `replace` or `join`: 64 MB, far past any
    /// name, address or report line; doubling a string in a loop stops here.
    public static let textBytes = 64 << 20
    /// Cells of a `format` width: wider than any report or terminal.
    public static let formatWidth = 10_000
    /// Decimals of `format` and `round`: a double holds about 17 significant digits.
    public static let decimals = 100
    /// Rows `show` draws at once.
    public static let shownRows = 1_000_000
}
