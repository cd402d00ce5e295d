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

    /// QA healing r3 M5: the same recovery during the first of two attempts is not restarted again
    /// (it used to start attempt 2 and page "still failing" though the agent was healthy).
    @Test func aHealthySignalDuringAnEarlierAttemptStartsNoOther() async throws {
        let f = try HealingFixture({ c in
            c.remediation.verifyTimeoutSeconds = 60
            c.remediation.maxAttempts = 2
        }, agentsReport: false)
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        f.clock.advance(seconds: 30)
        try await f.signal("CMO", lastTaskSucceeded: true)
        await f.pass(seconds: 31)
        let incident = try await f.incident(id)
        #expect(incident.status == .resolved && incident.resolvedBy == "agent", "\(incident.status) \(incident.resolution ?? "")")
        #expect(incident.attempts.count == 1 && incident.attempts[0].ok == false)
        #expect(try await f.entries(kind: "escalation.raised").isEmpty)
    }

    /// QA healing r3 M3: a signal measured before the attempt began says nothing about the fix,
    /// however late it arrives; the next fresh one judges it.
    @Test func aSignalMeasuredBeforeTheAttemptDoesNotVerifyIt() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let opened = f.clock.now()
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout, measuredAt: opened.adding(milliseconds: -60_000)).incident)
        var incident = try await f.incident(id)
        #expect(incident.status == .verifying)
        f.clock.advance(seconds: 5)
        try await f.signal("CMO", lastTaskSucceeded: true, measuredAt: opened.adding(milliseconds: -30_000))
        incident = try await f.incident(id)
        #expect(incident.status == .verifying && incident.attempts[0].verification == nil)
        f.clock.advance(seconds: 5)
        try await f.signal("CMO", lastTaskSucceeded: true)
        incident = try await f.incident(id)
        #expect(incident.status == .resolved && incident.resolvedBy == "steward")
        #expect(incident.attempts[0].verification?.reason.contains(f.clock.now().rfc3339) == true, "\(incident.attempts[0].verification?.reason ?? "")")
    }

    /// Agents often stamp whole seconds: a signal of the same second as the attempt's start cannot
    /// be told to be earlier, so it verifies (the README tour reports `date +%H:%M:%SZ`).
    @Test func aSignalStampedInTheSecondTheAttemptBeganVerifiesIt() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        f.clock.advance(seconds: 0.5)
        let second = Timestamp(millisecondsSinceEpoch: f.clock.now().millisecondsSinceEpoch / 1000 * 1000)
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout, measuredAt: second).incident)
        #expect(try await f.incident(id).status == .verifying)
        f.clock.advance(seconds: 0.2)
        try await f.signal("CMO", lastTaskSucceeded: true, measuredAt: second)
        let incident = try await f.incident(id)
        #expect(incident.status == .resolved && incident.resolvedBy == "steward", "\(incident.status)")
    }
}
