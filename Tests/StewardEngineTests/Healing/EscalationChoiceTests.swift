import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// What Steward chose stays what Steward chose: later attempts and a person's option are recorded
/// on their attempts, so the bandit-lift KPI reads the incident's first choice. And an
/// escalation's options name only agents the fleet has, saying plainly who acts.
@Suite struct EscalationChoiceTests {
    /// An incident escalated after two failed attempts: the bandit's playbook, then the fixed one.
    func escalated(_ change: @escaping (inout StewardConfiguration) -> Void = { _ in }) async throws -> (HealingFixture, String) {
        let f = try HealingFixture { c in
            c.remediation.verifyTimeoutSeconds = 60
            c.remediation.bandit.enabled = true
            change(&c)
        }
        let receipt = try await f.signal("CMO", .error, errorCode: .rateLimit)
        let id = try #require(receipt.incident)
        await f.pass(seconds: 61)
        await f.pass(seconds: 61)
        #expect(try await f.incident(id).status == .escalated)
        return (f, id)
    }

    @Test func laterAttemptsAndAPersonsOptionDoNotRewriteTheIncidentsChoice() async throws {
        let (f, id) = try await escalated()
        defer { f.close() }
        var incident = try await f.incident(id)
        // The second attempt runs a fix the first did not (the bandit's pick counts as run).
        let ran = incident.attempts.map { $0.selected ?? $0.playbook }
        #expect(incident.attempts.first?.playbook == "BanditChosenPlaybook" && ran.count == 2 && ran[0] != ran[1], "\(ran)")
        #expect(incident.choice?.chosen == "BanditChosenPlaybook" && incident.choice?.byBandit == true)
        #expect(incident.attempts[1].choice?.chosen == incident.attempts[1].playbook)
        let handedOver = try #require(incident.escalatedAt)

        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        let safe = escalation.recommendedOptions[0]
        _ = try await f.remediator.resolveEscalation(escalation.id, tenant: "default", option: safe.name, by: "key:ops", note: nil)
        incident = try await f.incident(id)
        #expect(incident.attempts.count == 3 && incident.attempts[2].chosenBy == "key:ops")
        #expect(incident.choice?.chosen == "BanditChosenPlaybook" && incident.choice?.byBandit == true)
        // The person's attempt fails too: escalated again, first handover kept.
        await f.pass(seconds: 61)
        incident = try await f.incident(id)
        #expect(incident.status == .escalated && incident.escalatedAt == handedOver)
        #expect(incident.choice?.chosen == "BanditChosenPlaybook" && incident.choice?.byBandit == true)
    }

    @Test func withNoOperationsAgentTheLastOptionHandsOverToAPersonAndSaysSo() async throws {
        let (f, id) = try await escalated()
        defer { f.close() }
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        let aggressive = escalation.recommendedOptions[1]
        #expect(aggressive.name == "HandOverToPerson" && aggressive.playbook == nil)
        #expect(!aggressive.why.contains("COO") && aggressive.why.contains("you take CMO's directive in hand"))
        _ = try await f.remediator.resolveEscalation(escalation.id, tenant: "default", option: aggressive.name, by: "key:ops", note: nil)
        let incident = try await f.incident(id)
        #expect(incident.status == .resolved && incident.resolvedBy == "key:ops")
    }

    @Test func aDeclaredOperationsAgentIsTheOneTheReassignOptionNames() async throws {
        let (f, _) = try await escalated { c in
            c.agents.append(AgentSpec(name: "Ops", domain: .operations, slots: 2))
            c.agents.append(AgentSpec(name: "COO", domain: .operations, slots: 2))
        }
        defer { f.close() }
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        let aggressive = escalation.recommendedOptions[1]
        #expect(aggressive.name == "ReassignToCOO" && aggressive.playbook == nil)
        #expect(aggressive.why.contains("you hand the directive to COO"))
    }
}
