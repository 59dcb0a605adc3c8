// CSVReader: RFC 4180 records from a TextSource, one at a time, each with the line it
// starts on. Hand-written over bytes for speed (a register export runs to millions of
// rows and Foundation has no streaming CSV parser): quotes, doubled quotes, embedded
// newlines, CRLF or LF endings; blank lines are skipped. A record the parser can read but
// that breaks the format (text after a closing quote, a NUL byte in a value) carries a
// problem for quarantine, wherever in the file it is; a quote still open at the end of
// the file is an error for the whole file.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class CSVReader {
    private let source: TextSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var sourceDone = false
    private var scratch: [UInt8] = []
    private var nextLine = 1

    /// Fields of the current record, as written (not trimmed).
    private(set) var fields: [String] = []
    /// Line on which the current record starts (1-based, the header is line 1).
    private(set) var line = 0
    /// A format problem in the current record: its 1-based column and what is wrong.
    private(set) var problem: (column: Int, message: String)?
    private var recordStart = 0
    private var recordEnd = 0

    init(source: TextSource) { self.source = source }

    /// The current record's text as it stood in the file (without its line ending); a NUL
    /// byte shows as U+2400 (␀), since SQLite's text functions would stop at it.
    var rawText: String {
        let text = String(decoding: buffer[recordStart..<recordEnd], as: UTF8.self)
        return problem == nil ? text : text.replacingOccurrences(of: "\0", with: "\u{2400}")
    }

    /// Moves to the next record; false at the end of the file.
    func next() throws -> Bool {
        while true {
            skipBlankLines()
            if position < buffer.count || sourceDone {
                if position >= buffer.count { return false }
                if let end = try parseRecord(from: position) {
                    position = end
                    return true
                }
            }
            try refill()
        }
    }

    private func refill() throws {
        buffer.removeSubrange(0..<position)
        position = 0
        if let chunk = try source.nextChunk() { buffer.append(contentsOf: chunk) } else { sourceDone = true }
    }

    private func skipBlankLines() {
        while position < buffer.count {
            if buffer[position] == lineFeed {
                position += 1
            } else if buffer[position] == carriageReturn, position + 1 < buffer.count, buffer[position + 1] == lineFeed {
                position += 2
            } else {
                return
            }
            nextLine += 1
        }
    }

    /// Parses the record at `start`; returns the index after its line ending, or nil
    /// when the buffer ends before the record does and more text may come.
    private func parseRecord(from start: Int) throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        problem = nil
        var i = start
        var newlines = 0
        let n = buffer.count
        while true {
            if i < n, buffer[i] == quote {
                scratch.removeAll(keepingCapacity: true)
                i += 1
                while true {
                    guard i < n else {
                        if sourceDone {
                            throw FileError("line \(nextLine): a quoted field opened here is never closed "
                                            + "(a quote inside a field must be doubled: \"\")")
                        }
                        return nil
                    }
                    let b = buffer[i]
                    if b == quote {
                        if i + 1 < n, buffer[i + 1] == quote { scratch.append(quote); i += 2; continue }
                        if i + 1 >= n, !sourceDone { return nil }
                        i += 1
                        break
                    }
                    if b == lineFeed { newlines += 1 }
                    scratch.append(b)
                    i += 1
                }
                while i < n, !isDelimiter(buffer[i]) {
                    if problem == nil { problem = (fields.count + 1, "text after the closing quote (double a quote inside a field: \"\")") }
                    scratch.append(buffer[i])
                    i += 1
                }
                fields.append(String(decoding: scratch, as: UTF8.self))
            } else {
                let fieldStart = i
                while i < n, !isDelimiter(buffer[i]) { i += 1 }
                fields.append(String(decoding: buffer[fieldStart..<i], as: UTF8.self))
            }
            guard i < n else {
                guard sourceDone else { return nil }
                return finish(start, end: i, after: i, newlines: newlines)
            }
            switch buffer[i] {
            case comma:
                i += 1
            case carriageReturn:
                if i + 1 < n { return finish(start, end: i, after: buffer[i + 1] == lineFeed ? i + 2 : i + 1, newlines: newlines) }
                guard sourceDone else { return nil }
                return finish(start, end: i, after: i + 1, newlines: newlines)
            default:
                return finish(start, end: i, after: i + 1, newlines: newlines)
            }
        }
    }

    private func finish(_ start: Int, end: Int, after: Int, newlines: Int) -> Int {
        if problem == nil, holdsNUL(start..<end) {
            let column = fields.firstIndex { $0.utf8.contains(0) } ?? 0
            problem = (column + 1, "holds a NUL byte (0x00), which is not text (a damaged export: correct the value or export it again)")
        }
        recordStart = start
        recordEnd = end
        line = nextLine
        nextLine += 1 + newlines
        return after
    }

    private func holdsNUL(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        return buffer.withUnsafeBufferPointer { memchr($0.baseAddress! + range.lowerBound, 0, range.count) != nil }
    }

    private func isDelimiter(_ b: UInt8) -> Bool { b == comma || b == lineFeed || b == carriageReturn }
}

private let quote = UInt8(ascii: "\"")
private let comma = UInt8(ascii: ",")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
