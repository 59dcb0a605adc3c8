// Workbook: Excel files written through libxlsxwriter. A sheet has a bold header row
// that stays in view (frozen), numbers stored as numbers, dates as Excel dates shown
// as yyyy-mm-dd, and columns as wide as their widest cell, Chinese characters counted
// twice. Rows are written in order in libxlsxwriter's constant-memory mode, so a
// sheet of the whole register streams through a temporary file instead of memory.

import CXLSXWriter
import DataModel
import Foundation

/// A failure to write a workbook, with the file it concerns.
public struct WorkbookError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// A cell as a workbook stores it.
enum WorkbookCell {
    case empty
    case text(String)
    case number(Double)
    case date(CivilDate)
    case bool(Bool)
}

/// How a cell looks beyond its value.
struct WorkbookStyle: OptionSet {
    let rawValue: Int
    static let bold = WorkbookStyle(rawValue: 1)
    /// Two decimals (a rate), else a whole number shows as it is.
    static let rate = WorkbookStyle(rawValue: 2)
    /// Below its target: bold, in the second colour the printed report uses.
    static let missed = WorkbookStyle(rawValue: 4)
}

final class Workbook {
    private let book: UnsafeMutablePointer<lxw_workbook>
    private let path: String
    private var sheet: UnsafeMutablePointer<lxw_worksheet>?
    private var widths: [Int] = []
    private var row: UInt32 = 0
    private var names: Set<String> = []
    private var formats: [Int: UnsafeMutablePointer<lxw_format>] = [:]

    /// Widest column, in characters: a long sentence wraps to this in Excel instead of
    /// stretching across the screen.
    static let widest = 60

    init(path: String) throws {
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 1)
        guard let book = workbook_new_opt(path, &options) else {
            throw WorkbookError(description: "cannot write \(path): check the folder exists and is writable")
        }
        self.book = book
        self.path = path
    }

    /// Starts a sheet named `name` (cut to Excel's 31 characters, made unique) whose
    /// first row is `header`, frozen.
    func addSheet(_ name: String, header: [String]) {
        finishSheet()
        var base = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(28))
        if base.isEmpty { base = "Sheet" }
        var unique = base, n = 2
        while names.contains(unique.lowercased()) { unique = "\(base)_\(n)"; n += 1 }
        names.insert(unique.lowercased())
        sheet = workbook_add_worksheet(book, unique)
        widths = header.map { TextWidth.of($0) }
        row = 0
        write(header.map { .text($0) }, style: .bold)
        worksheet_freeze_panes(sheet, 1, 0)
    }

    /// Writes the next row of the current sheet; `styles` by column, else `style` for all.
    func write(_ cells: [WorkbookCell], style: WorkbookStyle = [], styles: [WorkbookStyle] = []) {
        guard let sheet else { return }
        for (i, cell) in cells.enumerated() {
            let look = i < styles.count ? styles[i].union(style) : style
            let column = lxw_col_t(i)
            switch cell {
            case .empty:
                if !look.isEmpty { worksheet_write_blank(sheet, row, column, format(look, date: false)) }
            case .text(let s):
                worksheet_write_string(sheet, row, column, s, format(look, date: false))
                widen(i, TextWidth.of(s))
            case .number(let x):
                worksheet_write_number(sheet, row, column, x, format(look, date: false))
                widen(i, look.contains(.rate) ? TableDisplay.fixed(x, digits: 2).count : String(Int64(x)).count)
            case .date(let d):
                var when = lxw_datetime(year: Int32(d.year), month: Int32(d.month), day: Int32(d.day), hour: 0, min: 0, sec: 0)
                worksheet_write_datetime(sheet, row, column, &when, format(look, date: true))
                widen(i, 10)
            case .bool(let b):
                worksheet_write_boolean(sheet, row, column, b ? 1 : 0, format(look, date: false))
                widen(i, 5)
            }
        }
        row += 1
    }

    /// Closes the workbook, writing the file.
    func close() throws {
        finishSheet()
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else {
            throw WorkbookError(description: "cannot write \(path): \(String(cString: lxw_strerror(status)))")
        }
    }

    private func widen(_ column: Int, _ cells: Int) {
        while widths.count <= column { widths.append(0) }
        widths[column] = max(widths[column], cells)
    }

    /// Column widths are known once every row is written.
    private func finishSheet() {
        guard let sheet else { return }
        for (i, width) in widths.enumerated() {
            worksheet_set_column(sheet, lxw_col_t(i), lxw_col_t(i), Double(min(width, Self.widest) + 2), nil)
        }
        self.sheet = nil
    }

    /// One format per look, made on first use (libxlsxwriter keeps them with the workbook).
    private func format(_ look: WorkbookStyle, date: Bool) -> UnsafeMutablePointer<lxw_format>? {
        let key = look.rawValue * 2 + (date ? 1 : 0)
        if let made = formats[key] { return made }
        guard look != [] || date, let made = workbook_add_format(book) else { return nil }
        if look.contains(.bold) || look.contains(.missed) { format_set_bold(made) }
        if look.contains(.missed) { format_set_font_color(made, 0xA3261B) }
        if look.contains(.rate) { format_set_num_format(made, "0.00") }
        if date { format_set_num_format(made, "yyyy-mm-dd") }
        formats[key] = made
        return made
    }
}
