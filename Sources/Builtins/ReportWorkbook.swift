// ReportWorkbook: a report as an Excel workbook for the reader who wants to compute
// with its figures. The first sheet holds the title, the data source, the date printed
// and the report's text in order, each table named there by its sheet; then one sheet
// per table, named after the heading above it, with the columns labelled in the
// report's language (a targeted rate's target in its heading), counts and rates as
// numbers (rates unrounded, shown with two decimals), dates as dates, total rows bold
// and every rate below its target marked in the printed report's second colour.

import DataModel

enum ReportWorkbook {
    static func write(_ doc: ReportDocument, to path: String) throws {
        let lang = doc.language
        let book = try Workbook(path: path)
        var contents: [String] = [], sheets: [(name: String, table: ReportTable)] = []
        var heading = "", used: [String: Int] = [:]
        for block in doc.blocks {
            switch block {
            case .heading(let text, _):
                heading = text
                contents.append(text)
            case .paragraph(let text), .preformatted(let text), .code(let text): contents.append(text)
            case .pageBreak: continue
            case .list(let items): contents += items.map { "• " + $0 }
            case .error(let text): contents.append(ReportLabels.word("error", lang) + ": " + text)
            case .form(let form):
                contents.append(form.title)
                contents += (form.corner + form.heading + form.footer).map { "\($0.label)：\($0.value)" }
                var name = form.title
                used[name, default: 0] += 1
                if used[name]! > 1 { name += "_\(used[name]!)" }
                sheets.append((name, form.table))
                contents.append((lang == .zh ? "见工作表：" : "See sheet: ") + name)
            case .table(let table):
                var name = sheetName(heading, number: sheets.count + 1, lang)
                used[name, default: 0] += 1
                if used[name]! > 1 { name += "_\(used[name]!)" }
                sheets.append((name, table))
                contents.append((lang == .zh ? "见工作表：" : "See sheet: ") + name)
            }
        }
        book.addSheet(lang == .zh ? "报告" : "Report", header: [doc.title])
        for line in header(doc) + [""] + contents { book.write([.text(line)]) }
        for (name, table) in sheets { add(table, named: name, to: book, lang) }
        try book.close()
    }

    /// The source and printed date, as the other forms print them.
    private static func header(_ doc: ReportDocument) -> [String] {
        let lang = doc.language, colon = ReportLabels.word("colon", lang)
        var lines: [String] = []
        if let source = doc.source {
            lines.append("\(ReportLabels.word("source", lang))\(colon)\(ReportLabels.word("database", lang)) \(source.database)")
            lines += source.feeds.map { feed in
                "  \(ReportLabels.fileKind(feed.kind, lang)): \(ReportLabels.files(feed.files, lang)), \(feed.loaded) "
                    + "\(ReportLabels.word("rows", lang)), \(ReportLabels.word("loaded", lang)) \(feed.lastImported) (\(feed.lastFile))"
            }
        }
        return lines + ["\(ReportLabels.word("printed", lang))\(colon)\(doc.printed)"]
    }

    /// The heading without its number ("二、各乡镇街道" → "各乡镇街道"), else "表N".
    static func sheetName(_ heading: String, number: Int, _ lang: ReportLanguage) -> String {
        var name = Substring(heading)
        if let mark = name.firstIndex(where: { $0 == "、" || $0 == "." }), name.distance(from: name.startIndex, to: mark) <= 3 {
            name = name[name.index(after: mark)...]
        }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? (lang == .zh ? "表\(number)" : "Table \(number)") : trimmed
    }

    private static func add(_ table: ReportTable, named name: String, to book: Workbook, _ lang: ReportLanguage) {
        book.addSheet(name, header: table.columns.map { column in
            column.label + (column.target.map { " " + ReportLabels.targetLines($0, lang).joined(separator: " ") } ?? "")
        })
        let styles = table.columns.map { $0.indicator != nil ? WorkbookStyle.rate : [] }
        for (r, cells) in table.rows.enumerated() {
            let row = cells.indices.map { i -> WorkbookCell in
                let column = table.columns[i], text = cells[i]
                if text.isEmpty { return .empty }
                if column.indicator != nil, let rate = table.rates[r][i] { return .number(rate) }
                if column.isNumeric, let number = Double(text) { return .number(number) }
                if column.isDate, let day = CivilDate.parse(text) { return .date(day) }
                return .text(text)
            }
            let marks = styles.indices.map { i in
                table.isBelowTarget(row: r, column: i) ? styles[i].union(.missed) : styles[i]
            }
            book.write(row, style: table.isTotal[r] ? .bold : [], styles: marks)
        }
    }
}
