import Logging
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

    /// QA paging M5: an action held for a person past the daily cap pages nobody; the daily alert
    /// digest lists it while it waits, so the cap never makes a decision silent.
    @Test func heldActionsPastTheCapAreInTheDailyDigest() async throws {
        let f = try HealingFixture {
            $0.autonomy.mode = .autopilot
            $0.remediation.maxEscalationsPerDay = 1
        }
        defer { f.close() }
        var ids: [String] = []
        for message in ["hello", "again", "once more"] {
            let proposal = ActionProposal(
                id: f.spine.makeID(), tenant: "default", agent: "CRO", account: "acme", type: "contact_customer", params: ["message": .string(message)])
            ids.append(try await f.spine.propose(proposal, actor: "key:test").proposal.id)
        }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        var digest = try await alerts.digest(tenant: "default")
        #expect(digest.unpagedActions.map(\.id) == Array(ids.dropFirst()), "the first paged; the two past the cap wait unpaged")
        #expect(digest.unpagedActions.first?.type == "contact_customer" && digest.unpagedActions.first?.account == "acme")
        #expect(digest.markdown.contains("## 2 actions waiting for a person, not paged (the daily cap was reached)"))
        #expect(digest.markdown.contains("POST /v1/actions/\(ids[1])/approve or /reject"))
        #expect(digest.json["totals"]?["unpagedActions"] == .int(2))
        // Decided, it is no longer waiting.
        _ = try await f.spine.reject(ids[1], tenant: "default", by: "ops", reason: "no")
        digest = try await alerts.digest(tenant: "default")
        #expect(digest.unpagedActions.map(\.id) == [ids[2]])
    }
}
