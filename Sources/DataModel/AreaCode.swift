// AreaCode: the 12-digit statistical division codes of spec section 3. The level of a
// code shows in its zero segments; containment is by prefix at the containing area's
// own level, never by stripping trailing zeros (township 360502100000 is 360502100 and
// does not hold 360502101001).

/// The administrative level of an area, largest first.
public enum AreaLevel: String, CaseIterable, Comparable, Sendable {
    case province, city, county, township, community

    /// Significant digits of a code at this level.
    public var prefixLength: Int {
        switch self {
        case .province: return 2
        case .city: return 4
        case .county: return 6
        case .township: return 9
        case .community: return 12
        }
    }

    public static func < (a: AreaLevel, b: AreaLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A statistical division code.
public struct AreaCode: Hashable, Sendable, CustomStringConvertible {
    /// The 12 digits.
    public let full: String
    public let level: AreaLevel

    /// The city the centre serves (Xinyu).
    public static let city = AreaCode("360500")!

    /// Parses a 12-digit code or a short form of 2, 4, 6 or 9 digits (`3605`, `360502`,
    /// `360502001`). Surrounding spaces are ignored. nil when the text is not such a code
    /// or a segment below a zero segment is non-zero (`360500001000` names no area).
    public init?(_ text: String) {
        let digits = Array(text.utf8).trimmingSpaces()
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              AreaLevel.allCases.contains(where: { $0.prefixLength == digits.count })
        else { return nil }
        var padded = Array(digits)
        padded.append(contentsOf: repeatElement(48, count: 12 - padded.count))
        guard let level = AreaCode.level(of: padded) else { return nil }
        self.full = String(decoding: padded, as: UTF8.self)
        self.level = level
    }

    private init(full: String, level: AreaLevel) {
        self.full = full
        self.level = level
    }

    public var description: String { full }

    /// The significant digits at the code's own level (2, 4, 6, 9 or 12 of them).
    public var prefix: String { String(full.prefix(level.prefixLength)) }

    /// The area one level up; nil for a province.
    public var parent: AreaCode? {
        guard let index = AreaLevel.allCases.firstIndex(of: level), index > 0 else { return nil }
        return ancestor(at: AreaLevel.allCases[index - 1])
    }

    /// The area at `level` that holds this one (itself at its own level); nil when
    /// `level` is below this code's level.
    public func ancestor(at level: AreaLevel) -> AreaCode? {
        guard level <= self.level else { return nil }
        let kept = full.prefix(level.prefixLength)
        let full = String(kept) + String(repeating: "0", count: 12 - kept.count)
        return AreaCode(full: full, level: level)
    }

    /// True when `other` lies inside this area (an area contains itself).
    public func contains(_ other: AreaCode) -> Bool {
        other.level >= level && other.full.hasPrefix(prefix)
    }

    /// True when this area lies inside the city the centre serves.
    public var isInCity: Bool { AreaCode.city.contains(self) }

    /// Whether the 12-digit text names an area inside the city; false for anything unparseable.
    public static func isInCity(_ text: String) -> Bool {
        AreaCode(text)?.isInCity ?? false
    }

    /// The level shown by the zero segments, or nil when a non-zero segment follows a
    /// zero one or every segment is zero.
    private static func level(of digits: [UInt8]) -> AreaLevel? {
        var level: AreaLevel?
        var start = 0
        var sawZeroSegment = false
        for candidate in AreaLevel.allCases {
            let zero = digits[start..<candidate.prefixLength].allSatisfy { $0 == 48 }
            start = candidate.prefixLength
            if zero {
                sawZeroSegment = true
            } else {
                if sawZeroSegment { return nil }
                level = candidate
            }
        }
        return level
    }
}
