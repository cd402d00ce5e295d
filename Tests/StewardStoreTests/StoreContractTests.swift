import Foundation
import Testing
import StewardCore
import StewardTestSupport

/// One contract, every store: SQLite always, PostgreSQL where its binaries exist.
@Suite("Store contract")
struct StoreContractTests {
    func withStore(_ kind: StoreKind, _ body: (StoreFixture) async throws -> Void) async throws {
        try await kind.withStore(body)
    }

    @Test(arguments: StoreKind.allCases)
    func appendsChainAndPage(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            var seals: [LedgerSeal] = []
            for i in 0..<25 {
                let receipt = try await f.store.commit(StoreCommit(drafts: [try draft(n: i, at: 1_000 + Int64(i))]))
                seals += receipt.seals
            }
            #expect(seals.map(\.seq) == Array(1...25))
            #expect(seals[0].prevHash == LedgerHash.genesis)
            #expect(zip(seals.dropFirst(), seals).allSatisfy { $0.prevHash == $1.hash })
            #expect(try await f.store.head(tenant: "acme") == seals[24].head)

            var all: [StoredLedgerRow] = []
            var query = LedgerQuery(limit: 10)
            while true {
                let page = try await f.store.ledger(tenant: "acme", query: query)
                all += page.rows
                guard let next = page.nextCursor else { break }
                query.afterSeq = next
            }
            #expect(all.map(\.seq) == Array(1...25))
            let entry = try all[3].entry()
            #expect(entry.payload["n"] == .int(3))
            #expect(entry.hash == seals[3].hash)
        }
    }

    /// SQLite would store a NUL-holding subject cut short (and the entry would then fail its hash);
    /// PostgreSQL refuses it. Such a commit fails alone, as invalid, and the chain stays intact.
    @Test(arguments: StoreKind.allCases)
    func aNulInEntryTextOrRowKeysIsRefusedAlone(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            async let good = f.store.commit(StoreCommit(drafts: [try draft(n: 1)]))
            await #expect(throws: StoreError.self) { try await f.store.commit(StoreCommit(drafts: [try draft(subject: "agent:A\u{0}x", n: 2)])) }
            await #expect(throws: StoreError.self) {
                try await f.store.commit(StoreCommit(projections: [.put(ProjectionDocument(tenant: "acme", collection: "agents", id: "A\u{0}", body: [:]))]))
            }
            #expect(try await good.seals.count == 1)
            let rows = try await f.store.ledger(tenant: "acme", query: LedgerQuery(limit: 10)).rows
            #expect(rows.count == 1)
            #expect(try await LedgerAudit.verify(store: f.store, tenant: "acme").ok)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func filtersByKindSubjectAndTime(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            for i in 0..<30 {
                let d = try draft(kind: i % 3 == 0 ? "a.kind" : "b.kind", subject: "agent:\(i % 2)", n: i, at: Int64(i) * 1000)
                _ = try await f.store.commit(StoreCommit(drafts: [d]))
            }
            let byKind = try await f.store.ledger(tenant: "acme", query: LedgerQuery(kinds: ["a.kind"], limit: 100))
            #expect(byKind.rows.count == 10)
            let bySubject = try await f.store.ledger(tenant: "acme", query: LedgerQuery(subject: "agent:1", limit: 100))
            #expect(bySubject.rows.allSatisfy { $0.subject == "agent:1" } && bySubject.rows.count == 15)
            let byTime = try await f.store.ledger(
                tenant: "acme",
                query: LedgerQuery(from: Timestamp(millisecondsSinceEpoch: 5000), to: Timestamp(millisecondsSinceEpoch: 10_000)))
            #expect(byTime.rows.map(\.seq) == [6, 7, 8, 9, 10])
            let paged = try await f.store.ledger(tenant: "acme", query: LedgerQuery(kinds: ["b.kind"], limit: 7))
            #expect(paged.rows.count == 7 && paged.nextCursor == paged.rows.last?.seq)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func pagesOfSeveralKindsAreExactlyTheMatchesInOrder(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            let kinds = ["a.kind", "b.kind", "c.kind", "d.kind"]
            var generator = SeededGenerator(seed: 9)
            for i in 0..<120 {
                // Uneven, interleaved runs of kinds, so one kind's page can end before or after another's.
                let pick = kinds[Int(generator.next() % 7) % 4]
                _ = try await f.store.commit(StoreCommit(drafts: [try draft(kind: pick, subject: "agent:\(i % 3)", n: i, at: Int64(i) * 1000)]))
            }
            let everything = try await f.store.ledger(tenant: "acme", query: LedgerQuery(limit: 1000)).rows
            for wanted in [["a.kind", "c.kind"], ["b.kind", "d.kind", "a.kind"], ["c.kind", "c.kind", "nope"]] {
                for limit in [1, 5, 13, 200] {
                    for window in [(nil, nil), (Int64(20_000), Int64(95_000))] as [(Int64?, Int64?)] {
                        var query = LedgerQuery(
                            kinds: wanted, from: window.0.map { Timestamp(millisecondsSinceEpoch: $0) },
                            to: window.1.map { Timestamp(millisecondsSinceEpoch: $0) }, limit: limit)
                        var seen: [Int64] = []
                        while true {
                            let page = try await f.store.ledger(tenant: "acme", query: query)
                            #expect(page.rows.count <= limit)
                            seen += page.rows.map(\.seq)
                            guard let next = page.nextCursor else { break }
                            query.afterSeq = next
                        }
                        let expected = everything.filter { row in
                            wanted.contains(row.kind) && window.0.map { row.ts.millisecondsSinceEpoch >= $0 } != false
                                && window.1.map { row.ts.millisecondsSinceEpoch < $0 } != false
                        }.map(\.seq)
                        #expect(seen == expected, "kinds \(wanted), limit \(limit), window \(String(describing: window))")
                    }
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentAppendsShareTransactionsAndLoseNothing(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            let store = f.store
            let receipts = try await withThrowingTaskGroup(of: [LedgerSeal].self) { group in
                for writer in 0..<64 {
                    group.addTask {
                        var seals: [LedgerSeal] = []
                        for i in 0..<40 {
                            let tenant = writer % 4 == 0 ? "other" : "acme"
                            seals += try await store.commit(StoreCommit(drafts: [try draft(tenant, n: writer * 1000 + i)])).seals
                        }
                        return seals
                    }
                }
                var all: [LedgerSeal] = []
                for try await seals in group { all += seals }
                return all
            }
            #expect(receipts.count == 64 * 40)
            let acme = try await LedgerAudit.verify(store: store, tenant: "acme")
            let other = try await LedgerAudit.verify(store: store, tenant: "other")
            #expect(acme.ok && other.ok)
            #expect(acme.entriesChecked == 48 * 40 && other.entriesChecked == 16 * 40)
            #expect(try await store.tenants() == ["acme", "other"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func projectionsCommitWithTheirEntryAndPreconditionsIsolateFailures(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            let doc = ProjectionDocument(tenant: "acme", collection: "agents", id: "CRO", status: "healthy", ref: "Revenue", body: ["slots": 2])
            _ = try await f.store.commit(StoreCommit(drafts: [try draft()], projections: [.put(doc)],
                                                      preconditions: [ProjectionPrecondition(tenant: "acme", collection: "agents", id: "CRO", expectedVersion: 0)]))
            let stored = try #require(try await f.store.projection(tenant: "acme", collection: "agents", id: "CRO"))
            #expect(stored.version == 1 && stored.body["slots"] == .int(2) && stored.status == "healthy")

            // A stale precondition fails its commit alone: its entry and row change never land.
            var changed = doc
            changed.body = ["slots": 5]
            await #expect(throws: StoreError.self) {
                _ = try await f.store.commit(StoreCommit(
                    drafts: [try draft(n: 99)], projections: [.put(changed)],
                    preconditions: [ProjectionPrecondition(tenant: "acme", collection: "agents", id: "CRO", expectedVersion: 0)]))
            }
            #expect(try await f.store.head(tenant: "acme").seq == 1)
            #expect(try await f.store.projection(tenant: "acme", collection: "agents", id: "CRO")?.body["slots"] == .int(2))

            _ = try await f.store.commit(StoreCommit(
                drafts: [try draft(n: 2)], projections: [.put(changed)],
                preconditions: [ProjectionPrecondition(tenant: "acme", collection: "agents", id: "CRO", expectedVersion: 1)]))
            let updated = try #require(try await f.store.projection(tenant: "acme", collection: "agents", id: "CRO"))
            #expect(updated.version == 2 && updated.body["slots"] == .int(5))

            for id in ["COO", "CMO", "Content"] {
                let d = ProjectionDocument(tenant: "acme", collection: "agents", id: id, status: id == "CMO" ? "degraded" : "healthy", body: [:])
                _ = try await f.store.commit(StoreCommit(projections: [.put(d)]))
            }
            let healthy = try await f.store.projections(ProjectionQuery(tenant: "acme", collection: "agents", status: "healthy"))
            #expect(healthy.map(\.id) == ["COO", "CRO", "Content"])
            let page2 = try await f.store.projections(ProjectionQuery(tenant: "acme", collection: "agents", afterID: "CRO", limit: 1))
            #expect(page2.map(\.id) == ["Content"])
            _ = try await f.store.commit(StoreCommit(projections: [.remove(tenant: "acme", collection: "agents", id: "COO")]))
            // A state row that cannot be written fails its own commit only, even inside a batch.
            let store = f.store
            let results = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        let body: JSONValue = i == 7 ? ["x": .double(.nan)] : ["x": .int(Int64(i))]
                        let row = ProjectionDocument(tenant: "acme", collection: "batch", id: "r\(i)", body: body)
                        return (try? await store.commit(StoreCommit(drafts: [try draft(n: 100 + i)], projections: [.put(row)]))) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { !$0 }.count == 1)
            #expect(try await f.store.projections(ProjectionQuery(tenant: "acme", collection: "batch")).count == 19)
            #expect(try await f.store.projection(tenant: "acme", collection: "agents", id: "COO") == nil)
            // Another tenant sees none of it.
            #expect(try await f.store.projections(ProjectionQuery(tenant: "globex", collection: "agents")).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func idempotencyKeysAreStoredOnceWithTheirCommit(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            let record = IdempotencyRecord(tenant: "acme", key: "k-1", requestHash: "h1", status: 201,
                                           response: Array(#"{"id":1}"#.utf8), createdAt: Timestamp(millisecondsSinceEpoch: 5))
            _ = try await f.store.commit(StoreCommit(drafts: [try draft()], idempotency: record))
            #expect(try await f.store.idempotencyRecord(tenant: "acme", key: "k-1") == record)
            #expect(try await f.store.idempotencyRecord(tenant: "globex", key: "k-1") == nil)
            do {
                _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: 2)], idempotency: record))
                Issue.record("a reused key must be refused")
            } catch {
                #expect((error as? StoreError)?.code == .idempotencyConflict)
            }
            #expect(try await f.store.head(tenant: "acme").seq == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func leasesGoToOneHolderAtATime(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            let t0 = Timestamp(millisecondsSinceEpoch: 1_000_000)
            let a = try #require(try await f.store.acquireLease(name: "scheduler", holder: "a", now: t0, ttlMilliseconds: 10_000))
            #expect(a.fencingToken == 1)
            #expect(try await f.store.acquireLease(name: "scheduler", holder: "b", now: t0.adding(seconds: 5), ttlMilliseconds: 10_000) == nil)
            let renewed = try #require(try await f.store.acquireLease(name: "scheduler", holder: "a", now: t0.adding(seconds: 5), ttlMilliseconds: 10_000))
            #expect(renewed.fencingToken == 1 && renewed.expiresAt == t0.adding(seconds: 15))
            let b = try #require(try await f.store.acquireLease(name: "scheduler", holder: "b", now: t0.adding(seconds: 16), ttlMilliseconds: 10_000))
            #expect(b.fencingToken == 2)
            try await f.store.releaseLease(name: "scheduler", holder: "a")  // not the holder: no effect
            #expect(try await f.store.acquireLease(name: "scheduler", holder: "c", now: t0.adding(seconds: 17), ttlMilliseconds: 10_000) == nil)
            try await f.store.releaseLease(name: "scheduler", holder: "b")
            let c = try #require(try await f.store.acquireLease(name: "scheduler", holder: "c", now: t0.adding(seconds: 17), ttlMilliseconds: 10_000))
            #expect(c.fencingToken == 3)  // fencing tokens never go back, even after a release
        }
    }

    @Test(arguments: StoreKind.allCases)
    func verificationNamesTheFirstBadEntry(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            for i in 0..<40 { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
            #expect(try await LedgerAudit.verify(store: f.store, tenant: "acme").ok)
            try await f.tamper("UPDATE ledger SET payload = '{\"n\":999}' WHERE tenant = 'acme' AND seq = 17")
            let tampered = try await LedgerAudit.verify(store: f.store, tenant: "acme")
            #expect(tampered.fault?.seq == 17)
        }
        try await withStore(kind) { f in
            for i in 0..<40 { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
            try await f.tamper("DELETE FROM ledger WHERE tenant = 'acme' AND seq = 23")
            #expect(try await LedgerAudit.verify(store: f.store, tenant: "acme").fault?.seq == 23)
        }
        try await withStore(kind) { f in
            for i in 0..<40 { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
            try await f.tamper("DELETE FROM ledger WHERE tenant = 'acme' AND seq >= 38")
            #expect(try await LedgerAudit.verify(store: f.store, tenant: "acme").fault?.seq == 38)
        }
    }

    /// A ledger written while it is verified page by page is not reported broken: the head read
    /// after the rows is ahead of them, and the verification reads on up to it (QA: every live
    /// PostgreSQL ledger was "BROKEN … entries missing").
    @Test(arguments: StoreKind.allCases)
    func aLedgerWrittenWhileItIsVerifiedIsNotReportedBroken(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            for i in 0..<30 { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
            let live = WrittenWhileRead(inner: f.store)
            let result = try await LedgerAudit.verifyPages(store: live, tenant: "acme")
            #expect(result.ok, "\(String(describing: result.fault))")
            #expect(result.entriesChecked == 36 && result.head.seq == 36)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aChainWhoseHeadRowIsGoneIsStillListedAndFailsVerification(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            for i in 0..<5 { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
            _ = try await f.store.commit(StoreCommit(drafts: [try draft("other")]))
            try await f.tamper("DELETE FROM ledger_heads WHERE tenant = 'acme'")
            #expect(try await f.store.tenants() == ["acme", "other"])
            let result = try await LedgerAudit.verify(store: f.store, tenant: "acme")
            #expect(result.fault?.seq == 5)
            #expect(result.fault?.problem.contains("head row was removed") == true)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func exportsCanBeReverifiedOutsideSteward(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            for i in 0..<12 { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i)])) }
            var jsonl: [UInt8] = []
            try await LedgerExport.export(store: f.store, tenant: "acme", format: .jsonl, query: LedgerQuery(limit: 5)) { jsonl += $0 }
            let lines = String(decoding: jsonl, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 12)
            var prev = LedgerHash.genesis
            for line in lines {
                // Re-derive each hash from the exported line alone, as an outside tool would.
                guard case .object(var members) = try JSONReader.parse(String(line)) else { Issue.record("not an object"); return }
                let hash = members.removeValue(forKey: "hash")?.stringValue
                let prevHash = members.removeValue(forKey: "prevHash")?.stringValue
                #expect(prevHash == prev)
                #expect(LedgerHash.hash(prevHash: prev, canonicalEntry: try CanonicalJSON.encode(.object(members))) == hash)
                prev = hash ?? ""
            }
            var csv: [UInt8] = []
            try await LedgerExport.export(store: f.store, tenant: "acme", format: .csv) { csv += $0 }
            let rows = String(decoding: csv, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.count == 13)
            #expect(rows[1].hasPrefix("acme,1,"))
            #expect(rows[1].hasSuffix(#""{""n"":0,""note"":""entry 0""}""#))
        }
    }
}

extension StoreContractTests {
    /// `allProjections` reads every match a page at a time, in id order, whatever the page size.
    @Test(arguments: StoreKind.allCases)
    func allProjectionsReadsEveryPage(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            let ids = (0..<7).map { "row-\($0)" }
            let puts = ids.map { ProjectionChange.put(ProjectionDocument(tenant: "acme", collection: "paged", id: $0, status: "open", body: [:])) }
            _ = try await f.store.commit(StoreCommit(projections: puts + [.put(ProjectionDocument(tenant: "acme", collection: "paged", id: "row-x", status: "done", body: [:]))]))
            for size in [1, 3, 7, 100] {
                let rows = try await f.store.allProjections(ProjectionQuery(tenant: "acme", collection: "paged", status: "open", limit: size))
                #expect(rows.map(\.id) == ids, "page size \(size)")
            }
        }
    }

    /// QA r7 audit H1: entries of one group commit are stamped when prepared, so a `ts` can be
    /// earlier than the entry before it. An export of a time window is the contiguous run from the
    /// first entry at or after `from` to the last before the first at or after `to`: no holes, so
    /// it verifies from the entry before it.
    @Test(arguments: StoreKind.allCases)
    func aTimeWindowExportIsAContiguousRunOfTheChain(kind: StoreKind) async throws {
        try await withStore(kind) { f in
            // Stamps (ms past the base) out of order at seq 4 and 7, as a group commit leaves them.
            let stamps: [Int64] = [0, 10, 20, 15, 30, 40, 35, 50, 60, 70]
            for (i, ms) in stamps.enumerated() { _ = try await f.store.commit(StoreCommit(drafts: [try draft(n: i, at: 1_767_225_600_000 + ms)])) }
            func seqs(from: Int64?, to: Int64?) async throws -> [Int64] {
                var query = LedgerQuery(limit: 3)
                query.from = from.map { Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + $0) }
                query.to = to.map { Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + $0) }
                var jsonl: [UInt8] = []
                try await LedgerExport.export(store: f.store, tenant: "acme", format: .jsonl, query: query) { jsonl += $0 }
                return try String(decoding: jsonl, as: UTF8.self).split(separator: "\n").map { try JSONReader.parse(String($0))["seq"]?.intValue ?? -1 }
            }
            #expect(try await seqs(from: 18, to: nil) == [3, 4, 5, 6, 7, 8, 9, 10])
            #expect(try await seqs(from: 18, to: 38) == [3, 4, 5])
            #expect(try await seqs(from: nil, to: 38) == [1, 2, 3, 4, 5])
            #expect(try await seqs(from: 71, to: nil).isEmpty)
            #expect(try await seqs(from: 40, to: 40).isEmpty)
        }
    }
}

/// A store that commits three more entries the first two times its head is read, as concurrent
/// writers would between a verifier's row reads and its head read.
final class WrittenWhileRead: WrappingStore, @unchecked Sendable {
    let inner: any Store
    private var writes = 2

    init(inner: any Store) { self.inner = inner }

    func head(tenant: String) async throws(StoreError) -> LedgerHead {
        if writes > 0 {
            writes -= 1
            do {
                _ = try await inner.commit(StoreCommit(drafts: try (0..<3).map { try draft(n: 100 + $0) }))
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(.invalid, operation: "write while read", reason: "\(error)")
            }
        }
        return try await inner.head(tenant: tenant)
    }
}
