// Identity numbers against GB 11643-1999 (spec section 2): the standard's own example,
// numbers from the sample feeds, and each kind of damage the feeds carry.

import XCTest
@testable import DataModel

final class IdentityNumberTests: XCTestCase {
    func testStandardExample() throws {
        let number = try XCTUnwrap(IdentityNumber.normalize("11010519491231002X"))
        XCTAssertEqual(number.value, "11010519491231002X")
        XCTAssertEqual(number.birthDate, CivilDate(year: 1949, month: 12, day: 31))
        XCTAssertEqual(number.sex, "F")
        XCTAssertEqual(number.areaCode, "110105")
        XCTAssertTrue(IdentityNumber.isValid("11010519491231002X"))
    }

    func testCheckCharacterTableFromTheSpec() {
        // Weighted sums chosen so the remainder runs 0...10; the expected characters are
        // the spec's table, and the sums are computed here, not by the code under test.
        let expected = Array("10X98765432")
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var seen = Set<Int>()
        for seq in 0..<1000 where seen.count < 11 {
            let body = "110105194912310" + String(format: "%02d", seq % 100)
            let digits = Array(body).compactMap { $0.wholeNumberValue }
            guard digits.count == 17 else { continue }
            let remainder = zip(digits, weights).map(*).reduce(0, +) % 11
            guard seen.insert(remainder).inserted else { continue }
            let full = body + String(expected[remainder])
            XCTAssertTrue(IdentityNumber.isValid(full), full)
            let wrong = body + (expected[remainder] == "0" ? "1" : "0")
            XCTAssertNil(IdentityNumber.normalize(wrong), wrong)
        }
        XCTAssertEqual(seen.count, 11)
    }

    func testSexFromTheSequence() {
        XCTAssertEqual(IdentityNumber.normalize("360502199212045191")?.sex, "M")
        XCTAssertEqual(IdentityNumber.normalize("360502199802242224")?.sex, "F")
    }

    func testRepairsTheUsualDamage() {
        // Spaces and a lower-case x (hukou-2025-08), full-width digits (hukou-2025-03).
        XCTAssertEqual(IdentityNumber.normalize(" 360521 19780405370x ")?.value, "36052119780405370X")
        XCTAssertEqual(IdentityNumber.normalize("３６０５０２１９３５０６２４７５５Ｘ")?.value, "36050219350624755X")
        XCTAssertEqual(IdentityNumber.normalize("360502\u{3000}194111213237")?.value, "360502194111213237")
    }

    func testFifteenDigitNumbersGainCenturyAndCheck() {
        // Expected values computed independently with the MOD 11-2 rule.
        XCTAssertEqual(IdentityNumber.normalize("360521561026119")?.value, "36052119561026119X")
        XCTAssertEqual(IdentityNumber.normalize("360502750113012")?.value, "360502197501130123")
        XCTAssertEqual(IdentityNumber.normalize("360502950519898")?.birthDate.description, "1995-05-19")
        XCTAssertFalse(IdentityNumber.isValid("360521561026119"))
    }

    func testRefusesWhatCannotBeTrusted() {
        XCTAssertNil(IdentityNumber.normalize(""))
        XCTAssertNil(IdentityNumber.normalize("360502199908303940"))   // typing error: check fails
        XCTAssertNil(IdentityNumber.normalize("36050219990830394"))    // 17 characters
        XCTAssertNil(IdentityNumber.normalize("360502199902300009"))   // 1999-02-30
        XCTAssertNil(IdentityNumber.normalize("3605021999083039A0"))
        XCTAssertNil(IdentityNumber.normalize("360502X99908303940"))
    }

    func testNeighboursAreEveryValidNumberATypingErrorAway() {
        // The reference tries every character in every place (and every pair of places for
        // two errors), keeping numbers whose check, computed here, is right and whose date is real.
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        func valid(_ chars: [Character]) -> Bool {
            let digits = chars.prefix(17).compactMap { $0.wholeNumberValue }
            guard digits.count == 17 else { return false }
            let check = Array("10X98765432")[zip(digits, weights).map(*).reduce(0, +) % 11]
            return chars[17] == check && CivilDate.parse(String(chars[6..<14])) != nil
        }
        func reference(_ raw: String, within errors: Int) -> Set<String> {
            let alphabet = Array("0123456789X")
            var found = Set<String>()
            func vary(_ chars: [Character], from start: Int, left: Int) {
                if valid(chars) { found.insert(String(chars)) }
                guard left > 0 else { return }
                for i in start..<18 {
                    for c in alphabet where c != chars[i] {
                        var changed = chars
                        changed[i] = c
                        vary(changed, from: i + 1, left: left - 1)
                    }
                }
            }
            vary(Array(raw), from: 0, left: errors)
            return found
        }
        for raw in ["360502199908303940", "360502199902300009", "3605021999083039?0", "11010519491231002X",
                    "360502194111213230", "X60502194111213237"] {
            for errors in [0, 1, 2] {
                let found = IdentityNumber.neighbours(of: raw, within: errors)
                XCTAssertEqual(found.count, Set(found).count, "\(raw) within \(errors): each once")
                XCTAssertEqual(Set(found), reference(raw, within: errors), "\(raw) within \(errors)")
            }
        }
        // A typing error in the check: the one right check character; in a date digit: the real date back.
        XCTAssertEqual(IdentityNumber.neighbours(of: "11010519491231002X", within: 1), ["11010519491231002X"])
        XCTAssertTrue(IdentityNumber.neighbours(of: "110105194912310021", within: 1).contains("11010519491231002X"))
        XCTAssertTrue(IdentityNumber.neighbours(of: "11010514491231002X", within: 1).contains("11010519491231002X"))
        XCTAssertEqual(IdentityNumber.neighbours(of: "1101051949123100", within: 1), [])
    }

    func testBirthDateOfADamagedNumber() {
        // death-2025-08 carries 360502199908303940 (check fails); its 8 date digits are real.
        XCTAssertEqual(IdentityNumber.birthDateEvenIfDamaged("360502199908303940")?.description, "1999-08-30")
        XCTAssertEqual(IdentityNumber.birthDateEvenIfDamaged("360402199107228200")?.description, "1991-07-22")
        XCTAssertNil(IdentityNumber.birthDateEvenIfDamaged("360502199913303940"))
        XCTAssertNil(IdentityNumber.birthDateEvenIfDamaged("abc"))
        XCTAssertEqual(IdentityNumber.birthDateEvenIfDamaged("360521561026119")?.description, "1956-10-26")
    }
}
