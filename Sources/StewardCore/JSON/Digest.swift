internal import CSHA256
import Crypto

/// SHA-256 helpers shared by the ledger, API keys and configuration revisions.
public enum Digest {
    /// The SHA-256 of `bytes` as lower-case hex.
    public static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        hex(SHA256.hash(data: Array(bytes)))
    }

    /// Lower-case hex of any byte sequence.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(table[Int(b >> 4)])
            out.append(table[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of a hex string, or nil if it is not even-length lower- or upper-case hex.
    public static func bytes(fromHex text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Decodes exactly 64 hex digits at `text` into 32 bytes at `out`; false (with `out` undefined)
    /// if `text` is not 64 digits, or has upper-case digits when `lowercaseOnly` is set. Allocation-free.
    public static func decode32(hex text: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer, lowercaseOnly: Bool) -> Bool {
        guard text.count == 64 else { return false }
        var bad: UInt8 = 0
        for i in 0..<32 {
            let hi = hexValue(text[2 * i], lowercaseOnly: lowercaseOnly)
            let lo = hexValue(text[2 * i + 1], lowercaseOnly: lowercaseOnly)
            bad |= (hi | lo) & 0xF0
            out.storeBytes(of: hi << 4 | (lo & 0x0F), toByteOffset: i, as: UInt8.self)
        }
        return bad == 0
    }

    /// Writes the 64 lower-case hex digits of 32 bytes at `out`.
    public static func encode32(hex bytes: UnsafeRawPointer, into out: UnsafeMutablePointer<UInt8>) {
        let table: StaticString = "0123456789abcdef"
        for i in 0..<32 {
            let b = bytes.load(fromByteOffset: i, as: UInt8.self)
            out[2 * i] = table.utf8Start[Int(b >> 4)]
            out[2 * i + 1] = table.utf8Start[Int(b & 0x0F)]
        }
    }

    /// A digit's value, or 0xFF if `c` is not a hex digit.
    @inline(__always)
    private static func hexValue(_ c: UInt8, lowercaseOnly: Bool) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): lowercaseOnly ? 0xFF : c &- UInt8(ascii: "A") &+ 10
        default: 0xFF
        }
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// SHA-256 of four messages at once, one per 32-bit vector lane (SSE2 on x86-64, NEON on arm64).
///
/// For verifiers on CPUs without SHA instructions, where swift-crypto hashes one message at a time
/// (about 3.5 ns a byte on this project's machines) and this does four in about the time of two.
/// Only ever used to check stored hashes, never to make them; the tests hold it to swift-crypto.
public enum SHA256Lanes {
    /// How many messages one call hashes.
    public static let width = 4

    /// Hashes `messages[0..<count]` (`count` at most ``width``) and writes each digest's 32 bytes
    /// at `digests + 32 * i`.
    public static func hash(_ messages: UnsafePointer<UnsafeRawBufferPointer>, count: Int, into digests: UnsafeMutableRawPointer) {
        precondition(count > 0 && count <= width)
        withUnsafeTemporaryAllocation(byteCount: 64 * 16 + width * 128, alignment: 16) { scratch in
            guard let scratch = scratch.baseAddress else { return }
            compress(messages, count: count, into: digests, scratch: scratch)
        }
    }

    private typealias Lanes = SIMD4<UInt32>

    /// The round constants and shift counts, read from memory the optimizer cannot see into: with
    /// constant shift counts LLVM turns the rotates into scalar rotates, one lane at a time.
    private final class Constants: @unchecked Sendable {  // immutable after init
        static let shared = Constants()
        let k: UnsafeMutablePointer<UInt32> = .allocate(capacity: 64)
        /// Right and left counts of Σ1 (6, 11, 25) and Σ0 (2, 13, 22); then σ0 (7, 18, >>3) and σ1 (17, 19, >>10).
        let shifts: UnsafeMutablePointer<UInt32> = .allocate(capacity: 22)

        private init() {
            k.initialize(from: steward_sha256_round_constants(), count: 64)
            shifts.initialize(from: [6, 26, 11, 21, 25, 7, 2, 30, 13, 19, 22, 10, 7, 25, 18, 14, 3, 17, 15, 19, 13, 10], count: 22)
        }
    }

    @inline(__always)
    private static func rotate(_ x: Lanes, _ shifts: UnsafePointer<UInt32>, _ i: Int) -> Lanes {
        (x &>> shifts[i]) ^ (x &<< shifts[i + 1])
    }

    private static func compress(
        _ messages: UnsafePointer<UnsafeRawBufferPointer>, count: Int, into digests: UnsafeMutableRawPointer,
        scratch: UnsafeMutableRawPointer
    ) {
        let constants = Constants.shared
        let k = UnsafePointer(constants.k), s = UnsafePointer(constants.shifts)
        let w = scratch.bindMemory(to: Lanes.self, capacity: 64)
        let tails = scratch + 64 * 16
        // Per lane: its blocks in all, how many are whole blocks of the message, and the padded rest
        // (one or two blocks) in `tails`. Missing lanes hash an empty message.
        var blocks = SIMD4<Int32>(repeating: 1), whole = SIMD4<Int32>(repeating: 0)
        for lane in 0..<width {
            let message = lane < count ? messages[lane] : UnsafeRawBufferPointer(start: nil, count: 0)
            blocks[lane] = Int32((message.count + 8) / 64 + 1)
            whole[lane] = Int32(message.count / 64)
            let tail = tails + lane * 128
            tail.initializeMemory(as: UInt8.self, repeating: 0, count: 128)
            let rest = message.count - Int(whole[lane]) * 64
            if rest > 0, let base = message.baseAddress { tail.copyMemory(from: base + Int(whole[lane]) * 64, byteCount: rest) }
            tail.storeBytes(of: 0x80, toByteOffset: rest, as: UInt8.self)
            let end = Int(blocks[lane] - whole[lane]) * 64 - 8
            tail.storeBytes(of: (UInt64(message.count) &* 8).bigEndian, toByteOffset: end, as: UInt64.self)
        }
        var a = Lanes(repeating: 0x6a09e667), b = Lanes(repeating: 0xbb67ae85)
        var c = Lanes(repeating: 0x3c6ef372), d = Lanes(repeating: 0xa54ff53a)
        var e = Lanes(repeating: 0x510e527f), f = Lanes(repeating: 0x9b05688c)
        var g = Lanes(repeating: 0x1f83d9ab), h = Lanes(repeating: 0x5be0cd19)
        for block in 0..<Int(blocks.max()) {
            func start(_ lane: Int) -> UnsafeRawPointer {
                let wholeBlocks = Int(whole[lane])
                if block < wholeBlocks, let base = messages[lane].baseAddress { return base + block * 64 }
                let offset = block < Int(blocks[lane]) ? (block - wholeBlocks) * 64 : 0
                return UnsafeRawPointer(tails + lane * 128 + offset)
            }
            let p0 = start(0), p1 = start(1), p2 = start(2), p3 = start(3)
            for t in 0..<16 {
                w[t] = Lanes(
                    UInt32(bigEndian: p0.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)),
                    UInt32(bigEndian: p1.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)),
                    UInt32(bigEndian: p2.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)),
                    UInt32(bigEndian: p3.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)))
            }
            for t in 16..<64 {
                let x = w[t - 15], y = w[t - 2]
                let s0 = rotate(x, s, 12) ^ rotate(x, s, 14) ^ (x &>> s[16])
                let s1 = rotate(y, s, 17) ^ rotate(y, s, 19) ^ (y &>> s[21])
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            let saved = (a, b, c, d, e, f, g, h)
            for t in 0..<64 {
                let t1 = h &+ (rotate(e, s, 0) ^ rotate(e, s, 2) ^ rotate(e, s, 4)) &+ ((e & f) ^ (~e & g))
                    &+ Lanes(repeating: k[t]) &+ w[t]
                let t2 = (rotate(a, s, 6) ^ rotate(a, s, 8) ^ rotate(a, s, 10)) &+ ((a & b) ^ (c & (a ^ b)))
                h = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            a &+= saved.0; b &+= saved.1; c &+= saved.2; d &+= saved.3
            e &+= saved.4; f &+= saved.5; g &+= saved.6; h &+= saved.7
            for lane in 0..<count where Int(blocks[lane]) == block + 1 {
                let out = digests + 32 * lane
                out.storeBytes(of: a[lane].bigEndian, toByteOffset: 0, as: UInt32.self)
                out.storeBytes(of: b[lane].bigEndian, toByteOffset: 4, as: UInt32.self)
                out.storeBytes(of: c[lane].bigEndian, toByteOffset: 8, as: UInt32.self)
                out.storeBytes(of: d[lane].bigEndian, toByteOffset: 12, as: UInt32.self)
                out.storeBytes(of: e[lane].bigEndian, toByteOffset: 16, as: UInt32.self)
                out.storeBytes(of: f[lane].bigEndian, toByteOffset: 20, as: UInt32.self)
                out.storeBytes(of: g[lane].bigEndian, toByteOffset: 24, as: UInt32.self)
                out.storeBytes(of: h[lane].bigEndian, toByteOffset: 28, as: UInt32.self)
            }
        }
    }
}
