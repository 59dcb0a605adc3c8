// A working day on the shared server: eight analysts' sessions query while an admin
// imports a month of feeds and two admins apply the same findings. Every file ends up
// imported once, every finding applied once, each change audited under the login that
// made it; no reader ever sees part of an import or of an apply; and a writer kept
// waiting gives up after the lock wait with popsh's sentence instead of hanging.

@testable import DataModel
import EngineSupport
import Foundation
import XCTest

final class ManySessionsTests: XCTestCase {
    final class Box<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: T
        init(_ value: T) { stored = value }
        func update(_ change: (inout T) -> Void) { lock.lock(); change(&stored); lock.unlock() }
        var value: T { lock.lock(); defer { lock.unlock() }; return stored }
    }

    /// One statement, so one snapshot: each feed's rows against what its finished imports
    /// loaded, and the cards and audit rows against what the apply batches changed.
    private static let invariant = "SELECT "
        + CrosscheckFeed.allCases.map { feed in
            "(SELECT count(*) FROM \(feed.table)) - (SELECT coalesce(sum(loaded), 0) FROM imports "
                + "WHERE kind = '\(feed.rawValue)' AND finished IS NOT NULL)"
        }.joined(separator: ", ")
        + ", (SELECT count(*) FROM wis_cards) - (SELECT coalesce(sum(changes), 0) FROM apply_batches)"
        + ", (SELECT count(*) FROM audit_log WHERE apply_batch IS NOT NULL) - (SELECT coalesce(sum(changes), 0) FROM apply_batches)"

    func testEightReadersOneImporterAndTwoAppliersAtOnce() throws {
        try ServerLogins.requireServer()
        let (db, remove) = try EngineDatabases.fresh(.postgresql)
        defer { remove() }
        let samples = URL(fileURLWithPath: EngineDatabases.samples)
        let feeds = try FileManager.default.contentsOfDirectory(atPath: samples.appendingPathComponent("feeds").path).sorted()
        let month = feeds.filter { $0.contains("2025-12") }.map { samples.appendingPathComponent("feeds/" + $0).path }
        let earlier = feeds.filter { !$0.contains("2025-12") }.map { samples.appendingPathComponent("feeds/" + $0).path }
        let baseline = ["areas.csv", "units.csv", "persons.csv", "wis_cards.csv", "wis_children.csv"]
            .map { samples.appendingPathComponent($0).path }
        XCTAssertEqual(month.count, 5)
        XCTAssertEqual(Importer(database: db).importPaths(baseline + earlier).compactMap(\.error), [])
        let found = try ServerLogins.newCardFindings(db, where: "true")
        XCTAssertFalse(found.isEmpty)
        let cardsBefore = try db.scalar("SELECT count(*) FROM wis_cards").integer!

        let analyst = try TestLogin(.analyst, in: db), importer = try TestLogin(.admin, in: db)
        let appliers = [try TestLogin(.admin, in: db), try TestLogin(.admin, in: db)]
        defer { for login in [analyst, importer] + appliers { login.remove() } }
        let wait = Database.lockWaitSeconds
        Database.lockWaitSeconds = 15
        defer { Database.lockWaitSeconds = wait }
        let readers = try (0..<8).map { _ in try analyst.database() }
        let importing = try importer.database()
        let applying = try appliers.map { try $0.database() }

        let writersLeft = Box(3), failures = Box<[String]>([]), changed = Box([0, 0])
        let seen = Box<[[Int64]]>([]), reads = Box(Array(repeating: 0, count: 8))
        let everyone = DispatchGroup()
        func session(_ body: @escaping @Sendable () throws -> Void) {
            everyone.enter()
            Thread {
                do { try body() } catch { failures.update { $0.append("\(error)") } }
                everyone.leave()
            }.start()
        }
        for (i, reader) in readers.enumerated() {
            session {
                repeat {
                    let row = try reader.query(Self.invariant)[0].map { $0.integer ?? -1 }
                    seen.update { $0.append(row) }
                    reads.update { $0[i] += 1 }
                } while writersLeft.value > 0
            }
        }
        session {
            let summaries = Importer(database: importing).importPaths(month)
            failures.update { $0 += summaries.compactMap(\.error) }
            writersLeft.update { $0 -= 1 }
        }
        for i in 0..<2 {
            session {
                defer { writersLeft.update { $0 -= 1 } }
                let outcome = try FindingApplier(database: applying[i], today: CivilDate(year: 2026, month: 1, day: 15)!)
                    .apply(found, .newCard, origin: "session\(i).pop:1:1")
                changed.update { $0[i] = outcome.changed }
            }
        }
        XCTAssertEqual(everyone.wait(timeout: .now() + 30), .success, "a session was still waiting after 30 s")

        XCTAssertEqual(failures.value, [])
        XCTAssertTrue(reads.value.allSatisfy { $0 > 0 }, "every reader read: \(reads.value)")
        let expected = Array(repeating: Int64(0), count: CrosscheckFeed.allCases.count) + [cardsBefore, 0]
        for row in seen.value { XCTAssertEqual(row, expected, "a reader saw part of an import or an apply") }
        let months = try db.query("SELECT file, count(*), min(db_user) FROM imports WHERE file LIKE '%2025-12%' GROUP BY file ORDER BY file")
        XCTAssertEqual(months.map { $0[0].text! }, month, "each file of the month imported")
        XCTAssertTrue(months.allSatisfy { $0[1] == .integer(1) && $0[2] == .text(importer.name) }, "\(months)")
        XCTAssertEqual(try db.query(Self.invariant)[0].map { $0.integer ?? -1 }, expected)
        let wrote = changed.value.indices.filter { changed.value[$0] > 0 }
        XCTAssertEqual(wrote.count, 1, "one applier wrote, the other found its findings done: \(changed.value)")
        guard let writer = wrote.first else { return }
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM wis_cards").integer, cardsBefore + Int64(changed.value[writer]))
        XCTAssertEqual(try db.query("SELECT db_user, count(*) FROM audit_log WHERE apply_batch IS NOT NULL GROUP BY db_user"),
                       [[.text(appliers[writer].name), .integer(Int64(changed.value[writer]))]])
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM apply_batches"), .integer(1))
    }

    func testAWriterKeptWaitingGivesUpWithPopshsSentence() throws {
        try ServerLogins.requireServer()
        let (db, remove) = try ServerLogins.samples()
        defer { remove() }
        let admin = try TestLogin(.admin, in: db)
        defer { admin.remove() }
        let wait = Database.lockWaitSeconds
        Database.lockWaitSeconds = 0.5
        defer { Database.lockWaitSeconds = wait }
        let waiting = try admin.database()
        let found = try ServerLogins.newCardFindings(db, where: "true")
        let holder = try PostgresConnection(try EngineDatabases.serverURL())
        try holder.execute("BEGIN")
        try holder.execute("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresEngine.writerLock)])
        let started = Date()
        let message = ServerLogins.refusal {
            _ = try FindingApplier(database: waiting, today: CivilDate(year: 2026, month: 1, day: 15)!)
                .apply(found, .newCard, origin: "late.pop:1:1")
        }
        try holder.execute("ROLLBACK")
        XCTAssertTrue(message.hasPrefix("another popsh kept"), message)
        XCTAssertTrue(message.hasSuffix("try again when it has finished"), message)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM apply_batches"), .integer(0))
    }
}
