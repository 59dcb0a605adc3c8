// GB18030 <-> UTF-8 through glibc's iconv. Government exports are often GB18030
// (spec section 1); iconv ships with every Debian system and converts whole buffers
// at memory speed, so no hand-written code tables are needed.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum TextCodec {
    /// Decodes GB18030 bytes; nil when they are not valid GB18030.
    public static func decodeGB18030<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        guard let out = convert(Array(bytes), from: "GB18030", to: "UTF-8") else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes text as GB18030 (every Unicode scalar has a GB18030 form).
    public static func encodeGB18030(_ text: String) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: "GB18030")
    }

    /// True when `bytes` are well-formed UTF-8 (a cut multi-byte sequence at the very
    /// end counts as well-formed, so a buffer boundary does not mislead detection).
    public static func isValidUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        firstInvalidUTF8(bytes) == nil
    }

    /// The offset of the first byte that breaks UTF-8, nil when there is none (a cut
    /// sequence at the very end is not counted, as in `isValidUTF8`).
    public static func firstInvalidUTF8<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        if let offset = bytes.withContiguousStorageIfAvailable({ firstInvalidUTF8(UnsafeRawBufferPointer($0)) }) {
            return offset
        }
        return Array(bytes).withUnsafeBytes { firstInvalidUTF8($0) }
    }

    /// Every imported byte passes here, so runs of ASCII are skipped eight bytes at a time.
    private static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            while i + 8 <= n, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < n else { break }
            let pending: Int
            switch bytes[i] {
            case 0x00...0x7F: pending = 0
            case 0xC2...0xDF: pending = 1
            case 0xE0...0xEF: pending = 2
            case 0xF0...0xF4: pending = 3
            default: return i
            }
            i += 1
            for _ in 0..<pending {
                guard i < n else { return nil }
                guard bytes[i] & 0xC0 == 0x80 else { return i }
                i += 1
            }
        }
        return nil
    }

    private static func convert(_ input: [UInt8], from: String, to: String) -> [UInt8]? {
        let cd = iconv_open(to, from)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var inLeft = input.count, outLeft = output.count
        let ok: Bool = input.withUnsafeBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr = UnsafeMutablePointer(mutating: inBuf.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).assumingMemoryBound(to: CChar.self) })
                var outPtr = outBuf.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                if input.isEmpty { return true }
                return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1
            }
        }
        guard ok, inLeft == 0 else { return nil }
        output.removeLast(outLeft)
        return output
    }
}
