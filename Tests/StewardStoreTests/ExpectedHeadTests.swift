import StewardCore
import Testing

/// A chain checked against a head recorded earlier (QA foundation L1): whoever writes the
/// database can cut the tail and rewrite the head row, or re-hash a whole chain, and it verifies;
/// it no longer holds the recorded head.
@Suite("Expected chain head")
struct ExpectedHeadTests {
    func withStore(_ kind: StoreKind, _ body: (StoreFixture) async throws -> Void) async throws {
        try await kind.withStore(body)
    }

    @Test func readsSeqColonHashAndNothingElse() {
        let hash = String(repeating: "ab", count: 32)
        #expect(ExpectedHead("39:\(hash)") == ExpectedHead(seq: 39, hash: hash))
        #expect(ExpectedHead("39:\(hash.uppercased())")?.head.hash == hash)
        for bad in ["", "39", "0:\(hash)", "-1:\(hash)", "+3:\(hash)", "x:\(hash)", "3:\(hash.dropLast())", "3:\(hash)0", "3:\(hash.dropLast())g"] {
            #expect(ExpectedHead(bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func aChainHoldingTheRecordedHeadPasses(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            for i in 0..<6 { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
            let third = try await f.store.ledger(tenant: "acme", query: LedgerQuery(afterSeq: 2, limit: 1)).rows[0]
            let head = try await f.store.head(tenant: "acme")
            for expected in [ExpectedHead(seq: 3, hash: third.hash), ExpectedHead(seq: head.seq, hash: head.hash)] {
                let result = try await LedgerAudit.verify(store: f.store, tenant: "acme", expecting: expected)
                #expect(result.ok, "\(expected): \(String(describing: result.fault))")
            }
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func aTruncatedChainWithARewrittenHeadRowFails(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            for i in 0..<6 { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
            let recorded = try await f.store.head(tenant: "acme")
            let fourth = try await f.store.ledger(tenant: "acme", query: LedgerQuery(afterSeq: 3, limit: 1)).rows[0]
            try await f.tamper("DELETE FROM ledger WHERE tenant = 'acme' AND seq > 4")
            try await f.tamper("UPDATE ledger_heads SET seq = 4, hash = '\(fourth.hash)' WHERE tenant = 'acme'")
            #expect(try await LedgerAudit.verify(store: f.store, tenant: "acme").ok, "without a recorded head, the cut is invisible")
            let result = try await LedgerAudit.verify(store: f.store, tenant: "acme", expecting: ExpectedHead(seq: recorded.seq, hash: recorded.hash))
            #expect(result.fault?.seq == 5)
            #expect(result.fault?.problem.contains("the chain ends at seq 4, before the recorded head at seq 6") == true)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func aChainRebuiltFromAnEarlierPointFails(kind: StoreKind) async throws {
        try await withStore(kind) { recorded in
            try await withStore(kind) { rebuilt in
                // The same first three entries, then others: a sound chain that forks after seq 3.
                for i in 0..<6 { _ = try await recorded.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
                for i in [0, 1, 2, 10, 11, 12, 13] { _ = try await rebuilt.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
                let head = try await recorded.store.head(tenant: "acme")
                let third = try await recorded.store.ledger(tenant: "acme", query: LedgerQuery(afterSeq: 2, limit: 1)).rows[0]
                #expect(try await LedgerAudit.verify(store: rebuilt.store, tenant: "acme").ok)
                let result = try await LedgerAudit.verify(store: rebuilt.store, tenant: "acme", expecting: ExpectedHead(seq: head.seq, hash: head.hash))
                #expect(result.fault?.seq == 6)
                #expect(result.fault?.problem.contains("not the recorded head's \(head.hash)") == true)
                // A head recorded before the fork is still held.
                #expect(try await LedgerAudit.verify(store: rebuilt.store, tenant: "acme", expecting: ExpectedHead(seq: 3, hash: third.hash)).ok)
            }
        }
    }
}
