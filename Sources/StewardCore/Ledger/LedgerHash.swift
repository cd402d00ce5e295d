import Crypto

/// The hash chain: how an entry's canonical bytes are laid out and sealed.
///
/// The canonical JSON of an entry is an object with exactly the members `actor`, `configRevision`,
/// `kind`, `payload`, `seq`, `subject`, `tenant` and `ts` (RFC 8785 order), with `payload` in its own
/// canonical form and `ts` as RFC 3339 UTC with three fractional digits. The hash is SHA-256 over the
/// 32 raw bytes of the previous hash followed by those UTF-8 bytes, written as lower-case hex.
public enum LedgerHash {
    /// The previous hash of a chain's first entry: 32 zero bytes, in hex.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical JSON bytes of an entry, assembled directly in key order (no sort at run time).
    public static func canonicalBytes(
        tenant: String, seq: Int64, ts: Timestamp, kind: String, subject: String, actor: String,
        canonicalPayload: [UInt8], configRevision: String
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(canonicalPayload.count + 160 + tenant.utf8.count + kind.utf8.count + subject.utf8.count)
        out.append(contentsOf: #"{"actor":"#.utf8)
        CanonicalJSON.writeString(actor, into: &out)
        out.append(contentsOf: #","configRevision":"#.utf8)
        CanonicalJSON.writeString(configRevision, into: &out)
        out.append(contentsOf: #","kind":"#.utf8)
        CanonicalJSON.writeString(kind, into: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        out.append(contentsOf: canonicalPayload)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(seq).utf8)
        out.append(contentsOf: #","subject":"#.utf8)
        CanonicalJSON.writeString(subject, into: &out)
        out.append(contentsOf: #","tenant":"#.utf8)
        CanonicalJSON.writeString(tenant, into: &out)
        out.append(contentsOf: #","ts":"#.utf8)
        CanonicalJSON.writeString(ts.rfc3339, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// SHA-256 of the previous hash's bytes followed by the entry's canonical bytes, in hex.
    public static func hash(prevHash: String, canonicalEntry: [UInt8]) -> String {
        var hasher = SHA256()
        if let prev = Digest.bytes(fromHex: prevHash), prev.count == 32 {
            hasher.update(data: prev)
        } else {
            // A malformed previous hash still hashes deterministically, so it fails verification
            // instead of crashing it.
            hasher.update(data: Array(prevHash.utf8))
        }
        hasher.update(data: canonicalEntry)
        return Digest.hex(hasher.finalize())
    }

    /// Seals a draft at the position after `head`: its sequence number, link and hash.
    public static func seal(_ draft: LedgerDraft, after head: LedgerHead) -> LedgerSeal {
        let seq = head.seq + 1
        let bytes = canonicalBytes(
            tenant: draft.tenant, seq: seq, ts: draft.ts, kind: draft.kind, subject: draft.subject,
            actor: draft.actor, canonicalPayload: draft.canonicalPayload, configRevision: draft.configRevision)
        return LedgerSeal(seq: seq, prevHash: head.hash, hash: hash(prevHash: head.hash, canonicalEntry: bytes))
    }
}

/// Where a draft landed in its chain.
public struct LedgerSeal: Sendable, Hashable, Codable {
    /// Its sequence number.
    public var seq: Int64
    /// The hash it links to.
    public var prevHash: String
    /// Its own hash.
    public var hash: String

    /// The head of the chain once this entry is appended.
    public var head: LedgerHead { LedgerHead(seq: seq, hash: hash) }
}

/// The canonical bytes of an entry written from its stored fields as raw UTF-8, for verifiers that
/// read rows without building Strings. Byte for byte what ``LedgerHash/canonicalBytes(tenant:seq:ts:kind:subject:actor:canonicalPayload:configRevision:)``
/// writes for the same fields.
public enum CanonicalEntryWriter {
    /// Room to reserve before ``write(to:tenant:seq:tsMilliseconds:kind:subject:actor:canonicalPayload:configRevision:)``:
    /// `textBytes` is the length of the five text fields together, escaping at most sextuples them.
    public static func capacity(textBytes: Int, payloadBytes: Int) -> Int {
        192 + 6 * textBytes + payloadBytes
    }

    /// Writes the canonical bytes at `out`, which has room for ``capacity(textBytes:payloadBytes:)``
    /// bytes, and returns how many it wrote.
    public static func write(
        to out: UnsafeMutablePointer<UInt8>, tenant: UnsafeRawBufferPointer, seq: Int64, tsMilliseconds: Int64,
        kind: UnsafeRawBufferPointer, subject: UnsafeRawBufferPointer, actor: UnsafeRawBufferPointer,
        canonicalPayload: UnsafeRawBufferPointer, configRevision: UnsafeRawBufferPointer
    ) -> Int {
        var n = literal(#"{"actor":"#, at: out)
        n += string(actor, at: out + n)
        n += literal(#","configRevision":"#, at: out + n)
        n += string(configRevision, at: out + n)
        n += literal(#","kind":"#, at: out + n)
        n += string(kind, at: out + n)
        n += literal(#","payload":"#, at: out + n)
        if let base = canonicalPayload.baseAddress, !canonicalPayload.isEmpty {
            (out + n).update(from: base.assumingMemoryBound(to: UInt8.self), count: canonicalPayload.count)
        }
        n += canonicalPayload.count
        n += literal(#","seq":"#, at: out + n)
        n += integer(seq, at: out + n)
        n += literal(#","subject":"#, at: out + n)
        n += string(subject, at: out + n)
        n += literal(#","tenant":"#, at: out + n)
        n += string(tenant, at: out + n)
        n += literal(#","ts":"#, at: out + n)
        n += timestamp(tsMilliseconds, at: out + n)
        out[n] = UInt8(ascii: "}")
        return n + 1
    }

    @inline(__always)
    private static func literal(_ text: StaticString, at out: UnsafeMutablePointer<UInt8>) -> Int {
        out.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        return text.utf8CodeUnitCount
    }

    /// A JSON string with the escaping of ``CanonicalJSON/writeString(_:into:)``. Eight bytes at a
    /// time while none of them needs escaping (a control character, `"` or `\`).
    private static func string(_ text: UnsafeRawBufferPointer, at out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "\"")
        var n = 1
        var i = 0
        if let base = text.baseAddress {
            while i + 8 <= text.count {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if needsEscape(word) { break }
                UnsafeMutableRawPointer(out + n).storeBytes(of: word, as: UInt64.self)
                n += 8
                i += 8
            }
        }
        while i < text.count {
            n += escaped(text[i], at: out + n)
            i += 1
        }
        out[n] = UInt8(ascii: "\"")
        return n + 1
    }

    /// Whether any of the eight bytes is below 0x20, `"` or `\\` (exact, no false negatives).
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        return (below | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs != 0
    }

    /// One byte of a JSON string, escaped if it must be; returns how many bytes it wrote.
    @inline(__always)
    private static func escaped(_ byte: UInt8, at out: UnsafeMutablePointer<UInt8>) -> Int {
        if byte >= 0x20, byte != 0x22, byte != 0x5C {
            out[0] = byte
            return 1
        }
        out[0] = 0x5C
        switch byte {
        case 0x22, 0x5C: out[1] = byte
        case 0x08: out[1] = UInt8(ascii: "b")
        case 0x09: out[1] = UInt8(ascii: "t")
        case 0x0A: out[1] = UInt8(ascii: "n")
        case 0x0C: out[1] = UInt8(ascii: "f")
        case 0x0D: out[1] = UInt8(ascii: "r")
        default:
            let hex: StaticString = "0123456789abcdef"
            out[1] = UInt8(ascii: "u")
            out[2] = 0x30
            out[3] = 0x30
            out[4] = hex.utf8Start[Int(byte >> 4)]
            out[5] = hex.utf8Start[Int(byte & 0xF)]
            return 6
        }
        return 2
    }

    /// Decimal, as `String(Int64)` writes it.
    private static func integer(_ value: Int64, at out: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        return withUnsafeMutableBytes(of: &digits) { scratch in
            var count = 0
            repeat {
                scratch[23 - count] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            var n = 0
            if value < 0 { out[0] = UInt8(ascii: "-"); n = 1 }
            for i in 0..<count { out[n + i] = scratch[24 - count + i] }
            return n + count
        }
    }

    /// The quoted RFC 3339 form of ``Timestamp/rfc3339``, computed without a String for years 0 to 9999.
    private static func timestamp(_ ms: Int64, at out: UnsafeMutablePointer<UInt8>) -> Int {
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = CivilDate.fromDays(days)
        guard (0...9999).contains(y) else {
            var text = Timestamp(millisecondsSinceEpoch: ms).rfc3339
            return text.withUTF8 { string(UnsafeRawBufferPointer($0), at: out) }
        }
        out[0] = UInt8(ascii: "\"")
        digits(y, 4, at: out + 1)
        out[5] = UInt8(ascii: "-")
        digits(m, 2, at: out + 6)
        out[8] = UInt8(ascii: "-")
        digits(d, 2, at: out + 9)
        out[11] = UInt8(ascii: "T")
        digits(msOfDay / 3_600_000, 2, at: out + 12)
        out[14] = UInt8(ascii: ":")
        digits((msOfDay / 60_000) % 60, 2, at: out + 15)
        out[17] = UInt8(ascii: ":")
        digits((msOfDay / 1000) % 60, 2, at: out + 18)
        out[20] = UInt8(ascii: ".")
        digits(msOfDay % 1000, 3, at: out + 21)
        out[24] = UInt8(ascii: "Z")
        out[25] = UInt8(ascii: "\"")
        return 26
    }

    @inline(__always)
    private static func digits(_ value: Int64, _ width: Int, at out: UnsafeMutablePointer<UInt8>) {
        var rest = value
        for i in stride(from: width - 1, through: 0, by: -1) {
            out[i] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
            rest /= 10
        }
    }
}
