import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// Incident escalations page within their own daily count: proposals the gate hands to a person
/// do not use up the pages an agent that cannot be healed needs.
@Suite struct EscalationPagingTests {
    @Test func gateEscalationsOfProposalsDoNotUseUpTheIncidentsPages() async throws {
        let f = try HealingFixture {
            $0.autonomy.mode = .autopilot
            $0.remediation.maxEscalationsPerDay = 1
            $0.remediation.maxAttempts = 1
            $0.agents[1].executor = .command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null; echo '{\"ok\":false,\"missing\":[\"API_BASE\"]}'; exit 1"]))
        }
        defer { f.close() }
        // A routine high-risk proposal pages and uses the proposals' page of the day.
        let proposal = ActionProposal(
            id: f.spine.makeID(), tenant: "default", agent: "CRO", account: "acme", type: "contact_customer", params: ["message": "hello"])
        let record = try await f.spine.propose(proposal, actor: "key:test")
        #expect(record.decision.escalation?.pages == true)
        let second = ActionProposal(
            id: f.spine.makeID(), tenant: "default", agent: "CRO", account: "acme", type: "contact_customer", params: ["message": "again"])
        #expect(try await f.spine.propose(second, actor: "key:test").decision.escalation?.pages == false)
        // An agent that cannot be healed still reaches a person.
        let receipt = try await f.signal("CMO", .error, errorCode: .configMissing, missingSecrets: ["API_BASE"])
        #expect(try await f.incident(receipt.incident).status == .escalated)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        #expect(escalation.paged)
    }
}
