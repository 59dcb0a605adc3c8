// DemoAreaMixTests: `popsh demo --areas-seed` draws a city unlike Xinyu: more county-level
// units and townships, uneven community sizes, more people from elsewhere; every code a
// person carries inside the city is an area of its areas.csv, and the same areas seed
// draws the same map.

import Foundation
import XCTest
@testable import DataModel

final class DemoAreaMixTests: XCTestCase {
    private func lines(_ folder: URL, _ name: String) throws -> [[String]] {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func testAnAreasSeedDrawsAnotherCityWhoseCodesAllResolve() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let drawn = folder.appendingPathComponent("drawn"), again = folder.appendingPathComponent("again")
        _ = try DemoCity.generate(DemoConfig(persons: 3000, seed: 5, areasSeed: 7), into: drawn.path)
        _ = try DemoCity.generate(DemoConfig(persons: 3000, seed: 6, areasSeed: 7), into: again.path)
        let areas = try lines(drawn, "areas.csv")
        XCTAssertEqual(try lines(again, "areas.csv"), areas, "the map depends on the areas seed alone")
        let levels = Dictionary(grouping: areas, by: { $0[2] }).mapValues(\.count)
        XCTAssertEqual(levels["county"], 4)
        XCTAssertNotEqual(levels["township"], DemoGeography.townshipTable.count)
        let listed = Set(areas.map { $0[0] })
        let persons = try lines(drawn, "persons.csv")
        var floating = 0
        for person in persons {
            for code in [person[6], person[8]] where code.hasPrefix("3605") {
                XCTAssertTrue(listed.contains(code), "\(code) is not in areas.csv")
            }
            if person[8].hasPrefix("3605"), person[6].prefix(6) != person[8].prefix(6) { floating += 1 }
        }
        // Xinyu has about one person in eight living away from the county of the hukou.
        XCTAssertGreaterThan(Double(floating) / Double(persons.count), 0.2)
        // Community sizes are far from even: the largest holds many times the median.
        let sizes = Dictionary(grouping: persons.filter { $0[8].hasPrefix("3605") }, by: { $0[8] }).values.map(\.count).sorted()
        XCTAssertGreaterThan(sizes.last!, 5 * sizes[sizes.count / 2])
    }
}
