// The VFS that keeps the interior pages of the file's B-trees while a cross-check looks
// things up (interior_pages.c): the look-ups answer as without it, the pages are lent
// from memory, freed afterwards, and forgotten when another connection changes the file
// between two read transactions. SQLite only: the VFS is SQLite's.

import CInteriorPages
import Foundation
import XCTest
@testable import DataModel

final class InteriorPagesTests: XCTestCase {
    /// Pages lent since the budget was set, and bytes kept now, of `db`'s file.
    private func keeping(_ db: Database) throws -> (lent: Int64, bytes: Int64) {
        var lent: Int64 = 0, bytes: Int64 = 0
        let handle = try XCTUnwrap(db.engine as? SQLiteEngine).handle
        XCTAssertEqual(popsh_interior_pages_stats(handle, &lent, &bytes), 0, "the file is opened with the VFS")
        return (lent, bytes)
    }

    /// A key every `step`, from `first`: rows of two loads interleave in the index.
    private func rows(first: Int, count: Int, step: Int = 2) -> [[SQLValue]] {
        (0..<count).map { i in
            let key = first + i * step
            return [.text(String(format: "K%09d", key)), .text("value of \(key) " + String(repeating: "·", count: 40))]
        }
    }

    private func lookUp(_ db: Database, _ keys: [Int]) throws -> [SQLValue] {
        try keys.map { try db.scalar("SELECT v FROM t WHERE k = ?1", [.text(String(format: "K%09d", $0))]) }
    }

    private func table(_ db: Database) throws {
        try db.execute("CREATE TABLE t (k TEXT NOT NULL, v TEXT NOT NULL)")
        try db.execute("CREATE INDEX t_k ON t (k)")
        try db.transaction { try db.insertRows(into: "t", columns: ["k", "v"], rows(first: 0, count: 30_000)) }
    }

    func testLookUpsAnswerTheSameWithThePagesLentAndFreedAfter() throws {
        let path = try TestSupport.temporaryFolder(self).appendingPathComponent("lent.db").path
        let plainly = try Database(path: path)
        try table(plainly)
        let keys = Array(stride(from: 0, to: 60_000, by: 37))
        let plain = try lookUp(plainly, keys)
        // A connection of its own: pages already in a connection's cache are not read again to be kept.
        let db = try Database(path: path)
        XCTAssertEqual(plain.filter { $0 != .null }.count, keys.filter { $0 % 2 == 0 }.count)
        let kept = try db.withLookupCache {
            try db.transaction(.reading) {
                let answers = try lookUp(db, keys)
                let now = try keeping(db)
                XCTAssertGreaterThan(now.bytes, 0, "interior pages are kept")
                XCTAssertGreaterThan(now.lent, Int64(keys.count), "look-ups pass through lent pages")
                return answers
            }
        }
        XCTAssertEqual(kept, plain)
        XCTAssertEqual(try keeping(db).bytes, 0, "freed at the end")
        XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"))
    }

    /// Another connection's rows between two read transactions of the keeping one split
    /// the pages it kept; the second transaction must not be lent the old ones.
    func testPagesKeptAreForgottenWhenAnotherConnectionChangesTheFile() throws {
        let path = try TestSupport.temporaryFolder(self).appendingPathComponent("kept.db").path
        let other = try Database(path: path)
        try table(other)
        let db = try Database(path: path)
        let keys = Array(stride(from: 0, to: 60_000, by: 13))
        try db.withLookupCache {
            try db.transaction(.reading) {
                XCTAssertEqual(try lookUp(db, keys).filter { $0 != .null }.count, keys.filter { $0 % 2 == 0 }.count)
                XCTAssertGreaterThan(try keeping(db).bytes, 0)
            }
            // The odd keys, between the even ones in the index; the commit copies them
            // into the file (SQLiteEngine.writeCommitted).
            try other.transaction { try other.insertRows(into: "t", columns: ["k", "v"], rows(first: 1, count: 30_000)) }
            try db.transaction(.reading) {
                XCTAssertEqual(try lookUp(db, keys), keys.map { .text("value of \($0) " + String(repeating: "·", count: 40)) })
                XCTAssertEqual(try db.scalar("SELECT count(*) FROM t WHERE k >= 'K' AND k < 'L'"), .integer(60_000))
            }
        }
        XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"))
    }
}
