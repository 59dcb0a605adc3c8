// Mutator: programs of the corpus (the examples, the documentation's code blocks, the
// script tests) changed a little: characters cut, fragments spliced in, spans doubled,
// and numbers and strings swapped for extreme ones. Real scripts reach the deep
// builtins (control statistics, reports, the cross-check) the generator rarely does.

public struct Mutator {
    let corpus: [String]

    public init(corpus: [String]) {
        self.corpus = corpus.filter { !$0.isEmpty }
    }

    public var isEmpty: Bool { corpus.isEmpty }

    public func mutate(_ random: inout FuzzRandom) -> String {
        guard !corpus.isEmpty else { return "" }
        var chars = Array(random.pick(corpus))
        for _ in 0..<(1 + random.below(4)) where !chars.isEmpty {
            let at = random.below(chars.count)
            switch random.below(6) {
            case 0: chars.remove(at: at)
            case 1: chars.insert(contentsOf: Array(random.pick(FuzzValues.fragments)), at: at)
            case 2:
                let length = min(chars.count - at, random.below(20))
                chars.insert(contentsOf: chars[at..<(at + length)], at: at)
            case 3: chars.removeSubrange(at..<min(chars.count, at + random.below(10)))
            default: chars = replacingLiteral(chars, near: at, &random)
            }
        }
        return String(chars)
    }

    /// Swaps the number or string literal at or after `at` for an extreme value of a
    /// similar kind: the mutation that turns a working script into a trap finder.
    private func replacingLiteral(_ chars: [Character], near at: Int, _ random: inout FuzzRandom) -> [Character] {
        guard let start = chars[at...].firstIndex(where: { $0.isASCII && ($0.isNumber || $0 == "\"") }) else { return chars }
        var end = start + 1
        if chars[start] == "\"" {
            while end < chars.count, chars[end] != "\"", chars[end] != "\n" { end += 1 }
            end = min(chars.count, end + 1)
        } else {
            while end < chars.count, chars[end].isASCII, chars[end].isNumber || chars[end] == "." || chars[end] == "_" { end += 1 }
        }
        let replacement = chars[start] == "\"" ? random.pick(FuzzValues.strings + FuzzValues.formats)
            : random.pick(FuzzValues.extremeInts + FuzzValues.floats)
        return Array(chars[..<start]) + Array(replacement) + Array(chars[end...])
    }
}
