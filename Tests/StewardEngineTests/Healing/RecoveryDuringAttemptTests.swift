import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// An agent that comes back by itself while its last attempt runs is not paged about (QA F7: the
/// step timed out, a person was paged, and 3 s later the incident closed as recovered). Only a
/// signal after the attempt began that meets the playbook's success criteria spares the page.
@Suite struct RecoveryDuringAttemptTests {
    func lastAttempt() throws -> HealingFixture {
        try HealingFixture({ c in
            c.remediation.verifyTimeoutSeconds = 60
            c.remediation.maxAttempts = 1
        }, agentsReport: false)
    }

    @Test func aHealthySignalDuringTheLastAttemptClosesTheIncidentInsteadOfEscalating() async throws {
        let f = try lastAttempt()
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        f.clock.advance(seconds: 30)
        try await f.signal("CMO")
        await f.pass(seconds: 31)
        let incident = try await f.incident(id)
        #expect(incident.status == .resolved && incident.resolvedBy == "agent")
        #expect(incident.resolution?.contains("recovered on its own during attempt 1") == true)
        #expect(incident.attempts[0].ok == false && incident.escalation == nil && incident.escalatedAt == nil)
        #expect(try await f.entries(kind: "escalation.raised").isEmpty)
        #expect(try await f.remediator.agent("CMO", tenant: "default")?.state == .healthy)
    }

    @Test func aSignalThatMissesTheCriteriaStillEscalates() async throws {
        let f = try lastAttempt()
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        f.clock.advance(seconds: 30)
        // Healthy by its status, but its task still fails: RestartAndRetryTransient's criterion.
        try await f.signal("CMO", lastTaskSucceeded: false)
        await f.pass(seconds: 31)
        let incident = try await f.incident(id)
        #expect(incident.status == .escalated)
        #expect(try await f.entries(kind: "escalation.raised").count == 1)
    }
}
