// ReportPDF: a report printed to PDF by a headless Chromium (Debian's `chromium`, which
// scripts/setup installs): the HTML report, with its A4 page, panels, repeated table
// headings and charts, is written to a scratch folder and printed with the browser's
// own page numbers turned off, since the page's CSS numbers its pages itself
// (`@page` margin boxes: 第 N 页 / 共 M 页). The browser is a separate program, so a
// machine without it gets an error that says how to install it.

import DataModel
import Foundation

/// A failure to print a PDF, with what to do about it.
public struct ReportPrintError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

public enum ReportPDF {
    /// Where Chromium is found, in order.
    static let browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                           "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"]

    /// The browser to print with: `POPSH_CHROMIUM` when set, else the first installed.
    static var browser: String? {
        if let chosen = ProcessInfo.processInfo.environment["POPSH_CHROMIUM"], !chosen.isEmpty { return chosen }
        return browsers.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Prints `doc` to the PDF file `path`.
    public static func write(_ doc: ReportDocument, to path: String) throws {
        guard let browser else {
            throw ReportPrintError(description: "printing a PDF needs Chromium, which is not installed "
                                   + "(scripts/setup installs it; or write .html and print it from a browser)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("popsh-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let page = scratch.appendingPathComponent("report.html")
        try ReportHTML.render(doc).write(to: page, atomically: true, encoding: .utf8)
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        // No sandbox: a batch job often runs as root, where Chromium refuses its sandbox.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=" + scratch.appendingPathComponent("profile").path,
                             "--no-pdf-header-footer", "--print-to-pdf=" + target.path, page.absoluteString]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try? FileManager.default.removeItem(at: target)
        try process.run()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: target.path) else {
            let last = String(decoding: said, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            throw ReportPrintError(description: "\(browser) could not print \(path) (exit \(process.terminationStatus)): \(last)")
        }
    }
}
