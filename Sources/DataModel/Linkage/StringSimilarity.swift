// StringSimilarity: the string comparators record linkage uses. Jaro-Winkler is the
// usual measure for names in probabilistic linkage; it is written here over Unicode
// scalars because Chinese names are two or three characters, where each character is
// one unit of evidence and a byte- or grapheme-based measure would weigh them wrongly.

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
