// TextSource: a file's bytes as UTF-8 text in chunks, whatever the file's encoding.
// Files are UTF-8 (with or without a BOM) or GB18030 (spec section 1), or an Excel
// workbook, read as the CSV text of its first sheet. A byte-order mark is dropped in
// either encoding (GB18030 writes U+FEFF as 84 31 95 33), as is a second one that a
// tool added in front of the first. Chunks end at a
// line feed: 0x0A is never part of a multi-byte character in either encoding, so each
// chunk converts on its own and a big file never sits in memory whole.

import Foundation

/// The character encoding of an exchange file.
public enum TextEncoding: String, Codable, CaseIterable, Sendable {
    case utf8 = "utf-8"
    case gb18030
}

/// Why a file could not be read at all; the message says what to do.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

final class TextSource {
    let path: String
    let encoding: TextEncoding
    let size: Int64
    private let handle: FileHandle
    private var carry: [UInt8] = []
    private let digest = SHA256Thread()
    private var atStart = true
    private var exhausted = false
    /// Lines handed out so far, to say where undecodable bytes are.
    private var linesSoFar = 0

    static let chunkSize = 1 << 20

    init(path: String, encoding forced: TextEncoding?) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw FileError("no such file (check the path)")
        }
        // An Excel feed is read as the CSV text of its first sheet (WorkbookSource.swift).
        let workbook = WorkbookSource.isWorkbook(path)
        let opened = workbook ? try WorkbookSource.csv(of: path) : path
        guard let handle = FileHandle(forReadingAtPath: opened) else {
            throw FileError("cannot be opened (check its permissions)")
        }
        // The open handle keeps a converted sheet's text readable; its name is not needed.
        if workbook { try? FileManager.default.removeItem(atPath: opened) }
        // The size of what was opened: the path's attributes describe a symbolic link
        // itself, and a big file named through one would load as if it were small.
        let size: UInt64
        do {
            size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
        } catch {
            throw FileError("cannot be read (\(error.localizedDescription))")
        }
        self.path = path
        self.handle = handle
        self.size = Int64(size)
        self.encoding = workbook ? .utf8 : try forced ?? TextSource.detect(path: path)
    }

    deinit {
        if checksum == nil { digest.abandon() }
        try? handle.close()
    }

    /// SHA-256 of the file's bytes; complete once `nextChunk` has returned nil.
    private(set) var checksum: String?

    /// The next piece of UTF-8 text ending at a line feed (the last may not), or nil at the end.
    func nextChunk() throws -> [UInt8]? {
        while !exhausted {
            let raw = try read()
            if raw.isEmpty {
                exhausted = true
                checksum = digest.finish()
                break
            }
            digest.update(raw)
            carry.append(contentsOf: raw)
            guard let lastLineFeed = carry.lastIndex(of: 0x0A) else { continue }
            let piece = Array(carry[...lastLineFeed])
            carry.removeSubrange(...lastLineFeed)
            return try withoutByteOrderMarks(decode(piece, last: false))
        }
        guard !carry.isEmpty else { return nil }
        defer { carry.removeAll() }
        return try withoutByteOrderMarks(decode(carry, last: true))
    }

    /// The first decoded text without the byte-order marks it starts with (U+FEFF, once
    /// or more); later text as it is.
    private func withoutByteOrderMarks(_ text: [UInt8]) -> [UInt8] {
        guard atStart else { return text }
        atStart = false
        var start = 0
        while text[start...].starts(with: TextSource.utf8ByteOrderMark) { start += 3 }
        return start == 0 ? text : Array(text[start...])
    }

    private static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private func read() throws -> [UInt8] {
        do {
            return [UInt8](try handle.read(upToCount: TextSource.chunkSize) ?? Data())
        } catch {
            throw FileError("read failed (\(error.localizedDescription))")
        }
    }

    private func decode(_ bytes: [UInt8], last: Bool) throws -> [UInt8] {
        defer { linesSoFar += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        switch encoding {
        case .utf8:
            let bad = TextCodec.firstInvalidUTF8(bytes) ?? (last && !TextSource.isComplete(bytes) ? bytes.count - 1 : nil)
            if let bad {
                let line = linesSoFar + 1 + bytes[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                throw FileError("line \(line) is not UTF-8 text (if the file is GB18030, name that encoding)")
            }
            return bytes
        case .gb18030:
            guard let text = TextCodec.decodeGB18030(bytes) else {
                throw FileError("bytes after line \(linesSoFar) are not GB18030 (check the file's encoding)")
            }
            return Array(text.utf8)
        }
    }

    /// UTF-8 when the file's first 64 KiB of non-ASCII bytes are valid UTF-8 (or it has
    /// none), else GB18030 when the first piece that is not UTF-8 decodes as GB18030; a
    /// file in neither encoding is refused. A NUL byte is left to the reader, which
    /// quarantines the row holding it wherever it is. The whole file is not read
    /// twice: a UTF-8 file is checked again chunk by chunk as it loads, so a later byte
    /// that is not UTF-8 stops the import at its line.
    static func detect(path: String) throws -> TextEncoding {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError("cannot be opened (check its permissions)")
        }
        defer { try? handle.close() }
        var carry: [UInt8] = []
        var nonASCII = 0
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            carry.append(contentsOf: data)
            guard let cut = carry.lastIndex(of: 0x0A) else { continue }
            let piece = carry[...cut]
            if !TextCodec.isValidUTF8(piece) { return try gb18030(piece, path) }
            nonASCII += piece.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
            if nonASCII >= settlingNonASCII { return .utf8 }
            carry.removeSubrange(...cut)
        }
        return TextCodec.isValidUTF8(carry) && isComplete(carry) ? .utf8 : try gb18030(carry[...], path)
    }

    /// Non-ASCII bytes that, all valid UTF-8, settle a file as UTF-8: GB18030 Chinese
    /// text is valid UTF-8 only by accident, and not for thousands of characters.
    private static let settlingNonASCII = 64 << 10

    private static func gb18030(_ piece: ArraySlice<UInt8>, _ path: String) throws -> TextEncoding {
        guard TextCodec.decodeGB18030(piece) != nil else {
            throw FileError("is neither UTF-8 nor GB18030 text (save it as UTF-8 CSV)")
        }
        return .gb18030
    }

    /// isValidUTF8 forgives a cut sequence at the end; at the end of a file it is an error.
    private static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let lead = bytes.lastIndex(where: { $0 & 0xC0 != 0x80 }) else { return bytes.isEmpty }
        let b = bytes[lead]
        let needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        return bytes.count - lead == needed
    }
}
