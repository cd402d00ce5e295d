import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// With remediation switched off mid-incident, a failed attempt does not hand the incident to a
/// person as if remediation had failed: it is held with the attempts it has left, and resumes
/// when the kill switch is released.
@Suite struct HeldRemediationTests {
    @Test func aFailedAttemptUnderTheKillSwitchIsHeldNotEscalatedAndResumesOnRelease() async throws {
        let f = try HealingFixture { $0.remediation.verifyTimeoutSeconds = 60 }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        let id = try #require(receipt.incident)
        #expect(try await f.incident(id).status == .verifying)
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill 3", actor: "key:ops")
        await f.pass(seconds: 61)
        var incident = try await f.incident(id)
        #expect(incident.attempts.count == 1 && incident.attempts[0].ok == false)
        #expect(incident.status == .open, "held, with one of its two attempts left")
        #expect(incident.escalation == nil)
        #expect(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).isEmpty)
        let held = try await f.entries(kind: "remediation.held")
        #expect(held.count == 1)
        #expect(try JSONReader.parse(held[0].canonicalPayload)["reason"]?.stringValue?.contains("kill switch") == true)
        // Still held while the switch is engaged.
        await f.pass(seconds: 1)
        #expect(try await f.incident(id).attempts.count == 1)

        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:ops")
        await f.pass(seconds: 1)
        incident = try await f.incident(id)
        #expect(incident.attempts.count == 2)
        #expect([.remediating, .verifying].contains(incident.status))
        #expect(try await f.entries(kind: "remediation.resumed").count == 1)
    }
}

/// A held incident whose agent recovers closes, and its failed attempt is not taken for a heal.
@Suite struct HeldRecoveryTests {
    @Test func anAgentThatRecoversWhileHeldClosesItsIncidentWithoutCreditingTheFailedPlaybook() async throws {
        let f = try HealingFixture { $0.remediation.verifyTimeoutSeconds = 60 }
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill", actor: "key:ops")
        await f.pass(seconds: 61)
        #expect(try await f.incident(id).status == .open)
        try await f.signal("CMO")
        let closed = try await f.incident(id)
        #expect(closed.status == .resolved && closed.resolution?.contains("while remediation was held") == true)
        // A new problem soon after is a new incident, not a relapse of a heal that never was.
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:ops")
        f.clock.advance(seconds: 60)
        let next = try await f.incident(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        #expect(next.id != id && next.relapseOf == nil)
    }
}
