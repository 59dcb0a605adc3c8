// DemoIdentity: identity numbers (GB 11643-1999) as the demo city issues and damages
// them. The check character and the normalisation are written here rather than taken
// from the importer's IdentityNumber so the ground truth is an independent computation:
// a fault in one cannot hide in the other.

enum DemoIdentity {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432".utf8)

    /// The check character for the first 17 ASCII digits of `body`.
    static func checkCharacter<C: Collection>(_ body: C) -> UInt8 where C.Element == UInt8 {
        var sum = 0
        for (w, b) in zip(weights, body) { sum += w * Int(b - 48) }
        return checkCharacters[sum % 11]
    }

    /// The 18 characters of a number issued in `county` to someone born on `birth`
    /// with sequence `sequence` (odd for men, even for women).
    static func number(county: Int, birth: CivilDate, sequence: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(18)
        appendDigits(county, width: 6, to: &out)
        out.append(contentsOf: birth.compact.utf8)
        appendDigits(sequence, width: 3, to: &out)
        out.append(checkCharacter(out))
        return out
    }

    static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
        var digits = [UInt8](repeating: 48, count: width)
        var v = value
        for i in stride(from: width - 1, through: 0, by: -1) {
            digits[i] = UInt8(48 + v % 10)
            v /= 10
        }
        out.append(contentsOf: digits)
    }

    /// The number a correct reading of `raw` yields, or nil when none can be trusted:
    /// spaces (also full-width) dropped, full-width digits and X folded, lower-case x
    /// raised, a 15-digit number widened with `19` and a computed check character; the
    /// result must have a correct check character and a real birth date.
    static func normalize(_ raw: String) -> String? {
        var chars: [UInt8] = []
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x3000: continue
            case 0x30...0x39: chars.append(UInt8(scalar.value))
            case 0xFF10...0xFF19: chars.append(UInt8(scalar.value - 0xFF10 + 0x30))
            case 0x58, 0x78, 0xFF38, 0xFF58: chars.append(UInt8(ascii: "X"))
            default: return nil
            }
        }
        if chars.count == 15, !chars.contains(UInt8(ascii: "X")) {
            var widened = Array(chars[0..<6]) + Array("19".utf8) + Array(chars[6..<15])
            widened.append(checkCharacter(widened))
            chars = widened
        }
        guard chars.count == 18, chars[0..<17].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              checkCharacter(chars) == chars[17],
              CivilDate.parse(String(decoding: chars[6..<14], as: UTF8.self)) != nil
        else { return nil }
        return String(decoding: chars, as: UTF8.self)
    }
}

/// The damage section 2 of the exchange agreement lists, as it is written into feeds.
enum DemoIdDamage {
    case spaces, lowercaseX, fullWidth, fifteenDigit, typo, empty

    /// `number` (18 ASCII characters) as written with this damage; nil when the damage
    /// cannot apply (lower-case x needs a final X, 15 digits a birth year 19xx).
    func apply(to number: String, _ random: inout DemoRandom) -> String? {
        let chars = Array(number)
        switch self {
        case .spaces:
            let head = String(chars[0..<6]), tail = String(chars[6...])
            return random.chance(0.5) ? " \(head) \(tail) " : "\(head) \(tail)"
        case .lowercaseX:
            return chars.last == "X" ? String(chars.dropLast()) + "x" : nil
        case .fullWidth:
            return String(String.UnicodeScalarView(number.unicodeScalars.map {
                Unicode.Scalar($0.value + 0xFEE0)!
            }))
        case .fifteenDigit:
            guard String(chars[6..<8]) == "19" else { return nil }
            return String(chars[0..<6]) + String(chars[8..<17])
        case .typo:
            var out = chars
            let i = random.int(6...16)
            let old = out[i].wholeNumberValue!
            out[i] = Character(String((old + random.int(1...9)) % 10))
            return String(out)
        case .empty:
            return ""
        }
    }
}
