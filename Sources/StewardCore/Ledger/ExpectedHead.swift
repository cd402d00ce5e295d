/// A chain head recorded outside the database (`SEQ:HASH`, as `steward ledger verify` prints it
/// and the documented verifier ends with), which the chain must still hold.
///
/// A chain only proves its entries agree with each other: whoever can write the database can cut
/// entries from the end and rewrite the head row, or re-hash every entry after a changed one. Such
/// a chain verifies; it no longer holds a head recorded before, at that position with that hash.
public struct ExpectedHead: Sendable, Hashable {
    /// The head recorded.
    public var head: LedgerHead

    /// The head at `seq` with `hash`.
    public init(seq: Int64, hash: String) {
        head = LedgerHead(seq: seq, hash: hash)
    }

    /// Reads `SEQ:HASH`: a sequence number from 1 and 64 hex digits (either case); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber),
            let seq = Int64(parts[0]), seq >= 1,
            parts[1].utf8.count == 64, parts[1].allSatisfy(\.isHexDigit)
        else { return nil }
        self.init(seq: seq, hash: parts[1].lowercased())
    }

    /// How the text must be written, for messages.
    public static let form = "SEQ:HASH: a sequence number and the 64 hex digits of that entry's hash, as `steward ledger verify` prints them"

    /// `result` judged against this head, given the hash the chain holds at its sequence number
    /// (nil when the chain has no entry there). A chain already broken keeps its first fault.
    public func judged(_ result: ChainVerification, storedHash: String?) -> ChainVerification {
        guard result.ok else { return result }
        var judged = result
        if let storedHash {
            guard storedHash != head.hash else { return result }
            judged.fault = ChainFault(
                seq: head.seq,
                problem: "entry \(head.seq) has hash \(storedHash), not the recorded head's \(head.hash): "
                    + "the chain was rewritten at or before seq \(head.seq)")
        } else {
            judged.fault = ChainFault(
                seq: result.head.seq + 1,
                problem: "the chain ends at seq \(result.head.seq), before the recorded head at seq \(head.seq): "
                    + "entries were removed, or the chain was rebuilt from an earlier point")
        }
        return judged
    }
}

extension LedgerAudit {
    /// Verifies a tenant's chain, then checks it still holds `expected` (a head recorded earlier).
    public static func verify(
        store: some Store, tenant: String, expecting expected: ExpectedHead
    ) async throws(StoreError) -> ChainVerification {
        let result = try await verify(store: store, tenant: tenant)
        return try await check(result, against: expected, store: store)
    }

    /// `result`, a verification of the chain in `store`, judged against `expected`.
    public static func check(
        _ result: ChainVerification, against expected: ExpectedHead, store: some Store
    ) async throws(StoreError) -> ChainVerification {
        guard result.ok else { return result }
        let seq = expected.head.seq
        var stored: String?
        if seq == result.head.seq {
            stored = result.head.hash
        } else if seq < result.head.seq {
            let page = try await store.ledger(tenant: result.tenant, query: LedgerQuery(afterSeq: seq - 1, limit: 1))
            stored = page.rows.first.flatMap { $0.seq == seq ? $0.hash : nil }
        }
        return expected.judged(result, storedHash: stored)
    }
}
