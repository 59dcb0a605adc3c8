// The CSV reader and encoding detection: RFC 4180 quoting, line numbers across embedded
// newlines, CRLF, BOM, GB18030, chunk boundaries, and files that cannot be read.

import Foundation
import XCTest
@testable import DataModel

final class CSVReaderTests: XCTestCase {
    private func records(_ bytes: [UInt8], encoding: TextEncoding? = nil) throws -> [(line: Int, fields: [String], raw: String)] {
        let folder = try TestSupport.temporaryFolder(self)
        let url = folder.appendingPathComponent("t.csv")
        try Data(bytes).write(to: url)
        let reader = CSVReader(source: try TextSource(path: url.path, encoding: encoding))
        var out: [(Int, [String], String)] = []
        while try reader.next() { out.append((reader.line, reader.fields, reader.rawText)) }
        return out
    }

    private func records(_ text: String) throws -> [(line: Int, fields: [String], raw: String)] {
        try records(Array(text.utf8))
    }

    func testQuotesDoubledQuotesAndEmbeddedNewlines() throws {
        let rows = try records("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n")
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[1].fields, ["x, y", "say \"hi\"", "two\nlines"])
        XCTAssertEqual(rows[1].line, 2)
        XCTAssertEqual(rows[2].line, 4, "the record after a two-line field starts on line 4")
        XCTAssertEqual(rows[2].fields, ["last", "", ""])
    }

    func testCRLFAndBlankLinesAndNoFinalNewline() throws {
        let rows = try records("h1,h2\r\n1,2\r\n\r\n3,4")
        XCTAssertEqual(rows.map(\.fields), [["h1", "h2"], ["1", "2"], ["3", "4"]])
        XCTAssertEqual(rows.map(\.line), [1, 2, 4])
        XCTAssertEqual(rows[1].raw, "1,2")
    }

    func testByteOrderMarkIsDropped() throws {
        let rows = try records([0xEF, 0xBB, 0xBF] + Array("code,name\n1,新余市\n".utf8))
        XCTAssertEqual(rows[0].fields, ["code", "name"])
        XCTAssertEqual(rows[1].fields[1], "新余市")
    }

    func testGB18030IsDetectedAndDecoded() throws {
        let text = "record_no,name\nR1,渝水区人民医院\nR2,陈怡璐\n"
        let bytes = try XCTUnwrap(TextCodec.encodeGB18030(text))
        let folder = try TestSupport.temporaryFolder(self)
        let url = folder.appendingPathComponent("gb.csv")
        try Data(bytes).write(to: url)
        XCTAssertEqual(try TextSource.detect(path: url.path), .gb18030)
        XCTAssertEqual(try records(bytes).map(\.fields), [["record_no", "name"], ["R1", "渝水区人民医院"], ["R2", "陈怡璐"]])
        // Named wrongly, the file is refused rather than read as garbage.
        XCTAssertThrowsError(try records(bytes, encoding: .utf8))
    }

    func testGB18030AfterALongASCIIStartIsStillDetected() throws {
        var text = "a,b\n"
        for i in 0..<100_000 { text += "\(i),plain\n" }
        text += "x,陈怡璐\n"
        let bytes = try XCTUnwrap(TextCodec.encodeGB18030(text))
        XCTAssertGreaterThan(bytes.count, TextSource.chunkSize)
        let rows = try records(bytes)
        XCTAssertEqual(rows.count, 100_002)
        XCTAssertEqual(rows.last?.fields, ["x", "陈怡璐"])
    }

    func testRecordsSpanningChunkBoundaries() throws {
        // Quoted multi-line fields across several 1 MiB chunks keep their content and lines.
        var text = "id,note\n"
        for i in 0..<40_000 { text += "\(i),\"line one of \(i)\nline two, \"\"quoted\"\"\"\n" }
        let rows = try records(text)
        XCTAssertEqual(rows.count, 40_001)
        XCTAssertEqual(rows[40_000].fields, ["39999", "line one of 39999\nline two, \"quoted\""])
        XCTAssertEqual(rows[40_000].line, 2 + 39_999 * 2)
    }

    func testTextAfterAClosingQuoteIsAProblemOfThatRecord() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let path = try TestSupport.write("a,b\n\"x\"y,2\n3,4\n", to: "t.csv", in: folder)
        let reader = CSVReader(source: try TextSource(path: path, encoding: nil))
        XCTAssertTrue(try reader.next())
        XCTAssertTrue(try reader.next())
        XCTAssertEqual(reader.problem?.column, 1)
        XCTAssertTrue(try reader.next())
        XCTAssertNil(reader.problem)
    }

    func testUnclosedQuoteFailsTheFileAtItsLine() throws {
        XCTAssertThrowsError(try records("a,b\n1,2\n3,\"never closed\n4,5\n")) { error in
            XCTAssertTrue("\(error)".contains("line 3"), "\(error)")
        }
    }

    func testUndecodableFilesAreRefused() throws {
        XCTAssertThrowsError(try records([0x61, 0x2C, 0x62, 0x0A, 0xFF, 0xFF, 0xFF, 0x0A]))
    }

    /// A NUL byte is a problem of its record, named by column, wherever in the file it is:
    /// within the first 8 KiB (once refused as a binary file) or far after them.
    func testNULBytesAreAProblemOfTheirRecordAnywhere() throws {
        for padding in [0, 20_000] {
            let filler = String(repeating: "x,y\n", count: padding / 4)
            let folder = try TestSupport.temporaryFolder(self)
            let url = folder.appendingPathComponent("t.csv")
            try Data(("a,b\n" + filler + "ok,fine\nc,d\0e\n").utf8).write(to: url)
            let reader = CSVReader(source: try TextSource(path: url.path, encoding: nil))
            var problems: [(line: Int, column: Int, raw: String)] = []
            while try reader.next() {
                if let problem = reader.problem { problems.append((reader.line, problem.column, reader.rawText)) }
            }
            XCTAssertEqual(problems.map(\.line), [padding / 4 + 3], "padding \(padding)")
            XCTAssertEqual(problems.map(\.column), [2])
            XCTAssertEqual(problems.map(\.raw), ["c,d\u{2400}e"])
        }
    }

    func testGB18030AndDoubledByteOrderMarksAreDropped() throws {
        let gb = [0x84, 0x31, 0x95, 0x33] + (TextCodec.encodeGB18030("code,name\n1,新余市\n") ?? [])
        XCTAssertEqual(try records(gb).map(\.fields), [["code", "name"], ["1", "新余市"]])
        let doubled: [UInt8] = [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("code,name\n1,新余市\n".utf8)
        XCTAssertEqual(try records(doubled).map(\.fields), [["code", "name"], ["1", "新余市"]])
    }
}
