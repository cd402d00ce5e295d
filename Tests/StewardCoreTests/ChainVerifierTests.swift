import Testing
import StewardCore

@Suite("Hash chain")
struct ChainVerifierTests {
    static func chain(_ count: Int, tenant: String = "t") throws -> [StoredLedgerRow] {
        var head = LedgerHead.empty
        var rows: [StoredLedgerRow] = []
        for i in 0..<count {
            let draft = try LedgerDraft(
                tenant: tenant, ts: Timestamp(millisecondsSinceEpoch: Int64(1_000 * i)), kind: "test.event",
                subject: "agent:A", actor: "steward", payload: ["n": .int(Int64(i))], configRevision: "rev")
            let seal = LedgerHash.seal(draft, after: head)
            rows.append(StoredLedgerRow(
                tenant: tenant, seq: seal.seq, ts: draft.ts, kind: draft.kind, subject: draft.subject, actor: draft.actor,
                canonicalPayload: draft.canonicalPayload, configRevision: draft.configRevision,
                prevHash: seal.prevHash, hash: seal.hash))
            head = seal.head
        }
        return rows
    }

    static func verify(_ rows: [StoredLedgerRow], head: LedgerHead?) -> ChainVerification {
        var verifier = ChainVerifier(tenant: "t")
        var fault: ChainFault?
        for row in rows {
            if let found = verifier.check(row, recomputed: row.recomputedHash) { fault = found; break }
        }
        return verifier.finish(storedHead: head, fault: fault)
    }

    @Test func anIntactChainVerifies() throws {
        let rows = try Self.chain(50)
        let result = Self.verify(rows, head: rows.last.map { LedgerHead(seq: $0.seq, hash: $0.hash) })
        #expect(result.ok)
        #expect(result.entriesChecked == 50)
    }

    @Test func theHashIsSHA256OverPrevHashAndCanonicalBytes() throws {
        let rows = try Self.chain(1)
        let bytes = String(decoding: LedgerHash.canonicalBytes(
            tenant: "t", seq: 1, ts: Timestamp(millisecondsSinceEpoch: 0), kind: "test.event", subject: "agent:A",
            actor: "steward", canonicalPayload: Array(#"{"n":0}"#.utf8), configRevision: "rev"), as: UTF8.self)
        #expect(bytes == #"{"actor":"steward","configRevision":"rev","kind":"test.event","payload":{"n":0},"seq":1,"subject":"agent:A","tenant":"t","ts":"1970-01-01T00:00:00.000Z"}"#)
        // Computed independently with Python's hashlib over 32 zero bytes followed by the bytes above.
        #expect(rows[0].hash == "c642a72b2ddd550920790205d0d9d6c50b96d1c2d7c22704b5ffe2aee3fc545c")
    }

    @Test func aTamperedPayloadIsFoundAtItsSequenceNumber() throws {
        var rows = try Self.chain(20)
        rows[7].canonicalPayload = Array(#"{"n":700}"#.utf8)
        let result = Self.verify(rows, head: nil)
        #expect(result.fault?.seq == 8)
    }

    @Test func aDeletedEntryIsFound() throws {
        var rows = try Self.chain(20)
        rows.remove(at: 4)
        #expect(Self.verify(rows, head: nil).fault?.seq == 5)
    }

    @Test func reorderedEntriesAreFound() throws {
        var rows = try Self.chain(20)
        rows.swapAt(10, 11)
        #expect(Self.verify(rows, head: nil).fault?.seq == 11)
        var swapped = try Self.chain(20)
        // Swap contents but keep sequence numbers: the links break.
        let a = swapped[3], b = swapped[4]
        swapped[3] = b; swapped[3].seq = 4
        swapped[4] = a; swapped[4].seq = 5
        #expect(Self.verify(swapped, head: nil).fault?.seq == 4)
    }

    @Test func aTruncatedTailIsFoundThroughTheRecordedHead() throws {
        let rows = try Self.chain(10)
        let head = LedgerHead(seq: rows[9].seq, hash: rows[9].hash)
        let result = Self.verify(Array(rows.prefix(8)), head: head)
        #expect(result.fault?.seq == 9)
    }
}
