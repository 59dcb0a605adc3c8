// Area codes against every rule of spec section 3.

import XCTest
@testable import DataModel

final class AreaCodeTests: XCTestCase {
    private func code(_ text: String) -> AreaCode { AreaCode(text)! }

    func testLevelShowsInTheZeroSegments() {
        XCTAssertEqual(code("360000000000").level, .province)
        XCTAssertEqual(code("360500000000").level, .city)
        XCTAssertEqual(code("360502000000").level, .county)
        XCTAssertEqual(code("360521000000").level, .county)
        XCTAssertEqual(code("360502001000").level, .township)
        XCTAssertEqual(code("360502001001").level, .community)
    }

    func testShortFormsNameTheSameArea() {
        XCTAssertEqual(code("3605"), code("360500000000"))
        XCTAssertEqual(code("360502"), code("360502000000"))
        XCTAssertEqual(code("360502001"), code("360502001000"))
        XCTAssertEqual(code(" 360502001 ").full, "360502001000")
    }

    func testPrefixIsTheSignificantDigitsAtTheLevel() {
        XCTAssertEqual(code("360500000000").prefix, "3605")
        XCTAssertEqual(code("360502000000").prefix, "360502")
        XCTAssertEqual(code("360502100000").prefix, "360502100")
        XCTAssertEqual(code("360502101001").prefix, "360502101001")
    }

    func testRejectsWhatIsNoCode() {
        for text in ["", "36050", "3605020010011", "36050200100A", "000000000000", "360500001000", "360002000000"] {
            XCTAssertNil(AreaCode(text), text)
        }
    }

    func testContainmentIsByPrefixAtTheAreasLevel() {
        let township = code("360502100000")
        XCTAssertTrue(township.contains(code("360502100001")))
        XCTAssertFalse(township.contains(code("360502101001")))  // the spec's trap
        XCTAssertTrue(township.contains(township))
        XCTAssertFalse(code("360502100001").contains(township))
        XCTAssertTrue(code("360502").contains(code("360502101001")))
        XCTAssertFalse(code("360502").contains(code("360521001001")))
    }

    func testParentAndAncestors() {
        let community = code("360502101001")
        XCTAssertEqual(community.parent, code("360502101"))
        XCTAssertEqual(community.ancestor(at: .county), code("360502"))
        XCTAssertEqual(community.ancestor(at: .city), code("3605"))
        XCTAssertEqual(community.ancestor(at: .community), community)
        XCTAssertNil(code("360502").ancestor(at: .township))
        XCTAssertNil(code("36").parent)
    }

    func testTheCity() {
        XCTAssertTrue(code("360521001011").isInCity)
        XCTAssertTrue(AreaCode.isInCity("360502001005"))
        XCTAssertFalse(AreaCode.isInCity("360111011029"))  // another city of the province
        XCTAssertFalse(AreaCode.isInCity("430202018001"))  // another province
        XCTAssertFalse(AreaCode.isInCity("not a code"))
        XCTAssertEqual(AreaCode.city.full, "360500000000")
    }
}
