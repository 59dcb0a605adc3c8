// WorkbookSheet: one worksheet's XML turned into CSV lines as it is parsed. Cells are
// placed by their reference (B3 is the second field of line 3), so a skipped cell is an
// empty field and a skipped row an empty line; every row is as wide as the header row,
// as a CSV export would make it, and the row checks judge the values.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

final class SheetCSV: NSObject, XMLParserDelegate {
    private let strings: [String]
    private let dateStyles: Set<Int>
    /// Days from 1970-01-01 to the workbook's day 0 (1899-12-30, or 1904-01-01).
    private let epoch: Int
    private var output: FileHandle?
    private var buffer: [UInt8] = []
    private var failure: Error?

    private var nextRow = 1
    private var width: Int?
    private var row: [String] = []
    private var column = 0, type = "", style = -1
    private var text = "", inValue = false

    init(strings: [String], dateStyles: Set<Int>, epoch: Int) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.epoch = epoch
    }

    func convert(_ sheet: Data, to file: URL) throws {
        guard FileManager.default.createFile(atPath: file.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: file.path) else {
            throw FileError("cannot be converted: no temporary file could be written")
        }
        output = handle
        defer { try? handle.close() }
        let parser = XMLParser(data: sheet)
        parser.delegate = self
        let parsed = parser.parse()
        if let failure { throw failure }
        guard parsed else { throw FileError("is damaged: its first sheet's XML does not parse") }
        try flush()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        switch name {
        case "row":
            let number = Int(attributes["r"] ?? "") ?? nextRow
            while nextRow < number { emit("\n"); nextRow += 1 }
            row = []
        case "c":
            column = attributes["r"].flatMap(SheetCSV.columnIndex) ?? row.count
            type = attributes["t"] ?? "n"
            style = Int(attributes["s"] ?? "") ?? -1
            text = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            while row.count <= column { row.append("") }
            row[column] = value()
        case "row":
            if width == nil { width = row.count }
            while row.count < width! { row.append("") }
            while row.count > width!, row.last == "" { row.removeLast() }
            emit(row.map(SheetCSV.field).joined(separator: ",") + "\n")
            nextRow += 1
        default: break
        }
    }

    /// The cell's text as a CSV export would write it.
    private func value() -> String {
        switch type {
        case "s": return Int(text).flatMap { $0 < strings.count ? strings[$0] : nil } ?? ""
        case "b": return text == "1" ? "TRUE" : "FALSE"
        case "inlineStr", "str", "e", "d": return text
        default:
            guard let number = Double(text) else { return text }
            if dateStyles.contains(style) {
                return CivilDate(days: Int32(Int(number.rounded(.down)) + epoch)).description
            }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return text
        }
    }

    /// "AB12" → 27 (0-based column of the reference's letters).
    static func columnIndex(_ reference: String) -> Int? {
        var n = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            n = n * 26 + Int(scalar.value) - 64
            letters += 1
        }
        return letters == 0 ? nil : n - 1
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func emit(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 {
            do { try flush() } catch { failure = error }
        }
    }

    private func flush() throws {
        guard let output, !buffer.isEmpty else { return }
        do { try output.write(contentsOf: buffer) } catch {
            throw FileError("cannot be converted: the temporary file could not be written (\(error.localizedDescription))")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
