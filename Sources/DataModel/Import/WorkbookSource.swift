// WorkbookSource: an Excel feed (.xlsx, spec section 1) as the CSV text the importer
// reads, so a workbook goes through the same row checks, quarantine and bookkeeping as
// a CSV file. A workbook is a zip of XML files (ZIPFoundation opens it, Foundation's
// XMLParser reads the parts): the first sheet's rows become CSV lines, with a blank line
// for each row the sheet skips so that a quarantined row is reported at the row number
// Excel shows. Shared and inline strings are text; numbers are written without a
// trailing ".0"; a number in a date format is an ISO day (1900 or 1904 date system);
// TRUE and FALSE are written as 1 and 0, as a CSV export from Excel writes them.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

enum WorkbookSource {
    /// True for a path the importer reads as a workbook.
    static func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

    /// Writes the first sheet of the workbook at `path` as UTF-8 CSV to a new temporary
    /// file and returns that file's path; the caller removes it.
    static func csv(of path: String) throws -> String {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw FileError("is not an Excel workbook (.xlsx is a zip file; save the sheet as .xlsx or as CSV)")
        }
        let book = try parse(part(archive, "xl/workbook.xml"))
        guard let firstSheet = book.first(where: { $0.name == "sheet" })?.attributes["r:id"] else {
            throw FileError("holds no sheet")
        }
        let relations = try parse(part(archive, "xl/_rels/workbook.xml.rels"))
        guard var target = relations.first(where: { $0.name == "Relationship" && $0.attributes["Id"] == firstSheet })?
            .attributes["Target"] else { throw FileError("names a first sheet it does not hold") }
        target = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        let strings = archive["xl/sharedStrings.xml"] == nil ? [] : try SharedStrings.read(try part(archive, "xl/sharedStrings.xml"))
        let dates = archive["xl/styles.xml"] == nil ? [] : DateStyles.read(try parse(part(archive, "xl/styles.xml")))
        let epoch = book.contains { $0.name == "workbookPr" && ["1", "true"].contains($0.attributes["date1904"] ?? "") }
            ? -24_107 : -25_569
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-xlsx-\(UUID().uuidString).csv")
        let writer = SheetCSV(strings: strings, dateStyles: dates, epoch: epoch)
        try writer.convert(try part(archive, target), to: out)
        return out.path
    }

    private static func part(_ archive: Archive, _ name: String) throws -> Data {
        guard let entry = archive[name] else { throw FileError("is not an Excel workbook (it has no \(name))") }
        var data = Data()
        do { _ = try archive.extract(entry, skipCRC32: false) { data.append($0) } } catch {
            throw FileError("is damaged: \(name) cannot be read (\(error.localizedDescription))")
        }
        return data
    }

    /// Every element of a small XML part, with its attributes, in document order.
    static func parse(_ data: Data) throws -> [(name: String, attributes: [String: String])] {
        let collector = ElementCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { throw FileError("is damaged: its XML does not parse") }
        return collector.elements
    }
}

private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        elements.append((name, attributes))
    }
}

/// The shared strings: each `<si>` is the text of its `<t>` elements, phonetic runs aside.
private final class SharedStrings: NSObject, XMLParserDelegate {
    private var strings: [String] = [], current = "", inText = false, phonetic = 0

    static func read(_ data: Data) throws -> [String] {
        let reader = SharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else { throw FileError("is damaged: its shared strings do not parse") }
        return reader.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "rPh": phonetic += 1
        case "t": inText = phonetic == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }
}

/// Which cell styles (`s` indexes into cellXfs) show a number as a date.
enum DateStyles {
    /// Excel's built-in date formats: 14-22 and 45-47.
    static let builtIn: Set<Int> = Set(14...22).union(45...47)

    static func read(_ styles: [(name: String, attributes: [String: String])]) -> Set<Int> {
        var custom: [Int: String] = [:]
        for e in styles where e.name == "numFmt" {
            if let id = Int(e.attributes["numFmtId"] ?? ""), let code = e.attributes["formatCode"] { custom[id] = code }
        }
        var dates: Set<Int> = [], index = 0, inCellXfs = false
        for e in styles {
            if e.name == "cellXfs" { inCellXfs = true; continue }
            if e.name == "cellStyleXfs" || e.name == "dxfs" || e.name == "cellStyles" { inCellXfs = false }
            guard inCellXfs, e.name == "xf" else { continue }
            let id = Int(e.attributes["numFmtId"] ?? "0") ?? 0
            if builtIn.contains(id) || custom[id].map(isDateCode) == true { dates.insert(index) }
            index += 1
        }
        return dates
    }

    /// A format code that shows a day: it has y or d outside quoted text and brackets.
    static func isDateCode(_ code: String) -> Bool {
        var quoted = false, bracket = false
        for ch in code.lowercased() {
            switch ch {
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            case "y", "d": if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }
}
