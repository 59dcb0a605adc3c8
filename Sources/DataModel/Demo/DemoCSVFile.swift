// DemoCSVFile: writes one CSV file of the demo city (RFC 4180: a field is quoted only
// when it holds a comma, quote or line break). Rows are assembled as UTF-8 bytes and
// flushed in 1 MB blocks, so the 1.2-million-person register streams to disk; a feed
// file written in GB18030, with a BOM or CRLF line ends is kept whole and converted
// once at the end, as the departments' exports are.

import Foundation

struct DemoCSVFile {
    enum Encoding { case utf8, utf8BOM, gb18030 }

    let path: String
    private let encoding: Encoding
    private let lineEnd: [UInt8]
    private var buffer: [UInt8] = []
    private var handle: FileHandle?
    private var rowStarted = false
    private(set) var rows = 0

    init(path: String, encoding: Encoding = .utf8, crlf: Bool = false) throws {
        self.path = path
        self.encoding = encoding
        lineEnd = crlf ? [13, 10] : [10]
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw DemoError("cannot create \(path): check that the folder is writable")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
        if encoding == .utf8BOM { buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    mutating func header(_ names: [String]) throws {
        for n in names { field(n) }
        try endRow()
    }

    mutating func field(_ text: String) {
        separate()
        let bytes = text.utf8
        if bytes.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            buffer.append(34)
            for b in bytes {
                if b == 34 { buffer.append(34) }
                buffer.append(b)
            }
            buffer.append(34)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// A field already known to need no quoting (digits, codes, generated names).
    mutating func plain(_ bytes: [UInt8]) {
        separate()
        buffer.append(contentsOf: bytes)
    }

    mutating func date(_ d: CivilDate?) {
        separate()
        if let d { buffer.append(contentsOf: d.description.utf8) }
    }

    mutating func number(_ n: Int64) {
        separate()
        buffer.append(contentsOf: String(n).utf8)
    }

    mutating func endRow() throws {
        buffer.append(contentsOf: lineEnd)
        rowStarted = false
        rows += 1
        if encoding != .gb18030, buffer.count >= 1 << 20 { try flush() }
    }

    mutating func close() throws {
        if encoding == .gb18030 {
            guard let encoded = TextCodec.encodeGB18030(String(decoding: buffer, as: UTF8.self)) else {
                throw DemoError("cannot encode \(path) in GB18030")
            }
            buffer = encoded
        }
        try flush()
        try handle?.close()
        handle = nil
    }

    private mutating func separate() {
        if rowStarted { buffer.append(44) }
        rowStarted = true
    }

    private mutating func flush() throws {
        try handle?.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A failure to write the demo city, saying what to do about it.
public struct DemoError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
