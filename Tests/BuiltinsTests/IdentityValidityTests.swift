// id_valid in both of its forms, popsh's and the SQL a table's `where` compiles to: a
// number born in 2099 or 1800 is damaged, not valid, whatever its check character says.
// On every engine.

import Foundation
import XCTest
import DataModel
import EngineSupport
import Interpreter
@testable import Builtins

final class IdentityValidityTests: XCTestCase {
    /// A number with a correct check character for `body`'s 17 digits, computed here.
    private func number(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], checks = Array("10X98765432")
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +)
        return body + String(checks[sum % 11])
    }

    func testBirthDatesInTheFutureOrBefore1900AreNotValidInEitherForm() throws {
        for engine in try EngineDatabases.engines() {
            let valid = number("36050219800101022"), future = number("36050220990101022"), old = number("36050218000101022")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-ids-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let csv = folder.appendingPathComponent("ids.csv")
            try Data("id\n\(valid)\n\(future)\n\(old)\n".utf8).write(to: csv)
            let (session, output) = try TestDatabase.session(TestDatabase.shared(on: engine))
            try session.run("""
                print(id_valid("\(valid)"), id_valid("\(future)"), id_valid("\(old)"), id_valid("360502209901010222"))
                print(read_csv("\(csv.path)") | where id_valid(id) | len)
                """, name: "ids.pop", path: nil)
            XCTAssertEqual(output(), "true false false false\n1\n", "\(engine)")
        }
    }
}
