import Testing
import StewardCore
@testable import StewardEngine
import StewardSQLite
import StewardTestSupport

/// QA r6 scale H1: listing an agent's actions read every action of the tenant (23 s for an empty
/// answer at 45,000 actions). An index row per action, by agent and status, moves with the action.
@Suite("The index of actions by agent")
struct ActionAgentIndexTests {
    func list(_ f: SpineFixture, agent: String?, within: [String]? = nil, status: ActionStatus? = nil, after: String? = nil, limit: Int = 100) async throws -> [String] {
        try await f.spine.actions(tenant: "default", status: status, account: nil, agent: agent, within: within, after: after, limit: limit).map(\.proposal.id)
    }

    @Test func anAgentsActionsAreListedByStatusAndPagedThroughTheIndex() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot())
        defer { f.close() }
        var cro: [String] = []
        for n in 0..<5 {
            cro.append(try await f.propose("create_internal_note", account: "a\(n)").proposal.id)
            _ = try await f.propose("create_internal_note", account: "a\(n)", agent: "CMO")
        }
        let held = try await f.propose("send_email", account: "a9")
        #expect(try await list(f, agent: "CRO") == cro + [held.proposal.id])
        #expect(try await list(f, agent: "CRO", status: .dispatched) == cro)
        #expect(try await list(f, agent: "CRO", status: .pendingApproval) == [held.proposal.id])
        #expect(try await list(f, agent: "CRO", status: .dispatched, limit: 2) == Array(cro.prefix(2)))
        #expect(try await list(f, agent: "CRO", status: .dispatched, after: cro[1], limit: 2) == Array(cro[2...3]))
        #expect(try await list(f, agent: nil, within: ["CRO", "CMO"], status: .dispatched).count == 10)
        #expect(try await list(f, agent: "CMO", within: ["CRO"]).isEmpty)

        // A status change moves the index row with it.
        _ = try await f.spine.recordOutcome(cro[0], tenant: "default", by: "key:agent", label: .executionSucceeded, detail: nil, rollback: false)
        #expect(try await list(f, agent: "CRO", status: .dispatched) == Array(cro.dropFirst()))
        #expect(try await list(f, agent: "CRO", status: .succeeded) == [cro[0]])
    }

    /// Actions stored before the index existed get their rows at start-up, once.
    @Test func actionsStoredWithoutIndexRowsAreIndexedOnce() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot())
        defer { f.close() }
        let ids = [try await f.propose("create_internal_note").proposal.id, try await f.propose("draft_email").proposal.id]
        _ = try await f.store.commit(StoreCommit(projections: ids.map { .remove(tenant: "default", collection: SpineRows.actionAgents, id: $0) }))
        #expect(try await list(f, agent: "CRO").isEmpty)

        try await f.spine.indexActionsByAgent()
        #expect(try await list(f, agent: "CRO", status: .dispatched) == ids)
        let marker = try await f.store.projection(tenant: "default", collection: SpineRows.maintenance, id: "action-agent-index")
        #expect(marker?.body["indexed"] == 2)
        // Done once: rows removed again stay removed, as no build without the index wrote them.
        _ = try await f.store.commit(StoreCommit(projections: [.remove(tenant: "default", collection: SpineRows.actionAgents, id: ids[0])]))
        try await f.spine.indexActionsByAgent()
        #expect(try await list(f, agent: "CRO") == [ids[1]])
    }

    /// A replica of a build without the index may write beside this one on the same database (a
    /// rolling upgrade): what it wrote after this start's indexing is indexed at the next start.
    @Test func actionsWrittenWithoutIndexRowsAfterTheLastStartAreIndexedAtTheNext() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot())
        defer { f.close() }
        let before = try await f.propose("create_internal_note").proposal.id
        try await f.spine.indexActionsByAgent()
        f.clock.advance(seconds: 1)
        let later = try await f.propose("draft_email").proposal.id
        _ = try await f.store.commit(StoreCommit(projections: [.remove(tenant: "default", collection: SpineRows.actionAgents, id: later)]))
        #expect(try await list(f, agent: "CRO") == [before])
        try await f.spine.indexActionsByAgent()
        #expect(try await list(f, agent: "CRO") == [before, later])
    }

    /// QA r6 upgrade H1: an older replica beside this one settles actions without moving their
    /// index rows; `serve --reindex-actions` writes every row again with the status now.
    @Test func aReindexFromTheStartRepairsStatusesAnOlderReplicaLeftBehind() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot())
        defer { f.close() }
        let id = try await f.propose("create_internal_note").proposal.id
        try await f.spine.indexActionsByAgent()
        let stale = ProjectionDocument(
            tenant: "default", collection: SpineRows.actionAgents, id: id, status: ActionStatus.pendingApproval.rawValue, ref: "CRO", body: [:])
        _ = try await f.store.commit(StoreCommit(projections: [.put(stale)]))
        #expect(try await list(f, agent: "CRO", status: .dispatched).isEmpty)
        try await f.spine.indexActionsByAgent()
        #expect(try await list(f, agent: "CRO", status: .dispatched).isEmpty)
        try await f.spine.indexActionsByAgent(fromTheStart: true)
        #expect(try await list(f, agent: "CRO", status: .dispatched) == [id])
    }
}
