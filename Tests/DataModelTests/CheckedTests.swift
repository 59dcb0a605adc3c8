// Checked arithmetic and the calendar's edges: every operation a script's numbers
// reach answers nil (an error for the script) where Swift would trap.

import XCTest
@testable import DataModel

final class CheckedTests: XCTestCase {
    func testOverflowIsNil() {
        XCTAssertNil(Checked.add(.max, 1))
        XCTAssertNil(Checked.subtract(.min, 1))
        XCTAssertNil(Checked.multiply(.max, 2))
        XCTAssertNil(Checked.negate(.min))
        XCTAssertEqual(Checked.negate(.max), -.max)
    }

    func testModuloAndDivisionAtTheEnds() {
        XCTAssertEqual(Checked.modulo(.min, -1), 0)
        XCTAssertEqual(Checked.modulo(-7, 3), 2)
        XCTAssertEqual(Checked.modulo(7, -3), -2)
        XCTAssertNil(Checked.modulo(1, 0))
        XCTAssertNil(Checked.floorDivide(.min, -1))
        XCTAssertEqual(Checked.floorDivide(-7, 2), -4)
        XCTAssertEqual(Checked.floorDivide(.min, 1), .min)
    }

    func testFloatsThatDoNotFitAreNil() {
        XCTAssertNil(Checked.integer(.nan))
        XCTAssertNil(Checked.integer(.infinity))
        XCTAssertNil(Checked.integer(9_223_372_036_854_775_808.0))
        XCTAssertEqual(Checked.integer(-9_223_372_036_854_775_808.0), .min)
        XCTAssertEqual(Checked.integer(-2.9), -2)
    }

    func testStridesCountWithoutOverflow() {
        XCTAssertEqual(Checked.strideCount(from: .min, to: .max, by: 1), UInt64.max)
        XCTAssertEqual(Checked.strideCount(from: .max, to: .min, by: .min), 2)
        XCTAssertEqual(Checked.strideCount(from: 0, to: 10, by: 3), 4)
        XCTAssertEqual(Checked.strideCount(from: 10, to: 0, by: 1), 0)
        XCTAssertNil(Checked.strideCount(from: 0, to: 1, by: 0))
        XCTAssertEqual(Checked.stride(from: .max - 7, to: .max, by: 5, limit: 10), [.max - 7, .max - 2])
        XCTAssertEqual(Checked.stride(from: .min, to: .max, by: 6_000_000_000_000_000_000, limit: 10)?.count, 4)
        XCTAssertNil(Checked.stride(from: 0, to: 11, by: 1, limit: 10))
    }

    func testDatesOutsideTheCalendarAreNil() throws {
        let day = try XCTUnwrap(CivilDate(year: 2025, month: 1, day: 31))
        XCTAssertNil(day.addingDays(.max))
        XCTAssertNil(day.addingDays(.min))
        XCTAssertNil(day.addingMonths(.max))
        XCTAssertNil(day.addingMonths(.min))
        XCTAssertEqual(CivilDate.latest.description, "9999-12-31")
        XCTAssertEqual(CivilDate.earliest.description, "0001-01-01")
        XCTAssertNil(CivilDate.latest.addingDays(1))
        XCTAssertNil(CivilDate.earliest.addingDays(-1))
        XCTAssertEqual(day.addingMonths(1)?.description, "2025-02-28")
        let early = try XCTUnwrap(CivilDate(year: 25, month: 12, day: 31))
        XCTAssertEqual(early.clampedAddingMonths(-50 * 12), .earliest)
        XCTAssertEqual(early.clampedAddingMonths(-15 * 12).description, "0010-12-31")
    }
}
