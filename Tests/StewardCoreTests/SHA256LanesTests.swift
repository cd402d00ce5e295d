import Testing
import StewardCore

/// The vector-lane SHA-256 only ever checks stored hashes, but it must agree with swift-crypto on
/// every length (padding takes one or two final blocks), in every lane, with lanes left empty.
@Suite("SHA-256 in vector lanes")
struct SHA256LanesTests {
    static func message(_ length: Int, _ salt: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: salt &* 7919 &+ UInt64(length))
        return (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func lanes(_ messages: [[UInt8]]) -> [String] {
        var digests = [UInt8](repeating: 0, count: 32 * SHA256Lanes.width)
        func hash(_ index: Int, _ buffers: [UnsafeRawBufferPointer]) {
            if index < messages.count {
                messages[index].withUnsafeBytes { hash(index + 1, buffers + [$0]) }
                return
            }
            buffers.withUnsafeBufferPointer { batch in
                digests.withUnsafeMutableBytes { out in
                    SHA256Lanes.hash(batch.baseAddress!, count: batch.count, into: out.baseAddress!)
                }
            }
        }
        hash(0, [])
        return (0..<messages.count).map { Digest.hex(digests[32 * $0..<32 * $0 + 32]) }
    }

    @Test func agreesWithSwiftCryptoOnEveryLengthUpTo600Bytes() {
        for length in 0...600 {
            // Lanes of different lengths, so some finish blocks before the others.
            let batch = [length, max(0, length - 64), length + 9, length / 2].map { Self.message($0, UInt64(length)) }
            #expect(Self.lanes(batch) == batch.map { Digest.sha256Hex($0) }, "length \(length)")
        }
    }

    @Test func fewerMessagesThanLanes() {
        for count in 1...SHA256Lanes.width {
            let batch = (0..<count).map { Self.message(300 + 70 * $0, UInt64($0)) }
            #expect(Self.lanes(batch) == batch.map { Digest.sha256Hex($0) })
        }
        #expect(Self.lanes([Array("abc".utf8)]) == ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"])
    }

    @Test func batchHashingGivesTheSameAnswersWithEitherEngine() throws {
        var rows = try ChainVerifierTests.chain(300)
        for i in stride(from: 0, to: rows.count, by: 11) { rows[i].canonicalPayload += Array(" ".utf8) }
        for i in stride(from: 5, to: rows.count, by: 13) { rows[i].subject = String(repeating: "ß", count: i) }
        var capacity = 0
        for row in rows { capacity += 32 + row.canonicalPayload.count + 4 * row.subject.utf8.count + 512 }
        var messages = [UInt8](repeating: 0, count: capacity)
        var offsets = [0]
        var expected: [UInt8] = []
        for row in rows {
            let bytes = Digest.bytes(fromHex: row.prevHash)! + LedgerHash.canonicalBytes(
                tenant: row.tenant, seq: row.seq, ts: row.ts, kind: row.kind, subject: row.subject, actor: row.actor,
                canonicalPayload: row.canonicalPayload, configRevision: row.configRevision)
            messages.replaceSubrange(offsets.last!..<offsets.last! + bytes.count, with: bytes)
            offsets.append(offsets.last! + bytes.count)
            expected += Digest.bytes(fromHex: row.hash)!
        }
        func flags(_ engine: LedgerHashBatch.Engine) -> [UInt8] {
            var flags = [UInt8](repeating: 0, count: rows.count)
            flags[7] = 9  // already broken: left alone
            messages.withUnsafeBytes { messages in
                offsets.withUnsafeBufferPointer { offsets in
                    expected.withUnsafeBytes { expected in
                        flags.withUnsafeMutableBufferPointer { flags in
                            LedgerHashBatch.markMismatches(
                                messages: messages.baseAddress!, offsets: offsets.baseAddress!, expected: expected.baseAddress!,
                                flags: flags.baseAddress!, range: 0..<rows.count, mismatch: 3, engine: engine)
                        }
                    }
                }
            }
            return flags
        }
        let reference = rows.enumerated().map { i, row in i == 7 ? UInt8(9) : row.recomputedHash == row.hash ? 0 : 3 }
        #expect(flags(.oneAtATime) == reference)
        #expect(flags(.lanes) == reference)
        if SHA256Instructions.available { #expect(flags(.instructions) == reference) }
        #expect(reference.filter { $0 == 3 }.count > 40)
    }
}
