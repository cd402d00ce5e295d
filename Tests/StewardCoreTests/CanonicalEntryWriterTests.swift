import Testing
import StewardCore

/// The byte-level writer and batch hasher that fast verifiers use must agree with the String-based
/// reference (`LedgerHash.canonicalBytes`, `StoredLedgerRow.recomputedHash`) on every input.
@Suite("Canonical entry writer and batch hashing")
struct CanonicalEntryWriterTests {
    static let texts = [
        "", "t", "agent:CRO", "key:0123456789ab", String(repeating: "c", count: 64),
        "quote \" backslash \\ slash /", "tab\tnewline\ncr\rbell\u{07}nul\u{00}esc\u{1B}\u{1F}\u{08}\u{0C}",
        "é ü 漢字 🚀", "\u{7F}\u{80}\u{FFFF}",
    ]
    static let seqs: [Int64] = [0, 1, 9, 10, 12_345, -1, -987_654_321, .max, .min]
    static let times: [Int64] = [
        0, 1, 999, 1_767_225_600_123, -1, -86_400_000, -86_400_001, -62_135_596_800_000, -62_167_219_200_000,
        -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 4_102_444_800_000, -8_640_000_000_000_000,
        8_640_000_000_000_000,
    ]

    static func rawBytes(
        tenant: String, seq: Int64, ts: Int64, kind: String, subject: String, actor: String, payload: [UInt8], configRevision: String
    ) -> [UInt8] {
        let texts = [tenant, kind, subject, actor, configRevision].map { Array($0.utf8) }
        let capacity = CanonicalEntryWriter.capacity(textBytes: texts.map(\.count).reduce(0, +), payloadBytes: payload.count)
        var out = [UInt8](repeating: 0, count: capacity)
        let written = out.withUnsafeMutableBufferPointer { out in
            texts[0].withUnsafeBytes { tenant in
                texts[1].withUnsafeBytes { kind in
                    texts[2].withUnsafeBytes { subject in
                        texts[3].withUnsafeBytes { actor in
                            texts[4].withUnsafeBytes { revision in
                                payload.withUnsafeBytes { payload in
                                    CanonicalEntryWriter.write(
                                        to: out.baseAddress!, tenant: tenant, seq: seq, tsMilliseconds: ts, kind: kind,
                                        subject: subject, actor: actor, canonicalPayload: payload, configRevision: revision)
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(written <= capacity)
        return Array(out.prefix(written))
    }

    @Test func writesWhatCanonicalBytesWrites() {
        var checked = 0
        for (i, text) in Self.texts.enumerated() {
            for seq in Self.seqs {
                for ts in Self.times {
                    let other = Self.texts[(i + 3) % Self.texts.count]
                    let payload = Array(#"{"n":1,"s":"x\"y"}"#.utf8)
                    let reference = LedgerHash.canonicalBytes(
                        tenant: text, seq: seq, ts: Timestamp(millisecondsSinceEpoch: ts), kind: other, subject: text,
                        actor: other, canonicalPayload: payload, configRevision: text)
                    let raw = Self.rawBytes(
                        tenant: text, seq: seq, ts: ts, kind: other, subject: text, actor: other, payload: payload,
                        configRevision: text)
                    #expect(raw == reference, "seq \(seq) ts \(ts) text \(text.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked == Self.texts.count * Self.seqs.count * Self.times.count)
    }

    @Test func writesEveryTimestampOfARandomSampleAsTimestampDoes() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            let ts = Int64.random(in: -80_000_000_000_000...300_000_000_000_000, using: &generator)
            let reference = LedgerHash.canonicalBytes(
                tenant: "t", seq: 1, ts: Timestamp(millisecondsSinceEpoch: ts), kind: "k", subject: "s", actor: "a",
                canonicalPayload: Array("{}".utf8), configRevision: "r")
            let raw = Self.rawBytes(
                tenant: "t", seq: 1, ts: ts, kind: "k", subject: "s", actor: "a", payload: Array("{}".utf8), configRevision: "r")
            #expect(raw == reference, "ts \(ts)")
        }
    }

    @Test func hexDigestsRoundTrip() {
        let hex = "00ff10a5b6c7d8e9f0123456789abcdef0123456789abcdef0123456789abcde"
        var bytes = [UInt8](repeating: 0, count: 32)
        let lower = bytes.withUnsafeMutableBytes { out in
            Array(hex.utf8).withUnsafeBytes { Digest.decode32(hex: $0, into: out.baseAddress!, lowercaseOnly: true) }
        }
        #expect(lower)
        #expect(bytes == Digest.bytes(fromHex: hex))
        var encoded = [UInt8](repeating: 0, count: 64)
        bytes.withUnsafeBytes { raw in encoded.withUnsafeMutableBufferPointer { Digest.encode32(hex: raw.baseAddress!, into: $0.baseAddress!) } }
        #expect(String(decoding: encoded, as: UTF8.self) == hex)
        for bad in [hex.uppercased(), String(hex.dropLast()), hex + "0", String(hex.dropLast()) + "g", ""] {
            let strict = bytes.withUnsafeMutableBytes { out in
                Array(bad.utf8).withUnsafeBytes { Digest.decode32(hex: $0, into: out.baseAddress!, lowercaseOnly: true) }
            }
            #expect(!strict, "\(bad)")
        }
        let relaxed = bytes.withUnsafeMutableBytes { out in
            Array(hex.uppercased().utf8).withUnsafeBytes { Digest.decode32(hex: $0, into: out.baseAddress!, lowercaseOnly: false) }
        }
        #expect(relaxed && bytes == Digest.bytes(fromHex: hex))
    }

    /// Every byte value at every position, strict and relaxed, against the one-digit-at-a-time decoder.
    @Test func decodingHexAgreesWithTheReferenceForEveryByteAtEveryPosition() {
        let lower = Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".utf8)
        let mixed = Array("0123456789abcdefABCDEF0123456789abcdef0123456789abcdef0123456789".utf8)
        for hex in [lower, mixed] {
            for position in 0..<64 {
                for value in 0...255 {
                    var text = hex
                    text[position] = UInt8(value)
                    let reference = Digest.bytes(fromHex: String(decoding: text, as: UTF8.self))
                    let lowercase = !text.contains { (0x41...0x46).contains($0) }
                    for strict in [true, false] {
                        var bytes = [UInt8](repeating: 0, count: 32)
                        let decoded = bytes.withUnsafeMutableBytes { out in
                            text.withUnsafeBytes { Digest.decode32(hex: $0, into: out.baseAddress!, lowercaseOnly: strict) }
                        }
                        let expected = reference != nil && (!strict || lowercase)
                        #expect(decoded == expected, "byte \(value) at \(position), strict \(strict)")
                        if decoded { #expect(bytes == reference) }
                    }
                }
            }
        }
    }

    @Test func batchHashingAgreesWithRecomputedHash() throws {
        var rows = try ChainVerifierTests.chain(600)
        // Long, escaped and unicode fields, so messages span several SHA-256 blocks each.
        for i in stride(from: 0, to: rows.count, by: 7) {
            rows[i].subject = String(repeating: "é\"\\\n", count: i % 40)
            rows[i].canonicalPayload = Array("{\"n\":\"\(String(repeating: "x", count: i))\"}".utf8)
        }
        // Stored values a tampered database could hold.
        rows[3].prevHash = rows[3].prevHash.uppercased()
        rows[5].prevHash = "not hex"
        rows[8].prevHash = ""
        rows[13].hash = rows[13].hash.uppercased()
        rows[21].hash = String(rows[21].hash.dropLast())
        rows[34].hash = "zz" + rows[34].hash.dropFirst(2)
        // Rows whose stored hash is their recomputed one, whatever their link.
        for i in [3, 5, 8, 100, 599] { rows[i].hash = rows[i].recomputedHash }
        let matches = LedgerHashBatch.contentsMatch(rows[...])
        #expect(matches == rows.map { $0.recomputedHash == $0.hash })
        #expect(matches.filter { !$0 }.count >= 80)
        #expect(LedgerHashBatch.contentsMatch(rows[10..<20]) == rows[10..<20].map { $0.recomputedHash == $0.hash })
        #expect(LedgerHashBatch.contentsMatch([]) == [])
    }
}
