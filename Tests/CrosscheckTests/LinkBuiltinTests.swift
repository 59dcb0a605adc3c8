// The linkage builtins from a script: read_csv on UTF-8 and GB18030 files and its
// errors with file and line; link with EM-estimated weights on a mailed list whose
// true pairs are known by construction; crosscheck and apply from popsh, with the
// script's place in the audit log. Each test runs on every engine.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel
import Interpreter
import Builtins

final class LinkBuiltinTests: XCTestCase {
    private func session(_ db: Database) -> (Session, () -> String) {
        var output = ""
        let session = Session(library: Builtins.library(), write: { output += $0 })
        session.machine.openDatabase = { db }
        return (session, { defer { output = "" }; return output })
    }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testReadCSVDecodesGB18030AsTheImporterDoes() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            let file = CrosscheckFixtures.samples.appendingPathComponent("feeds/hukou-2025-12.csv").path
            let (s, output) = session(db)
            try s.run("let t = read_csv(\"\(file)\")\nprint(len(t))\nfor r in t { print(r.name) }", name: "t.pop")
            let lines = output().split(separator: "\n").map(String.init)
            let names = Set(try db.query("SELECT name FROM hukou_events WHERE source_file = ?1", [.text(file)]).compactMap { $0[0].text })
            XCTAssertFalse(names.isEmpty, "\(engine)")
            XCTAssertTrue(names.isSubset(of: Set(lines.dropFirst())), "\(engine): \(lines) vs \(names)")
            XCTAssertEqual(Int(lines[0]), lines.count - 1, "\(engine)")
        }
    }

    func testReadCSVErrorsSayWhere() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            let dir = try folder()
            let ragged = dir.appendingPathComponent("ragged.csv").path
            try Data("name,born\n张三,1990-01-01\n李四,1985-05-05,extra\n".utf8).write(to: URL(fileURLWithPath: ragged))
            let (s, _) = session(db)
            XCTAssertThrowsError(try s.run("read_csv(\"\(ragged)\")", name: "t.pop"), "\(engine)") { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("\(ragged):3"), "\(engine): " + text)
                XCTAssertTrue(text.contains("t.pop:1:1"), "\(engine): " + text)
            }
            XCTAssertThrowsError(try s.run("read_csv(\"\(dir.path)/missing.csv\")", name: "t.pop"), "\(engine)") { error in
                XCTAssertTrue("\(error)".contains("missing.csv"), "\(engine): \(error)")
            }
        }
    }

    /// A mailed list of 300 register people with damage (a misspelt name in one row of
    /// ten, a typo in the birth date in one of twenty) plus 60 strangers; EM must learn
    /// weights that link every row whose name is intact to the right person, link no
    /// stranger (who may share a birth date, never a name) and never the wrong person.
    func testLinkWithEstimatedWeightsFindsTheTruePairs() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let people = try db.query("SELECT person_id, name, birth_date, sex FROM persons "
                                    + "WHERE \(db.dialect.rowOrder) % 7 = 0 ORDER BY \(db.dialect.rowOrder) LIMIT 300")
            var lines = ["id_in_register,name,birth_date,sex"]
            for (i, p) in people.enumerated() {
                var name = p[1].text!, born = p[2].text!
                if i % 10 == 3 { name = String(name.dropLast()) + "某" }
                if i % 20 == 5 { born = String(born.prefix(9)) + (born.last == "1" ? "2" : "1") }
                lines.append("\(p[0].text!),\(name),\(born),\(p[3].text!)")
            }
            for i in 0..<60 { lines.append(",外地人\(i),1980-0\(i % 9 + 1)-1\(i % 9),F") }
            let file = try folder().appendingPathComponent("mailed.csv")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            let (s, output) = session(db)
            try s.run("""
                let linked = link(read_csv("\(file.path)"), (people | select person_id, name, birth_date, sex),
                                  compare: {name: "jaro_winkler", birth_date: "date", sex: "exact"},
                                  block: ["birth_date", "name"], threshold: 12)
                for r in linked { print(str(r.id_in_register) + "|" + r.person_id + "|" + str(r.ambiguous)) }
                """, name: "link.pop")
            var right = 0, wrong = 0, strangers = 0
            for line in output().split(separator: "\n") {
                let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                if f[0] == "null" { strangers += 1 } else if f[0] == f[1] { right += 1 } else if f[2] == "false" { wrong += 1 }
            }
            XCTAssertGreaterThanOrEqual(right, 270, "\(engine): every row with an intact name is found")
            XCTAssertEqual(wrong, 0, "\(engine)")
            XCTAssertEqual(strangers, 0, "\(engine): strangers share neither name nor birth date with a register person")
        }
    }

    /// `swap` and `one_to_one` reach the linker from a script, and a swap naming a field
    /// not compared is refused at its place in the script.
    func testLinkOptionsForExchangedNamesAndOneToOne() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.samples, on: engine, for: self)
            let dir = try folder()
            try Data("given_name,surname,born\nvincent,ruby,1987-11-28\nmark,ruby,1987-11-28\n".utf8)
                .write(to: dir.appendingPathComponent("a.csv"))
            try Data("given_name,surname,born\nruby,vincent,1987-11-28\n".utf8).write(to: dir.appendingPathComponent("b.csv"))
            let (s, output) = session(db)
            func link(_ given: String, _ extra: String = "") throws -> String {
                try s.run("""
                    let found = link(read_csv("\(dir.path)/a.csv"), read_csv("\(dir.path)/b.csv"),
                                     compare: {given_name: \(given), surname: "jaro_winkler", born: "date"},
                                     block: ["born"], threshold: -100\(extra))
                    for r in found { print(str(r.left_row) + ":" + str(r.weight)) }
                    """, name: "l.pop")
                return output()
            }
            let plain = try link("\"jaro_winkler\""), swapped = try link("{kind: \"jaro_winkler\", swap: \"surname\"}")
            XCTAssertEqual(plain.split(separator: "\n").count, 2, "\(engine)")
            XCTAssertNotEqual(plain, swapped, "\(engine): exchanged names weigh as partial agreement, not disagreement")
            let once = try link("{kind: \"jaro_winkler\", swap: \"surname\"}", ", one_to_one: true")
            XCTAssertEqual(once.split(separator: "\n").map { $0.prefix(2) }, ["1:"], "\(engine): the one original goes to the exact exchange")
            XCTAssertThrowsError(try link("{kind: \"jaro_winkler\", swap: \"family_name\"}"), "\(engine)") { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("given_name.swap names \"family_name\""), "\(engine): " + text)
                XCTAssertTrue(text.contains("l.pop:1:"), "\(engine): " + text)
            }
        }
    }

    func testApplyFromAScriptRecordsItsPlace() throws {
        for engine in try EngineDatabases.engines() {
            let db = try CrosscheckFixtures.copy(.demo, on: engine, for: self)
            let (s, output) = session(db)
            try s.run("""
                let dead = crosscheck(deaths) | where finding == "card_active_after_death"
                let planned = apply(dead, "close_card")
                print(len(planned | where batch == null and skipped == null))
                let done = apply(dead, "close_card", confirm: true)
                print(len(done | where batch != null))
                print(len(apply(dead, "close_card", confirm: true) | where batch != null))
                """, name: "monthly.pop")
            let counts = output().split(separator: "\n").map { Int($0)! }
            XCTAssertEqual(counts.count, 3, "\(engine)")
            XCTAssertGreaterThan(counts[0], 0, "\(engine)")
            XCTAssertEqual(counts[1], counts[0], "\(engine)")
            XCTAssertEqual(counts[2], 0, "\(engine): the second application changes nothing")
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM audit_log WHERE origin LIKE 'monthly.pop:4:%'"), .integer(Int64(counts[0])), "\(engine)")
            XCTAssertThrowsError(try s.run("apply(findings(), \"close\")", name: "bad.pop"), "\(engine)") { error in
                XCTAssertTrue("\(error)".contains("new_card, add_child, close_card, transfer_card, close_pregnancy"), "\(engine): \(error)")
            }
        }
    }
}
