@testable import StewardPostgres
import StewardCore
import Testing

/// The group-commit planner decides each commit of a batch as the database would, in order.
@Suite("PostgreSQL batch planner")
struct BatchPlannerTests {
    func put(_ id: String, expecting version: Int64? = nil, _ body: JSONValue = [:]) -> StoreCommit {
        StoreCommit(
            projections: [.put(ProjectionDocument(tenant: "acme", collection: "agents", id: id, body: body))],
            preconditions: version.map { [ProjectionPrecondition(tenant: "acme", collection: "agents", id: id, expectedVersion: $0)] } ?? [])
    }

    @Test func laterCommitsSeeEarlierOnesAndRefusedOnesLeaveNoTrace() throws {
        let existing = ProjectionKey(tenant: "acme", collection: "agents", id: "B")
        var planner = BatchPlanner(snapshot: BatchSnapshot(heads: ["acme": .empty], versions: [existing: 4]))
        var first = put("A", expecting: 0)
        first.drafts = [try draft(n: 1)]
        var stale = put("A", expecting: 0)
        stale.drafts = [try draft(n: 2)]
        var second = put("A", expecting: 1)
        second.drafts = [try draft(n: 3)]
        let results = [first, stale, second, put("B", expecting: 4), StoreCommit(projections: [.remove(tenant: "acme", collection: "agents", id: "B")])]
            .map { planner.plan($0) }

        #expect(try results[0].get().seals.map(\.seq) == [1])
        #expect(throws: StoreError.self) { try results[1].get() }
        // The refused commit took no sequence number.
        #expect(try results[2].get().seals.map(\.seq) == [2])
        #expect(try results[2].get().seals[0].prevHash == results[0].get().seals[0].hash)
        #expect((try? results[3].get()) != nil && (try? results[4].get()) != nil)

        let writes = planner.writes()
        #expect(writes.ledger.seq == [1, 2])
        #expect(writes.inserts.id == ["A"] && writes.inserts.version == [2])
        #expect(writes.updates.isEmpty && writes.deletes.id == ["B"])
        #expect(planner.advancedHeads.map(\.tenant) == ["acme"] && planner.advancedHeads[0].head.seq == 2)
    }

    @Test func aKeyUsedTwiceInOneBatchIsRefusedTheSecondTime() throws {
        let record = IdempotencyRecord(tenant: "acme", key: "k", requestHash: "h", status: 201, response: [1, 2], createdAt: Timestamp(millisecondsSinceEpoch: 0))
        let used = IdempotencyKey(tenant: "acme", key: "old")
        var planner = BatchPlanner(snapshot: BatchSnapshot(heads: ["acme": .empty], usedKeys: [used]))
        var reused = record
        reused.key = "old"
        let results = [
            StoreCommit(drafts: [try draft()], idempotency: record),
            StoreCommit(drafts: [try draft()], idempotency: record),
            StoreCommit(drafts: [try draft()], idempotency: reused),
        ].map { planner.plan($0) }
        #expect((try? results[0].get()) != nil)
        for result in results.dropFirst() {
            guard case .failure(let error) = result else { Issue.record("must be refused"); continue }
            #expect(error.code == .idempotencyConflict)
        }
        #expect(planner.writes().idempotency.key == ["k"] && planner.writes().ledger.seq == [1])
    }

    @Test func textPostgreSQLCannotStoreIsRefusedBeforeItReachesTheBatch() throws {
        var planner = BatchPlanner(snapshot: BatchSnapshot(heads: ["acme": .empty]))
        var badPayload = try draft()
        badPayload.canonicalPayload = [0xFF, 0xFE]
        let results = [
            StoreCommit(drafts: [try draft(subject: "agent:\u{0}")]),
            StoreCommit(drafts: [badPayload]),
            StoreCommit(drafts: [try draft()]),
        ].map { planner.plan($0) }
        for result in results.prefix(2) {
            guard case .failure(let error) = result else { Issue.record("must be refused"); continue }
            #expect(error.code == .invalid)
        }
        #expect(try results[2].get().seals.map(\.seq) == [1])
    }
}
