import XCTest
@testable import DataModel

final class CivilDateTests: XCTestCase {
    func testRoundTripAgainstKnownOrdinals() {
        // 2000-03-01 is day 11017 after 1970-01-01; 1969-12-31 is day -1.
        XCTAssertEqual(CivilDate(year: 2000, month: 3, day: 1)?.days, 11017)
        XCTAssertEqual(CivilDate(year: 1969, month: 12, day: 31)?.days, -1)
        for d in stride(from: Int32(-200_000), to: 200_000, by: 37) {
            let c = CivilDate(days: d).components
            XCTAssertEqual(CivilDate(year: c.year, month: c.month, day: c.day)?.days, d)
        }
    }

    func testRejectsImpossibleDays() {
        XCTAssertNil(CivilDate(year: 2025, month: 2, day: 29))
        XCTAssertNotNil(CivilDate(year: 2024, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 1900, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 2025, month: 13, day: 1))
    }

    func testParsesTheSpecFormats() {
        XCTAssertEqual(CivilDate.parse("2025-12-31")?.description, "2025-12-31")
        XCTAssertEqual(CivilDate.parse("20251231")?.description, "2025-12-31")
        XCTAssertEqual(CivilDate.parse("2025/1/5")?.description, "2025-01-05")
        XCTAssertNil(CivilDate.parse("2025-1-5"))
        XCTAssertNil(CivilDate.parse("2025-02-30"))
        XCTAssertNil(CivilDate.parse("31/12/2025"))
    }

    func testMonthArithmeticClampsToMonthEnd() {
        let d = CivilDate(year: 2025, month: 12, day: 31)!
        XCTAssertEqual(d.addingMonths(-6)?.description, "2025-06-30")
        XCTAssertEqual(CivilDate(year: 2024, month: 3, day: 31)!.addingMonths(-1)?.description, "2024-02-29")
        XCTAssertEqual(CivilDate(year: 2025, month: 1, day: 15)!.addingMonths(-13)?.description, "2023-12-15")
    }

    func testAgeInCompletedYears() {
        let birth = CivilDate(year: 1990, month: 6, day: 15)!
        XCTAssertEqual(birth.age(on: CivilDate(year: 2025, month: 12, day: 31)!), 35)
        XCTAssertEqual(birth.age(on: CivilDate(year: 2025, month: 6, day: 14)!), 34)
        XCTAssertEqual(birth.age(on: CivilDate(year: 2025, month: 6, day: 15)!), 35)
    }

    func testGB18030RoundTrip() {
        let text = "渝水区,城南街道,𠀀"
        let bytes = TextCodec.encodeGB18030(text)!
        XCTAssertFalse(TextCodec.isValidUTF8(bytes))
        XCTAssertEqual(TextCodec.decodeGB18030(bytes), text)
    }

    func testDisplayWidthCountsCJKAsTwoCells() {
        XCTAssertEqual(TextWidth.of("渝水区"), 6)
        XCTAssertEqual(TextWidth.of("ab渝"), 4)
        XCTAssertEqual(TextWidth.pad("渝", to: 4), "渝  ")
    }
}
