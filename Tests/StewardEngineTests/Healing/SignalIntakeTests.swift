import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// The intake answers from the rows it kept and conditions its commit on their versions: rows
/// changed by another replica (or by the loop) are read again, never overwritten or ignored.
@Suite struct SignalIntakeTests {
    @Test func aReplicaWithStaleRowsReadsThemAgainAndSeesTheOtherReplicasIncident() async throws {
        let a = try HealingFixture()
        defer { a.close() }
        let b = try HealingFixture(reopening: a, store: a.store)
        try await a.signal("CMO")
        try await a.signal("CMO")
        a.clock.advance(seconds: 5)
        // Replica B opens an incident; A still keeps the agent's row from before it.
        let opened = try await b.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let id = try #require(opened.incident)
        a.clock.advance(seconds: 30)
        // Verified by this signal: A saw the incident it did not open.
        let healed = try await a.signal("CMO", successRate: 0.97)
        #expect(healed.state == .healthy)
        #expect(try await a.incident(id).status == .resolved)
        let received = try await a.entries(kind: "signal.received")
        #expect(received.count == 4)
        let agent = try #require(try await a.remediator.agent("CMO", tenant: "default"))
        #expect(agent.lastSignal?.metrics.successRate == 0.97)
        #expect(try await LedgerAudit.verify(store: a.store, tenant: "default").ok)
    }
}
