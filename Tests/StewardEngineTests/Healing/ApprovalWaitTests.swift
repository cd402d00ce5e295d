import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// An incident whose step waits for a person's approval is the person's move: its agent shows
/// Escalated, not Recovering with nothing running.
@Suite struct ApprovalWaitTests {
    @Test func anAgentWhoseStepWaitsForApprovalShowsEscalated() async throws {
        let f = try HealingFixture { c in
            c.remediation.autopilotScope.removeAll { $0 == Primitive.restartAgent.rawValue }
        }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .awaitingApproval)
        #expect(receipt.state == .escalated)
        let view = try #require(try await f.remediator.agent("CMO", tenant: "default"))
        #expect(view.state == .escalated && view.remediating == false)
        let waiting = try await f.remediator.agents(tenant: "default", state: .recovering, after: nil, limit: 10)
        #expect(waiting.items.isEmpty)
    }
}
