// Comparators: how one field of two records is compared. Each comparison gives a level
// (agree, partly agree, disagree) or nothing when either side is empty; the
// Fellegi-Sunter model turns levels into weights. The kinds are the ones analysts ask
// for on spreadsheets (exact, Jaro-Winkler, date, number with tolerance, typing errors
// in a code) plus area codes,
// whose hierarchy (community inside county) is domain knowledge no string measure has.
// Jaro-Winkler is written here over Unicode scalars because Chinese names are two or
// three characters, where each character is one unit of evidence and a byte- or
// grapheme-based measure would weigh them wrongly.

/// How closely two values agree.
public enum ComparisonLevel: Int, CaseIterable, Sendable {
    case agree = 0
    /// Close but not equal: a similar name, a date one typing error away, a number within tolerance.
    case partial = 1
    case disagree = 2

    public var name: String { ["agree", "partial", "disagree"][rawValue] }
}

/// The measure used for one field.
public enum ComparisonKind: Sendable, Equatable, CustomStringConvertible {
    /// Equal text agrees, anything else disagrees.
    case exact
    /// Equal text agrees; Jaro-Winkler similarity at or above `partialFrom` partly agrees.
    case jaroWinkler(partialFrom: Double)
    /// Equal text agrees; the same number of characters with exactly one different partly
    /// agrees when the name keeps its first character (the surname) or two others: a
    /// Chinese name typed from speech with one character replaced by another of the same
    /// sound (王丽慧 for 黄丽慧, 王方 for 王芳). A two-character name with another surname
    /// keeps a single character and disagrees (马芳 and 郭芳), and so does a character more
    /// or fewer (杨杰 and 杨杰磊, which Jaro-Winkler calls close).
    case characters
    /// Equal dates agree; dates within `toleranceDays`, one digit apart, or with month and
    /// day swapped partly agree.
    case date(toleranceDays: Int)
    /// Numbers within `tolerance` agree; within three times it, partly agree.
    case numeric(tolerance: Double)
    /// Statistical area codes: the same community agrees, the same county-level area partly.
    case area
    /// Codes of equal length differing in at most `maxDifferences` places agree (a number
    /// with a typing error); anything further disagrees.
    case hamming(maxDifferences: Int)
    /// Equal text agrees; text at most `maxEdits` typing errors away (a character wrong,
    /// missing or extra, or two neighbours exchanged: 2606 for 2660) partly agrees.
    case typo(maxEdits: Int)

    /// Whether the kind reads its values as dates.
    var comparesDates: Bool {
        if case .date = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .exact: return "exact"
        case .jaroWinkler(let t): return "jaro_winkler(\(t))"
        case .characters: return "characters"
        case .date(let d): return "date(\(d) days)"
        case .numeric(let t): return "numeric(±\(t))"
        case .area: return "area"
        case .hamming(let n): return "hamming(\(n))"
        case .typo(let n): return "typo(\(n))"
        }
    }

    /// The level for two values, nil when either is missing (empty or unreadable).
    public func compare(_ a: String?, _ b: String?) -> ComparisonLevel? {
        guard let a = a?.trimmed(), let b = b?.trimmed(), !a.isEmpty, !b.isEmpty else { return nil }
        switch self {
        case .exact:
            return a == b ? .agree : .disagree
        case .jaroWinkler(let partialFrom):
            if a == b { return .agree }
            return StringSimilarity.jaroWinkler(a, b) >= partialFrom ? .partial : .disagree
        case .characters:
            if a == b { return .agree }
            let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
            let oneReplaced = x.count == y.count && zip(x, y).filter { $0 != $1 }.count == 1
            return oneReplaced && (x.first == y.first || x.count >= 3) ? .partial : .disagree
        case .date(let tolerance):
            guard let x = CivilDate.parse(a), let y = CivilDate.parse(b) else { return nil }
            return ComparisonKind.compareDates(x, y, tolerance: tolerance)
        case .numeric(let tolerance):
            guard let x = Double(a), let y = Double(b) else { return nil }
            let gap = abs(x - y)
            return gap <= tolerance ? .agree : (gap <= 3 * tolerance ? .partial : .disagree)
        case .area:
            guard let x = AreaCode(a), let y = AreaCode(b) else { return nil }
            if x == y { return .agree }
            let county = x.ancestor(at: .county)
            return county != nil && county == y.ancestor(at: .county) ? .partial : .disagree
        case .hamming(let maxDifferences):
            let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
            guard x.count == y.count else { return .disagree }
            return zip(x, y).filter { $0 != $1 }.count <= maxDifferences ? .agree : .disagree
        case .typo(let maxEdits):
            if a == b { return .agree }
            return StringSimilarity.typingErrors(a, b, atMost: maxEdits) <= maxEdits ? .partial : .disagree
        }
    }

    static func compareDates(_ x: CivilDate, _ y: CivilDate, tolerance: Int) -> ComparisonLevel {
        if x == y { return .agree }
        if abs(Int(x.days) - Int(y.days)) <= tolerance { return .partial }
        let (a, b) = (x.components, y.components)
        if a.year == b.year && a.month == b.day && a.day == b.month { return .partial }
        return StringSimilarity.differsInOnePlace(x.compact, y.compact) ? .partial : .disagree
    }

    /// Parses the names analysts write: `exact`, `jaro_winkler`, `characters`, `date`, `numeric`, `area`.
    /// `tolerance` is the partial threshold, the days or the numeric tolerance; nil takes the default.
    public static func named(_ name: String, tolerance: Double? = nil) -> ComparisonKind? {
        switch name {
        case "exact": return .exact
        case "jaro_winkler", "jw", "string": return .jaroWinkler(partialFrom: tolerance ?? 0.85)
        case "date": return .date(toleranceDays: Int(tolerance ?? 0))
        case "numeric", "number": return .numeric(tolerance: tolerance ?? 0)
        case "area": return .area
        case "characters": return .characters
        case "hamming": return .hamming(maxDifferences: Int(tolerance ?? 1))
        case "typo", "damerau": return .typo(maxEdits: Int(tolerance ?? 1))
        default: return nil
        }
    }

    public static let names = ["exact", "jaro_winkler", "characters", "date", "numeric", "area", "hamming", "typo"]
}

