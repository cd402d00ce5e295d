import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// A person's answer to an escalation given while remediation may not run is held like the loop's
/// own attempts (QA F5: it showed `remediating` with an attempt of no steps, and said nothing):
/// the incident is `open` with `remediation.held`, the answer says the playbook waits, and the
/// person's playbook runs when the kill switch is released.
@Suite struct HeldChoiceTests {
    @Test func aPlaybookChosenUnderTheKillSwitchWaitsAndRunsAtRelease() async throws {
        let f = try HealingFixture { $0.remediation.verifyTimeoutSeconds = 60 }
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .rateLimit).incident)
        await f.pass(seconds: 61)
        await f.pass(seconds: 61)
        #expect(try await f.incident(id).status == .escalated)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        let option = escalation.recommendedOptions[0]
        let playbook = try #require(option.playbook)

        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill", actor: "key:ops")
        let answered = try await f.remediator.resolveEscalation(escalation.id, tenant: "default", option: option.name, by: "key:ops", note: nil)
        #expect(answered.status == "resolved")
        #expect(answered.resolution?.heldBecause?.contains("kill switch") == true)
        var incident = try await f.incident(id)
        #expect(incident.status == .open && incident.attempts.count == 2)
        #expect(incident.heldChoice?.playbook == playbook && incident.heldChoice?.by == "key:ops")
        #expect(try await f.remediator.agent("CMO", tenant: "default")?.state == .degraded)
        let held = try #require(try await f.entries(kind: "remediation.held").last)
        let payload = try JSONReader.parse(held.canonicalPayload)
        #expect(payload["reason"]?.stringValue?.contains("kill switch") == true && payload["by"]?.stringValue == "key:ops")
        await f.pass(seconds: 1)
        #expect(try await f.incident(id).attempts.count == 2, "nothing runs while the switch is engaged")

        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:ops")
        await f.pass(seconds: 1)
        incident = try await f.incident(id)
        #expect(incident.attempts.count == 3)
        #expect(incident.attempts[2].playbook == playbook && incident.attempts[2].chosenBy == "key:ops")
        #expect(incident.heldChoice == nil && incident.status != .open)
    }

    @Test func aPlaybookChosenWhileRemediationIsOffIsHeldToo() async throws {
        let f = try HealingFixture { $0.remediation.verifyTimeoutSeconds = 60 }
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .rateLimit).incident)
        await f.pass(seconds: 61)
        await f.pass(seconds: 61)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        // The same store, served by a process started with AUTO_REMEDIATE=false.
        let off = try HealingFixture({ c in
            c.remediation.verifyTimeoutSeconds = 60
            c.remediation.autoRemediate = false
        }, reopening: f, store: f.store)
        let answered = try await off.remediator.resolveEscalation(
            escalation.id, tenant: "default", option: escalation.recommendedOptions[0].name, by: "key:ops", note: nil)
        #expect(answered.resolution?.heldBecause?.contains("AUTO_REMEDIATE is off") == true)
        let incident = try await off.incident(id)
        #expect(incident.status == .open && incident.attempts.count == 2 && incident.heldChoice != nil)
    }
}
