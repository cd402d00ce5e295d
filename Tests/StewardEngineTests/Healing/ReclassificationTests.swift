import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// QA healing r3 M4: an agent whose problem changes while it is remediated (a timeout, then a
/// missing secret) gets the new problem's playbooks at its next attempt, not the old class's again.
@Suite struct ReclassificationTests {
    @Test func theNextAttemptFollowsTheProblemTheAgentShowsNow() async throws {
        let f = try HealingFixture { $0.remediation.maxAttempts = 3 }
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        var incident = try await f.incident(id)
        #expect(incident.classification == .transient && incident.status == .verifying)
        f.clock.advance(seconds: 61)  // past the verification grace
        try await f.signal("CMO", .error, errorCode: .configMissing, missingSecrets: ["API_BASE"], configHealthy: false)
        incident = try await f.incident(id)
        #expect(incident.classification == .config, "\(incident.classification)")
        #expect(incident.attempts.count == 2 && incident.attempts[1].playbook == "FixConfig", "\(incident.attempts.map(\.playbook))")
        let entries = try await f.entries(kind: "incident.reclassified")
        #expect(entries.count == 1)
    }
}
