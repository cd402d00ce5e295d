import Synchronization
import Testing
import StewardCore
@testable import StewardServer
import StewardSQLite
import StewardTestSupport

/// Newest first over a store that reads in sequence order only: every page is exactly the newest
/// matches before its cursor, however sparse or dense the matches, in a few reads.
@Suite("Ledger listing")
struct LedgerListingTests {
    /// A store that counts the ledger reads made through it.
    final class Counting: WrappingStore {
        let inner: any Store
        let reads = Mutex(0)
        init(inner: any Store) { self.inner = inner }

        func ledger(tenant: String, query: LedgerQuery) async throws(StoreError) -> LedgerPage {
            reads.withLock { $0 += 1 }
            return try await inner.ledger(tenant: tenant, query: query)
        }
    }

    /// 6,000 entries: `dense` at 1...3000, `sparse` at every 500th of 3001...6000 and `rare` at
    /// 7 and 5999; the rest `other`. Subjects alternate between two agents.
    static func ledger(_ directory: TemporaryDirectory) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: directory.file("s.sqlite"))
        for start in stride(from: 1, through: 6000, by: 1000) {
            let drafts = try (start..<start + 1000).map { seq in
                let kind = seq == 7 || seq == 5999 ? "rare" : seq <= 3000 ? "dense" : seq % 500 == 0 ? "sparse" : "other"
                return try LedgerDraft(
                    tenant: "t", ts: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + Int64(seq) * 1000), kind: kind,
                    subject: "agent:\(seq % 2 == 0 ? "A" : "B")", actor: "steward", payload: ["n": .int(Int64(seq))], configRevision: "r")
            }
            _ = try await store.commit(StoreCommit(drafts: drafts))
        }
        return store
    }

    /// What a page must list: the matches before `through`, newest first, read the slow way.
    static func expected(_ store: any Store, _ filters: LedgerQuery, through: Int64, count: Int) async throws -> [Int64] {
        var all = filters
        all.limit = 10_000
        return try await store.ledger(tenant: "t", query: all).rows.map(\.seq).filter { $0 <= through }.reversed().prefix(count).map { $0 }
    }

    static let cases: [(name: String, filters: LedgerQuery, through: Int64, count: Int, reads: Int)] = [
        ("newest of all", LedgerQuery(), 6000, 50, 1),
        ("dense behind a long gap", LedgerQuery(kinds: ["dense"]), 6000, 3, 12),
        ("dense, a big page", LedgerQuery(kinds: ["dense"]), 6000, 400, 8),
        ("sparse", LedgerQuery(kinds: ["sparse"]), 6000, 4, 8),
        ("rare, past the start", LedgerQuery(kinds: ["rare"]), 6000, 5, 10),
        ("rare, mid-ledger", LedgerQuery(kinds: ["rare"]), 5998, 1, 10),
        ("two kinds", LedgerQuery(kinds: ["rare", "sparse"]), 5000, 3, 8),
        ("a subject", LedgerQuery(subject: "agent:A"), 4001, 7, 2),
        ("a time range", LedgerQuery(from: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + 2_000_000),
                                     to: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + 2_100_000)), 6000, 50, 10),
        ("nothing matches", LedgerQuery(kinds: ["none"]), 6000, 10, 10),
    ]

    @Test func theNewestMatchesInAFewReads() async throws {
        let directory = try TemporaryDirectory(prefix: "steward-listing")
        defer { directory.remove() }
        let store = Counting(inner: try await Self.ledger(directory))
        for c in Self.cases {
            let want = try await Self.expected(store, c.filters, through: c.through, count: c.count)
            store.reads.withLock { $0 = 0 }
            let got = try await LedgerListing.newest(c.count, through: c.through, store: store, tenant: "t", filters: c.filters).map(\.seq)
            #expect(got == want, "\(c.name)")
            let reads = store.reads.withLock { $0 }
            #expect(reads <= c.reads, "\(c.name): \(reads) reads")
        }
    }

    /// Older and Newer links lead to the pages beside this one, and none where there is none.
    @Test func cursorsLeadToTheNeighbouringPages() async throws {
        let directory = try TemporaryDirectory(prefix: "steward-listing")
        defer { directory.remove() }
        let store = try await Self.ledger(directory)
        let sparse = LedgerQuery(kinds: ["sparse"], limit: 2)
        let first = try await LedgerListing.read(store: store, tenant: "t", filters: sparse, at: .newest)
        #expect(first.rows.map(\.seq) == [6000, 5500] && first.older == 5500 && first.newer == nil)
        let second = try await LedgerListing.read(store: store, tenant: "t", filters: sparse, at: .before(5500))
        #expect(second.rows.map(\.seq) == [5000, 4500] && second.older == 4500 && second.newer == 5000)
        let back = try await LedgerListing.read(store: store, tenant: "t", filters: sparse, at: .after(5000))
        #expect(back.rows.map(\.seq) == [6000, 5500] && back.newer == nil && back.older == 5500)
        let last = try await LedgerListing.read(store: store, tenant: "t", filters: sparse, at: .before(4000))
        #expect(last.rows.map(\.seq) == [3500] && last.older == nil && last.newer == 3500)
        let none = try await LedgerListing.read(store: store, tenant: "t", filters: LedgerQuery(kinds: ["none"]), at: .newest)
        #expect(none.rows.isEmpty && none.older == nil && none.newer == nil)
    }
}
