// The file is read once, as it loads: the checksum is taken from the streamed chunks and
// a UTF-8 file is settled from its first non-ASCII text, then checked chunk by chunk, so
// bytes that are not UTF-8 further on stop the import at their line with nothing loaded.
// Each import runs on every engine.

import EngineSupport
import Foundation
import XCTest
@testable import DataModel

final class ImportStreamingTests: XCTestCase {
    func testSHA256OfAMillionBytesFedInUnevenPieces() {
        // FIPS 180-2's third example: one million 'a'.
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var digest = SHA256()
        var offset = 0, size = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            digest.update(bytes[offset..<end])
            offset = end
            size = size * 7 % 1000 + 1
        }
        XCTAssertEqual(digest.finalize(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testChecksumOfAFileSpanningChunksIsThatOfItsBytes() throws {
        for engine in try EngineDatabases.engines() {
            let folder = try TestSupport.temporaryFolder(self)
            var text = "unit_code,name,kind,area\n"
            for i in 0..<60_000 { text += "U\(i),新余第\(i)电子厂,enterprise,360502204003\n" }
            XCTAssertGreaterThan(text.utf8.count, 2 * TextSource.chunkSize, "\(engine)")
            let path = try TestSupport.write(text, to: "units.csv", in: folder)
            let db = try TestSupport.database(self, on: engine)
            let summary = Importer(database: db).importFile(path)
            XCTAssertEqual(summary.loaded, 60_000, "\(engine)")
            // An independent digest: the system's sha256sum.
            let tool = Process()
            tool.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            tool.arguments = [path]
            let pipe = Pipe()
            tool.standardOutput = pipe
            try tool.run()
            tool.waitUntilExit()
            let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
            XCTAssertEqual(try db.scalar("SELECT sha256 FROM imports WHERE id = ?", [.integer(summary.batchID!)]),
                           .text(String(expected)), "\(engine)")
        }
    }

    func testBytesThatAreNotUTF8FarIntoAUTF8FileStopItAtTheirLine() throws {
        for engine in try EngineDatabases.engines() {
            let folder = try TestSupport.temporaryFolder(self)
            var bytes = Array("unit_code,name,kind,area\n".utf8)
            let lines = 40_000
            for i in 0..<lines { bytes += Array("U\(i),新余第\(i)电子厂,enterprise,360502204003\n".utf8) }
            XCTAssertGreaterThan(bytes.count, 2 * TextSource.chunkSize, "\(engine)")
            bytes += Array("X1,".utf8) + TextCodec.encodeGB18030("新余钢铁")! + Array(",enterprise,360502204003\n".utf8)
            let url = folder.appendingPathComponent("units.csv")
            try Data(bytes).write(to: url)
            XCTAssertEqual(try TextSource.detect(path: url.path), .utf8, "\(engine)")
            let db = try TestSupport.database(self, on: engine)
            let summary = Importer(database: db).importFile(url.path)
            XCTAssertEqual(summary.error, "\(url.path): line \(lines + 2) is not UTF-8 text (if the file is GB18030, "
                           + "name that encoding); nothing from this file was loaded", "\(engine)")
            XCTAssertEqual(try TestSupport.count(db, "units"), 0, "\(engine)")
        }
    }

    func testACutCharacterAtTheEndOfAUTF8FileIsRefused() throws {
        for engine in try EngineDatabases.engines() {
            let folder = try TestSupport.temporaryFolder(self)
            let bytes = Array("unit_code,name,kind,area\nU1,新余电子厂,enterprise,360502204003\nU2,新".utf8).dropLast()
            let url = folder.appendingPathComponent("cut.csv")
            try Data(bytes).write(to: url)
            let summary = Importer(database: try TestSupport.database(self, on: engine)).importFile(url.path, encoding: .utf8)
            XCTAssertEqual(summary.error, "\(url.path): line 3 is not UTF-8 text (if the file is GB18030, name that "
                           + "encoding); nothing from this file was loaded", "\(engine)")
        }
    }
}