/// One field compared between the left and the right record.
public struct FieldComparison: Sendable {
    /// What the field is called in explanations (the left column's name by default).
    public var name: String
    public var left: String
    public var right: String
    public var kind: ComparisonKind
    /// When set, an agreement on a frequent value weighs less than on a rare one: the
    /// chance that two unrelated records agree is the value's share of the right side.
    public var frequencyAdjusted: Bool
    /// The name of another compared field that may hold this one's value by mistake (a
    /// given name written as the surname): exchanged values partly agree.
    public var swappedWith: String?

    public init(_ name: String, left: String? = nil, right: String? = nil, kind: ComparisonKind,
                frequencyAdjusted: Bool = false, swappedWith: String? = nil) {
        self.name = name
        self.left = left ?? name
        self.right = right ?? left ?? name
        self.kind = kind
        self.frequencyAdjusted = frequencyAdjusted
        self.swappedWith = swappedWith
    }
}

/// String comparators of record linkage.
public enum StringSimilarity {
    /// Jaro similarity in 0...1: 1 for equal strings, 0 when nothing matches.
    public static func jaro(_ a: String, _ b: String) -> Double {
        jaro(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    /// Jaro-Winkler similarity in 0...1: Jaro raised for a common prefix of up to four
    /// scalars (scale 0.1), since the start of a name is the part least often misspelt.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        let j = jaro(x, y)
        var prefix = 0
        while prefix < min(4, x.count, y.count), x[prefix] == y[prefix] { prefix += 1 }
        return j + Double(prefix) * 0.1 * (1 - j)
    }

    static func jaro(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar]) -> Double {
        if x.isEmpty && y.isEmpty { return 1 }
        if x.isEmpty || y.isEmpty { return 0 }
        let window = max(0, max(x.count, y.count) / 2 - 1)
        var xMatched = [Bool](repeating: false, count: x.count)
        var yMatched = [Bool](repeating: false, count: y.count)
        var matches = 0
        for i in x.indices {
            let lo = max(0, i - window), hi = min(y.count - 1, i + window)
            guard lo <= hi else { continue }
            for j in lo...hi where !yMatched[j] && x[i] == y[j] {
                xMatched[i] = true
                yMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0, k = 0
        for i in x.indices where xMatched[i] {
            while !yMatched[k] { k += 1 }
            if x[i] != y[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        return (m / Double(x.count) + m / Double(y.count) + (m - Double(transpositions / 2)) / m) / 3
    }

    /// The Damerau-Levenshtein distance (optimal string alignment) over Unicode scalars:
    /// characters replaced, dropped, added, or two neighbours exchanged, each one error.
    /// Past `atMost` the count stops and `atMost + 1` is returned, so a long pair of
    /// unrelated values costs no more than a short one.
    public static func typingErrors(_ a: String, _ b: String, atMost limit: Int) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard abs(x.count - y.count) <= limit else { return limit + 1 }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var before = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count), current = before
        for i in 1...x.count {
            current[0] = i
            var best = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
                best = min(best, current[j])
            }
            if best > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return min(previous[y.count], limit + 1)
    }

    /// True when the two strings have the same length and differ in exactly one place:
    /// the typing error of a date written as digits.
    public static func differsInOnePlace(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var differences = 0
        for (p, q) in zip(x, y) where p != q {
            differences += 1
            if differences > 1 { return false }
        }
        return differences == 1
    }
}
