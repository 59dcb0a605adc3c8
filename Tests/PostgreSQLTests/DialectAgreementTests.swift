// The two dialects agree: every scalar function, date step, age and division that a
// pipeline can compile to is evaluated by SQLite and by PostgreSQL on the same bound
// values, and both give the same answer. This is what lets a script give the same
// figures on the laptop's file and on the city's server.

import DataModel
import Foundation
import XCTest

final class DialectAgreementTests: XCTestCase {
    typealias Case = (what: String, render: (SQLDialect) -> String?, values: [SQLValue])

    /// A call with its values bound, but NULL written as NULL, as the compiler writes it.
    private func call(_ f: ScalarFunction, _ values: SQLValue...) -> Case {
        let bound = values.filter { $0 != .null }
        let arguments = { (d: SQLDialect) -> [String] in
            var next = 0
            return values.map { v in
                guard v != .null else { return "NULL" }
                next += 1
                return d.placeholder(next)
            }
        }
        return ("\(f.rawValue)\(values)", { d in d.function(f, arguments(d)) }, bound)
    }

    private var cases: [Case] {
        let number = "360502198001010024", damaged = "360502198001010025"
        return [
            call(.year, .text("2025-12-31")), call(.month, .text("2025-02-01")), call(.day, .text("2025-02-09")),
            call(.upper, .text("abc张")), call(.lower, .text("ABC")), call(.length, .text("城北街道")),
            call(.length, .text("")), call(.substr, .text("城北街道"), .integer(1)),
            call(.substr, .text("城北街道"), .integer(1), .integer(2)), call(.substr, .text("abc"), .integer(5)),
            call(.trim, .text(" \u{3000}仙来 ")), call(.replace, .text("a-b-c"), .text("-"), .text("/")),
            call(.startsWith, .text("城北街道"), .text("城北")), call(.startsWith, .text("城"), .text("城北")),
            call(.endsWith, .text("城北街道"), .text("街道")), call(.endsWith, .text("城北"), .text("")),
            call(.contains, .text("仙来小区 3栋"), .text("3栋")), call(.contains, .text("abc"), .text("d")),
            call(.abs, .integer(-3)), call(.abs, .real(-2.5)), call(.round, .real(2.5)), call(.round, .real(-2.5)),
            call(.round, .real(1.23456), .integer(2)),
            call(.least, .integer(3), .integer(1)), call(.least, .integer(3), .null),
            call(.greatest, .integer(1), .integer(5), .integer(2)), call(.greatest, .null, .integer(5)),
            call(.coalesce, .null, .text("x")),
            call(.idValid, .text(number)), call(.idValid, .text(damaged)), call(.idValid, .text("36050219800101002")),
            call(.idValid, .text("36050219801301002X")), call(.idValid, .text("3605021980010100X4")),
            call(.idValid, .text("")), call(.idValid, .null), call(.idValid, .text("360502198002300021")),
            call(.idValid, .text("360502209901010222")), call(.idValid, .text("360502180001010220")),
            call(.idValid, .text("36050219000101022X")),
            call(.addDays, .text("2025-12-31"), .integer(1)), call(.addDays, .text("2024-03-01"), .integer(-1)),
            ("months", { $0.addingMonths($0.placeholder(1), $0.placeholder(2)) }, [.text("2025-08-31"), .integer(-2)]),
            ("months leap", { $0.addingMonths($0.placeholder(1), $0.placeholder(2)) }, [.text("2024-02-29"), .integer(12)]),
            ("age before birthday", { $0.age(birth: $0.placeholder(1), on: $0.placeholder(2)) }, [.text("1976-12-31"), .text("2025-12-30")]),
            ("age on birthday", { $0.age(birth: $0.placeholder(1), on: $0.placeholder(2)) }, [.text("1975-12-31"), .text("2025-12-31")]),
            ("divide", { $0.divide($0.placeholder(1), $0.placeholder(2)) }, [.integer(1), .integer(4)]),
            ("divide by zero", { $0.divide($0.placeholder(1), $0.placeholder(2)) }, [.integer(1), .integer(0)]),
        ]
    }

    func testEveryExpressionGivesSQLitesAnswer() throws {
        let postgres = try PostgresServer.connect(self)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-dialects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try Database(path: folder.appendingPathComponent("d.db").path)
        XCTAssertEqual(Set(ScalarFunction.allCases).subtracting(cases.compactMap { c in
            ScalarFunction.allCases.first { c.what.hasPrefix($0.rawValue + "[") }
        }), [], "every scalar function is compared")
        for c in cases {
            guard let s = c.render(sqlite.dialect), let p = c.render(PostgreSQLDialect()) else {
                XCTFail("\(c.what): a dialect has no form for it")
                continue
            }
            let expected = try sqlite.scalar("SELECT " + s, c.values)
            XCTAssertEqual(try postgres.scalar("SELECT " + p, c.values), expected, "\(c.what)\n  \(p)")
        }
    }

    func testTextSortsAsSQLiteSortsIt() throws {
        let postgres = try PostgresServer.connect(self)
        let d = PostgreSQLDialect()
        try postgres.execute("CREATE TABLE t (name \(d.typeName(.text)))")
        let names = ["b", "B", "a", "张三", "李四", "a b", "ab", "Z", "_x", "10", "9"]
        try postgres.copy(into: "t", columns: ["name"], rows: names.map { [.text($0)] })
        let sorted = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        XCTAssertEqual(try postgres.query("SELECT name FROM t ORDER BY name").compactMap { $0[0].text }, sorted)
    }
}
