// SHA256: the checksum recorded for each imported file, so a clerk can tell whether two
// batches came from the same bytes. Hand-written (FIPS 180-4) because Foundation on
// Linux has no hash functions and the package takes no crypto dependency for one digest;
// it is fed the file's chunks as they stream past, so nothing is read twice. It hashes
// every byte of every import, so blocks are compressed straight from the caller's buffer
// through unsafe pointers: array bounds checks and copies tripled its cost.

import Foundation

struct SHA256 {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    /// Bytes of an incomplete block waiting for the next update (fewer than 64).
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        length += UInt64(bytes.count)
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    private mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes[...]
        if !pending.isEmpty {
            let taken = min(64 - pending.count, rest.count)
            pending.append(contentsOf: rest.prefix(taken))
            rest = rest.dropFirst(taken)
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress(blocks: $0) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = rest.count - rest.count % 64
        compress(blocks: UnsafeRawBufferPointer(rebasing: rest.prefix(whole)))
        pending.append(contentsOf: rest.dropFirst(whole))
    }

    /// The digest as 64 lower-case hex digits.
    mutating func finalize() -> String {
        let bits = length &* 8
        var tail: [UInt8] = [0x80]
        while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        let last = pending + tail
        pending.removeAll()
        last.withUnsafeBytes { compress(blocks: $0) }
        let hex = Array("0123456789abcdef")
        var out = ""
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(hex[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return out
    }

    /// Compresses each whole 64-byte block of `blocks` into the state.
    private mutating func compress(blocks: UnsafeRawBufferPointer) {
        guard blocks.count >= 64 else { return }
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        SHA256.k.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for offset in stride(from: 0, to: blocks.count - 63, by: 64) {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: offset + 4 * t, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                        let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                    for t in 0..<64 {
                        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let choice = (e & f) ^ (~e & g)
                        let t1 = h &+ s1 &+ choice &+ k[t] &+ w[t]
                        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ s0 &+ majority)
                    }
                    (h0, h1, h2, h3) = (h0 &+ a, h1 &+ b, h2 &+ c, h3 &+ d)
                    (h4, h5, h6, h7) = (h4 &+ e, h5 &+ f, h6 &+ g, h7 &+ h)
                }
            }
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

/// SHA-256 of a stream of chunks, computed on a thread of its own. While a file's rows
/// load, the importer's reading thread is the slower half (`perf` of the 1.2-million
/// register: the reader busy all the time, the writer two thirds of it), and the digest
/// was a ninth of the reader's work; a third thread takes it on the core's spare time.
/// At most `depth` chunks wait, so memory stays flat if that thread falls behind.
final class SHA256Thread: @unchecked Sendable {
    static let depth = 8

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [[UInt8]] = []
    private var ending = false
    private var digest: String?

    init() {
        let thread = Thread { [self] in run() }
        thread.name = "popsh import digest"
        thread.start()
    }

    /// Hands the next chunk over, waiting while `depth` chunks wait already.
    func update(_ chunk: [UInt8]) {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= SHA256Thread.depth && !ending { condition.wait() }
        waiting.append(chunk)
        condition.broadcast()
    }

    /// The digest of every chunk handed over, once the thread has hashed them all.
    func finish() -> String {
        condition.lock()
        defer { condition.unlock() }
        ending = true
        condition.broadcast()
        while digest == nil { condition.wait() }
        return digest!
    }

    /// Lets the thread end without waiting for it (a read that stopped early).
    func abandon() {
        condition.lock()
        ending = true
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        var hasher = SHA256()
        while true {
            condition.lock()
            while waiting.isEmpty && !ending { condition.wait() }
            let chunks = waiting
            waiting.removeAll()
            let last = ending && chunks.isEmpty
            condition.broadcast()
            condition.unlock()
            for chunk in chunks { hasher.update(chunk) }
            if last {
                let result = hasher.finalize()
                condition.lock()
                digest = result
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }
}
