// Register files written for a test: each person with a valid identity number, the file
// removed when the test ends.

import Foundation
import XCTest

enum RegisterFile {
    static let header = "person_id,name,sex,birth_date,marital,spouse_id,hukou_area,hukou_kind,residence_area,"
        + "address,unit_code,residence_since\n"

    /// A valid identity number for serial `i` (GB 11643's check character, computed here
    /// apart from IdentityNumber): born in 1990, a different number for each `i` below 336,000.
    static func identity(_ i: Int) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], checks = Array("10X98765432")
        let body = "3605021990" + String(format: "%02d%02d%03d", i % 12 + 1, (i / 12) % 28 + 1, i / 336)
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +)
        return body + String(checks[sum % 11])
    }

    /// Writes the header and `rows` (each ending in a newline) as `persons.csv` in a
    /// folder of its own; returns its path.
    static func write(_ rows: String, for test: XCTestCase) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-register-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("persons.csv").path
        try (header + rows).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
