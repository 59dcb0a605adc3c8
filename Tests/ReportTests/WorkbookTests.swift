// WorkbookTests: the Excel files popsh writes, read back by an independent reader
// (Python's openpyxl; scripts/setup installs it, and this test installs it with pip when
// it is missing): the sheets, the frozen header, numbers as numbers, dates as dates,
// Chinese text, widths fitted to it, and every value equal to what popsh holds. A CSV
// exported for Excel starts with a byte-order mark only when asked. Feeds made as
// workbooks by the same reader import exactly as their CSV twins do. Each test runs on
// every engine.

import Builtins
import DataModel
import EngineSupport
import Foundation
import Interpreter
import XCTest

final class WorkbookTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "popsh-xlsx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// Every sheet of `path` as openpyxl reads it: name, frozen cell, widths, rows
    /// (dates as ISO text, numbers as numbers), and which cells are bold or coloured.
    func readBack(_ path: String) throws -> [[String: Any]] {
        let reader = """
            import json, sys, datetime, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = []
            for ws in book.worksheets:
                rows = [[c.value.date().isoformat() if isinstance(c.value, datetime.datetime) else c.value for c in row]
                        for row in ws.iter_rows()]
                marks = [[(1 if c.font.b else 0) + (2 if c.font.color is not None and c.font.color.type == 'rgb' and c.font.color.rgb != 'FF000000' else 0)
                          for c in row] for row in ws.iter_rows()]
                widths = {k: v.width for k, v in ws.column_dimensions.items()}
                out.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows, "marks": marks, "widths": widths})
            print(json.dumps(out, ensure_ascii=False))
            """
        if try python(["-c", "import openpyxl"]).status != 0 {
            _ = try python(["-m", "pip", "install", "--quiet", "--user", "openpyxl"])
        }
        let run = try python(["-c", reader, path])
        XCTAssertEqual(run.status, 0, run.output)
        return try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [[String: Any]]
    }

    func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runTool("/usr/bin/env", ["python3"] + arguments)
    }

    func session(_ engine: TestEngine) throws -> Session {
        let db = try ReportFixture.databases.get(engine)
        let session = Session(library: Builtins.library(), write: { _ in })
        session.machine.openDatabase = { db }
        return session
    }

    func testAnExportedTableReadsBackWithItsNumbersDatesAndChinese() throws {
        for engine in try EngineDatabases.engines() {
            let path = folder + "/women.xlsx"
            let session = try session(engine)
            try session.run("""
                let t = wis | sort card_no | select card_no, name, birth_date, marriage_date, status | take 200
                t | export("\(path)")
                """, name: "t.pop")
            let db = try ReportFixture.databases.get(engine)
            let expected = try rows(db, "SELECT card_no, name, birth_date, marriage_date, status FROM wis_cards ORDER BY card_no LIMIT 200")
            let sheets = try readBack(path)
            XCTAssertEqual(sheets.count, 1, "\(engine)")
            let sheet = sheets[0]
            XCTAssertEqual(sheet["freeze"] as? String, "A2", "\(engine): the header row stays in view")
            let got = sheet["rows"] as! [[Any]]
            XCTAssertEqual(got[0] as? [String], ["card_no", "name", "birth_date", "marriage_date", "status"], "\(engine)")
            XCTAssertEqual(got.count, expected.count + 1, "\(engine)")
            for (row, want) in zip(got.dropFirst(), expected) {
                XCTAssertEqual(row.map { $0 as? String }, want, "\(engine): dates come back as dates (read as ISO days), text as text")
            }
            XCTAssertEqual((sheet["marks"] as! [[Int]])[0], [1, 1, 1, 1, 1], "\(engine): a bold header")
            let widths = sheet["widths"] as! [String: Double]
            XCTAssertGreaterThanOrEqual(widths["A"] ?? 0, 11, "\(engine): a card number fits its column")
            XCTAssertGreaterThanOrEqual(widths["C"] ?? 0, 10, "\(engine): a date fits its column")

            let stats = folder + "/stats.xlsx"
            try session.run("control_stats(year: 2025, by: \"county\") | export(\"\(stats)\")", name: "t.pop")
            let table = try ControlStatistics.table(db, period: .year(2025)!, by: .county)
            let read = try readBack(stats)[0]["rows"] as! [[Any]]
            let header = read[0] as! [String]
            let coverage = header.firstIndex(of: "info_coverage_rate")!, population = header.firstIndex(of: "population")!
            for (row, area) in zip(read.dropFirst(), table) {
                XCTAssertEqual((row[population] as! NSNumber).intValue, area.counts[.population], "\(engine): counts are numbers")
                XCTAssertEqual((row[coverage] as! NSNumber).doubleValue, area.rate(Indicator.named("info_coverage_rate")!)!,
                               accuracy: 1e-9, "\(engine): rates are numbers, unrounded")
            }
        }
    }

    func testAReportWorkbookHasASheetPerTableInChinese() throws {
        for engine in try EngineDatabases.engines() {
            let script = try String(contentsOf: ReportLanguageTests.examples.appendingPathComponent("annual-control-stats.pop"),
                                    encoding: .utf8)
            let doc = try ReportFixture.document(script, args: ["2025"], on: engine)
            let path = folder + "/annual.xlsx"
            try ReportFormat(path: path)!.write(doc, to: path)
            let sheets = try readBack(path)
            XCTAssertEqual(sheets.map { $0["name"] as! String },
                           ["报告", "全市及各县区", "各乡镇街道", "人户分离（乡镇街道级，年末）", "半边户与口袋户", "半边户与口袋户_2",
                            "人口和计划生育控制统计表"], "\(engine)")
            let contents = (sheets[0]["rows"] as! [[Any]]).compactMap { $0.first as? String }
            XCTAssertEqual(contents.first, "新余市2025年人口和计划生育控制统计", "\(engine)")
            XCTAssertTrue(contents.contains("见工作表：各乡镇街道"), "\(engine): the text names each table's sheet")

            let townships = sheets[2]
            let read = townships["rows"] as! [[Any]], marks = townships["marks"] as! [[Int]]
            let header = read[0] as! [String]
            XCTAssertEqual(Array(header.prefix(4)), ["地区代码", "名称", "级别", "人口数"], "\(engine)")
            let coverage = try XCTUnwrap(header.firstIndex { $0.hasPrefix("信息覆盖率(%) 目标 ≥95") }, "\(engine): \(header)")
            let db = try ReportFixture.databases.get(engine)
            let table = try ControlStatistics.table(db, period: .year(2025)!, by: .township)
            XCTAssertEqual(read.count - 1, table.count + 1, "\(engine): every area, then the line of records placed nowhere")
            XCTAssertEqual(read.last?.prefix(3).compactMap { $0 as? String }, ["未能定位", "未能定位", "未能定位"], "\(engine)")
            let rate = Indicator.named("info_coverage_rate")!
            for (r, area) in table.enumerated() {
                let row = read[r + 1]
                XCTAssertEqual(row[0] as? String, area.area.full, "\(engine)")
                XCTAssertEqual(row[1] as? String, area.name, "\(engine)")
                guard let value = area.rate(rate) else { XCTAssertTrue(row[coverage] is NSNull, "\(engine)"); continue }
                XCTAssertEqual((row[coverage] as! NSNumber).doubleValue, value, accuracy: 1e-9, "\(engine)")
                XCTAssertEqual(marks[r + 1][coverage] & 2 != 0, value < 95, "\(engine): \(area.name): below target in colour, and only then")
                XCTAssertEqual(marks[r + 1][0] & 1 != 0, area.isTotal, "\(engine): total rows bold")
            }
        }
    }

    /// Writes `csv` as a workbook the way a department's Excel would hold it: days as
    /// date cells, small whole numbers as numbers, identity numbers and the rest as text.
    func workbookTwin(of csv: String, at path: String) throws {
        let writer = """
            import csv, sys, datetime, re, openpyxl
            book = openpyxl.Workbook(); ws = book.active; ws.title = "feed"
            raw = open(sys.argv[1], "rb").read()
            try: text = raw.decode("utf-8-sig")
            except UnicodeDecodeError: text = raw.decode("gb18030")
            if True:
                for n, row in enumerate(csv.reader(text.splitlines())):
                    out = []
                    for v in row:
                        if n > 0 and re.fullmatch(r"\\d{4}-\\d{2}-\\d{2}", v):
                            try: out.append(datetime.datetime.strptime(v, "%Y-%m-%d")); continue
                            except ValueError: pass
                        out.append(int(v) if n > 0 and re.fullmatch(r"\\d{1,3}", v) else v)
                    ws.append(out)
                    for c in ws[ws.max_row]:
                        if isinstance(c.value, datetime.datetime): c.number_format = "yyyy-mm-dd"
            book.save(sys.argv[2])
            """
        if try python(["-c", "import openpyxl"]).status != 0 {
            _ = try python(["-m", "pip", "install", "--quiet", "--user", "openpyxl"])
        }
        XCTAssertEqual(try python(["-c", writer, csv, path]).status, 0, "openpyxl wrote \(path)")
    }

    func testAnXLSXFeedImportsWithTheSameCountsAsItsCSVTwin() throws {
        for engine in try EngineDatabases.engines() {
            for feed in ["birth-2025-08", "hukou-2025-12", "marriage-2025-11"] {
                let csv = SampleDatabase.samples + "/feeds/\(feed).csv"
                let xlsx = folder + "/\(feed).xlsx"
                try workbookTwin(of: csv, at: xlsx)
                var results: [(summary: ImportSummary, quarantine: [[String?]], rows: [[String?]])] = []
                for file in [csv, xlsx] {
                    let (db, remove) = try EngineDatabases.fresh(engine)
                    defer { remove() }
                    let summary = Importer(database: db).importFile(file)
                    XCTAssertNil(summary.error, "\(engine): \(file): \(summary.error ?? "")")
                    let table = try XCTUnwrap(summary.kind, "\(engine): " + file).table
                    // Where a row came from differs between the twins; what it holds must not.
                    let columns = try EngineDatabases.columns(of: table, in: db)
                        .filter { !["batch_id", "source_file", "raw"].contains($0) }.joined(separator: ", ")
                    results.append((summary, try rows(db, "SELECT line, reason FROM quarantine ORDER BY line"),
                                    try rows(db, "SELECT \(columns) FROM \(table) ORDER BY record_no")))
                }
                let (fromCSV, fromXLSX) = (results[0], results[1])
                XCTAssertEqual(fromXLSX.summary.kind, fromCSV.summary.kind, "\(engine): " + feed)
                XCTAssertEqual([fromXLSX.summary.read, fromXLSX.summary.loaded, fromXLSX.summary.duplicates, fromXLSX.summary.quarantined],
                               [fromCSV.summary.read, fromCSV.summary.loaded, fromCSV.summary.duplicates, fromCSV.summary.quarantined], "\(engine): " + feed)
                XCTAssertEqual(fromXLSX.quarantine, fromCSV.quarantine, "\(engine): \(feed): the same rows quarantined, at the same lines, for the same reasons")
                XCTAssertEqual(fromXLSX.rows, fromCSV.rows, "\(engine): \(feed): the same values loaded")
            }
            XCTAssertTrue(try readBack(folder + "/birth-2025-08.xlsx").count == 1, "\(engine)")
        }
    }

    func testAWorkbookWithoutItsPartsIsRefusedWithAReason() throws {
        for engine in try EngineDatabases.engines() {
            let fake = folder + "/not.xlsx"
            try "record_no,reg_date\n".write(toFile: fake, atomically: true, encoding: .utf8)
            let (db, remove) = try EngineDatabases.fresh(engine)
            defer { remove() }
            let summary = Importer(database: db).importFile(fake)
            XCTAssertTrue(summary.error?.contains("is not an Excel workbook") == true, "\(engine): " + (summary.error ?? "imported"))
        }
    }

    func testACSVForExcelStartsWithAByteOrderMarkOnlyWhenAsked() throws {
        for engine in try EngineDatabases.engines() {
            let session = try session(engine)
            try session.run("""
                units | export("\(folder)/plain.csv")
                units | export("\(folder)/excel.csv", bom: true)
                """, name: "t.pop")
            let plain = try Data(contentsOf: URL(fileURLWithPath: folder + "/plain.csv"))
            let excel = try Data(contentsOf: URL(fileURLWithPath: folder + "/excel.csv"))
            XCTAssertEqual(Array(excel.prefix(3)), [0xEF, 0xBB, 0xBF], "\(engine)")
            XCTAssertNotEqual(Array(plain.prefix(3)), [0xEF, 0xBB, 0xBF], "\(engine)")
            XCTAssertEqual(excel.dropFirst(3), plain, "\(engine): the same rows after the mark")
            XCTAssertThrowsError(try session.run("units | export(\"\(folder)/u.json\", bom: true)", name: "t.pop"), "\(engine)")
        }
    }
}
