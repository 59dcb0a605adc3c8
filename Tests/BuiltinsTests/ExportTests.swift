// Export writes what the table holds, in each format, with the formats' quoting rules;
// the files are read back and compared with the database. On every engine.

import XCTest
import Foundation
import DataModel
import EngineSupport
import Interpreter

final class ExportTests: XCTestCase {
    func testEveryFormatHoldsTheRows() throws {
        for engine in try EngineDatabases.engines() {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-export-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
            let db = try TestDatabase.fresh(on: engine, for: self)
            try db.execute("UPDATE units SET name = ?1 WHERE unit_code = (SELECT MIN(unit_code) FROM units)",
                           [.text("新余\"电子\", 厂\n二部")])
            let (session, output) = try TestDatabase.session(db)
            let expected = try db.query("SELECT unit_code, name, kind FROM units ORDER BY unit_code")
            for format in ["csv", "tsv", "json", "md"] {
                let path = folder.appendingPathComponent("units-\(engine).\(format)").path
                try session.run("units | sort unit_code | select unit_code, name, kind | export(\"\(path)\")", name: "t")
                XCTAssertTrue(output().contains("rows: \(expected.count)"), "\(engine): " + output())
                let text = try String(contentsOfFile: path, encoding: .utf8)
                switch format {
                case "json":
                    let rows = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: String]]
                    XCTAssertEqual(rows.map { [$0["unit_code"]!, $0["name"]!, $0["kind"]!] },
                                   expected.map { $0.map { $0.text! } }, "\(engine)")
                case "csv":
                    XCTAssertTrue(text.hasPrefix("unit_code,name,kind\r\n"), "\(engine)")
                    XCTAssertTrue(text.contains("\"新余\"\"电子\"\", 厂\n二部\""), "\(engine): " + text)
                    XCTAssertEqual(text.components(separatedBy: "\r\n").count, expected.count + 2, "\(engine)")
                case "tsv":
                    let lines = text.split(separator: "\n")
                    XCTAssertEqual(lines.count, expected.count + 1, "\(engine)")
                    XCTAssertEqual(lines[1].split(separator: "\t").map(String.init),
                                   [expected[0][0].text!, "新余\"电子\", 厂 二部", expected[0][2].text!], "\(engine)")
                default:
                    let lines = text.split(separator: "\n")
                    XCTAssertEqual(lines[0], "| unit_code | name | kind |", "\(engine)")
                    XCTAssertEqual(lines.count, expected.count + 2, "\(engine)")
                }
            }
        }
    }

    func testUnknownFormatAndUnwritablePath() throws {
        for engine in try EngineDatabases.engines() {
            let (session, _) = try TestDatabase.session(TestDatabase.shared(on: engine))
            XCTAssertThrowsError(try session.run("units | export(\"units.docx\")", name: "t"), "\(engine)") {
                XCTAssertTrue(($0 as! PopshError).message.contains("cannot tell the format"), "\(engine)")
            }
            XCTAssertThrowsError(try session.run("units | export(\"/nonexistent/dir/u.csv\")", name: "t"), "\(engine)") {
                XCTAssertTrue(($0 as! PopshError).message.contains("cannot write"), "\(engine)")
            }
        }
    }
}
