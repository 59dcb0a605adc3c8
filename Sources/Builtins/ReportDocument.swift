// ReportDocument: what a printed report holds, whatever it is printed as: a title, the
// data source (database and the date each feed was loaded), the date printed, and
// blocks (headings, text, tables, errors) in order. Tables are read from table values
// once, with their cells formatted and labelled for the report's language, so the
// text, Markdown and HTML renderers all print the same figures.

import DataModel
import Interpreter

/// One column of a report table.
public struct ReportColumn: Sendable {
    /// The column's name in the table (`birth_rate`).
    public let name: String
    /// The heading printed above it, in the report's language.
    public let label: String
    public let isNumeric: Bool
    /// Dates print as ISO text; a workbook stores them as dates.
    public let isDate: Bool
    /// The control-statistics rate the column holds, which HTML reports chart by area.
    public let indicator: Indicator?
    /// The rate's target in the table's period, printed under its heading.
    public let target: Target?
}

/// A table as printed: formatted cells, and how many rows were left out.
public struct ReportTable: Sendable {
    public let columns: [ReportColumn]
    public let rows: [[String]]
    /// The unformatted rates of `indicator` columns, row by row (nil: empty cell).
    public let rates: [[Double?]]
    /// True for total and subtotal rows (printed bold, left out of charts).
    public let isTotal: [Bool]
    /// True for the lines under a statistics table that are no area: the feed records
    /// placed nowhere and the feeds missing for the period (printed, never charted).
    public let isNote: [Bool]
    /// Rows of the table not printed because a report stops at `ReportTable.rowLimit`.
    public let omitted: Int

    /// A printed report is read by people: beyond this many rows a table is a file to export.
    public static let rowLimit = 2_000

    /// True when the rate in `row`, `column` falls short of the column's target.
    public func isBelowTarget(row: Int, column: Int) -> Bool {
        guard let target = columns[column].target, let rate = rates[row][column] else { return false }
        return target.isMissed(by: rate)
    }

    /// True when some area of the table is marked below its target.
    public var marksBelowTarget: Bool {
        rows.indices.contains { row in columns.indices.contains { isBelowTarget(row: row, column: $0) } }
    }
}

/// A part of a report, in reading order.
public enum ReportBlock: Sendable {
    case heading(String, level: Int)
    case paragraph(String)
    /// Items of a bulleted list.
    case list([String])
    /// Text printed as it is (a script's printed output).
    case preformatted(String)
    /// popsh code as written in a notebook, shown before its output.
    case code(String)
    case table(ReportTable)
    /// A statistics table in the layout of the official form (ReportForm.swift).
    case form(ReportForm)
    /// The next block starts a new page (a form feed among the sections).
    case pageBreak
    /// A diagnostic from a block that failed.
    case error(String)
}

/// Where a report's figures come from.
public struct ReportSource: Sendable {
    /// One kind of imported file: how many files, rows loaded, and when the last one was loaded.
    public struct Feed: Sendable {
        public let kind: String
        public let files: Int
        public let loaded: Int
        public let lastImported: String
        /// The name of the last file of the kind (a feed's name carries its month).
        public let lastFile: String

        public init(kind: String, files: Int, loaded: Int, lastImported: String, lastFile: String) {
            self.kind = kind
            self.files = files
            self.loaded = loaded
            self.lastImported = lastImported
            self.lastFile = lastFile
        }
    }

    public let database: String
    public let feeds: [Feed]

    public init(database: String, feeds: [Feed]) {
        self.database = database
        self.feeds = feeds
    }

    /// The database's path and a line per kind of file in `imports`. A file imported
    /// again (the same name and content, from any folder) counts once.
    public static func of(_ db: Database) throws -> ReportSource {
        let rows = try db.query("""
            SELECT kind, COUNT(DISTINCT coalesce(sha256, '') || '|' || replace(file, rtrim(file, replace(file, '/', '')), '')),
                   SUM(loaded), MAX(coalesce(finished, started)),
                   (SELECT file FROM imports i WHERE i.kind = imports.kind ORDER BY i.file DESC LIMIT 1)
            FROM imports GROUP BY kind ORDER BY MIN(id)
            """)
        return ReportSource(database: db.path, feeds: rows.map { row in
            Feed(kind: row[0].text ?? "", files: Int(row[1].integer ?? 0), loaded: Int(row[2].integer ?? 0),
                 lastImported: String((row[3].text ?? "").prefix(10)),
                 lastFile: (row[4].text ?? "").split(separator: "/").last.map(String.init) ?? "")
        })
    }
}

/// A whole report.
public struct ReportDocument: Sendable {
    public var title: String
    public var language: ReportLanguage
    public var source: ReportSource?
    /// The date printed in the header (today, or fixed for reproducible output).
    public var printed: CivilDate
    public var blocks: [ReportBlock] = []

    public init(title: String, language: ReportLanguage = .zh, source: ReportSource? = nil, printed: CivilDate) {
        self.title = title
        self.language = language
        self.source = source
        self.printed = printed
    }

    /// Appends a value as the blocks that print it: a table as a table, a string as a
    /// paragraph (`# `, `## ` and `### ` open headings, `- ` makes a list item, a form
    /// feed alone starts a page), a list as its items in turn, anything else as its text.
    public mutating func append(_ value: Value, _ machine: Machine, at location: SourceLocation) throws {
        switch value {
        case .null: return
        case .table(let t): blocks.append(.table(try ReportTable(t, language: language, machine, at: location)))
        case .list(let items): for item in items { try append(item, machine, at: location) }
        case .record(let r):
            if let form = try ReportForm(r, language: language, printed: printed, machine, at: location) {
                blocks.append(.form(form))
            } else {
                blocks.append(.preformatted(value.text))
            }
        case .string(let s):
            if s == "\u{0C}" { blocks.append(.pageBreak) }
            else if s.hasPrefix("### ") { blocks.append(.heading(String(s.dropFirst(4)), level: 3)) }
            else if s.hasPrefix("## ") { blocks.append(.heading(String(s.dropFirst(3)), level: 2)) }
            else if s.hasPrefix("# ") { blocks.append(.heading(String(s.dropFirst(2)), level: 1)) }
            else if s.hasPrefix("- ") {
                // Items in a row make one list.
                if case .list(let items)? = blocks.last { blocks[blocks.count - 1] = .list(items + [String(s.dropFirst(2))]) }
                else { blocks.append(.list([String(s.dropFirst(2))])) }
            }
            else { blocks.append(.paragraph(s)) }
        default: blocks.append(.preformatted(value.text))
        }
    }
}
