import Testing
import StewardCore

/// Tallies on every store: counters add up exactly under concurrency and a limit is never passed.
@Suite("Tally contract")
struct TallyContractTests {
    @Test(arguments: StoreKind.allCases)
    func concurrentReservationsNeverPassTheLimit(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        // 200 concurrent reservations of 0.30 against a cap of 25.00: exactly 83 fit.
        let granted = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<200 {
                group.addTask {
                    let tally = Tally(tenant: "acme", collection: "budgets", id: "2026-11-21",
                                      increments: ["spentUsd": 0.30, "reservations": 1], limits: ["spentUsd": 25])
                    let draft = try? LedgerDraft(tenant: "acme", ts: Timestamp(millisecondsSinceEpoch: Int64(i)), kind: "budget.reserved",
                                                 subject: "r\(i)", actor: "test", payload: [:], configRevision: "r")
                    return (try? await store.commit(StoreCommit(drafts: draft.map { [$0] } ?? [], projections: [.tally(tally)]))) != nil
                }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(granted == 83)
        let row = try #require(try await store.projection(tenant: "acme", collection: "budgets", id: "2026-11-21"))
        #expect(abs((row.body["spentUsd"]?.doubleValue ?? 0) - 24.9) < 1e-6)
        #expect(row.body["reservations"]?.doubleValue == 83)
        // Refused reservations left no ledger entry behind.
        #expect(try await store.head(tenant: "acme").seq == 83)

        // A tally keeps the row's other fields, status and ref; maxima only rise; refunds pass any limit.
        _ = try await store.commit(StoreCommit(projections: [.put(ProjectionDocument(
            tenant: "acme", collection: "counters", id: "acct", status: "active", ref: "a1", body: ["note": "kept", "open": 2]))]))
        _ = try await store.commit(StoreCommit(projections: [
            .tally(Tally(tenant: "acme", collection: "counters", id: "acct", increments: ["open": -1], limits: ["open": 0], maxima: ["last": 50])),
            .tally(Tally(tenant: "acme", collection: "counters", id: "acct", maxima: ["last": 20])),
        ]))
        let counters = try #require(try await store.projection(tenant: "acme", collection: "counters", id: "acct"))
        #expect(counters.body["note"] == "kept" && counters.body["open"]?.doubleValue == 1 && counters.body["last"]?.doubleValue == 50)
        #expect(counters.status == "active" && counters.ref == "a1")
        await f.close()
    }
}

@Suite("Multi-row reads")
struct MultiReadContractTests {
    @Test(arguments: StoreKind.allCases)
    func readsSeveralRowsOfOneTenantAtOnce(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        for (tenant, id) in [("acme", "a"), ("acme", "b"), ("globex", "a")] {
            _ = try await store.commit(StoreCommit(projections: [.put(ProjectionDocument(
                tenant: tenant, collection: "things", id: id, body: ["owner": .string(tenant)]))]))
        }
        let found = try await store.projections(tenant: "acme", keys: [
            DocumentKey("things", "a"), DocumentKey("things", "missing"), DocumentKey("things", "b"), DocumentKey("other", "a"),
        ])
        #expect(Set(found.map(\.id)) == ["a", "b"])
        #expect(found.allSatisfy { $0.tenant == "acme" && $0.body["owner"] == "acme" })
        #expect(try await store.projections(tenant: "acme", keys: []).isEmpty)
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func readsMoreRowsThanOneStatementHolds(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        let ids = (0..<1_234).map { "agent-\($0)" }
        _ = try await store.commit(StoreCommit(projections: ids.map {
            .put(ProjectionDocument(tenant: "acme", collection: "many", id: $0, body: ["id": .string($0)]))
        }))
        // Every row, keys in two collections, a duplicate and a missing one.
        let keys = ids.map { DocumentKey("many", $0) } + [DocumentKey("many", "agent-7"), DocumentKey("many", "nope"), DocumentKey("things", "x")]
        let found = try await store.projections(tenant: "acme", keys: keys)
        #expect(found.count == ids.count)
        #expect(Set(found.map(\.id)) == Set(ids))
        #expect(found.allSatisfy { $0.body["id"]?.stringValue == $0.id })
        await f.close()
    }
}
