import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// A remediation step handed to an agent without an executor is the agent's to carry out and
/// report (`POST /v1/actions/{id}/outcome`): the incident waits for that report, and only a
/// success lets it go on.
@Suite struct DispatchedStepTests {
    /// The incident's agent steps still waiting for their agent, newest first.
    private func dispatched(_ f: HealingFixture, _ agent: String) async throws -> [ActionRecord] {
        try await f.spine.actions(tenant: "default", status: .dispatched, account: nil, agent: agent, after: nil, limit: 100)
            .filter { $0.proposal.id.hasPrefix("act_inc_") }
    }

    @Test func aDispatchedStepWaitsAndTheAgentsFailureFailsTheAttempt() async throws {
        let f = try HealingFixture(agentsReport: false)
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        #expect(receipt.state == .recovering)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.status == .remediating)
        #expect(incident.attempts[0].steps.map(\.status) == [.running], "a hand-over is not a success")
        #expect(incident.attempts[0].steps[0].detail.contains("waiting for it to report"))

        let restart = try #require(try await dispatched(f, "CMO").first)
        #expect(restart.proposal.type == "restartAgent")
        try await f.report(restart.proposal.id, .executionSucceeded)
        incident = try await f.incident(receipt.incident)
        #expect(incident.attempts[0].steps.map(\.status) == [.succeeded, .running])

        // retryLastTask tries twice (max 2): both reported failed fail the attempt, as a 500 would.
        for _ in 0..<2 {
            let retry = try #require(try await dispatched(f, "CMO").first)
            #expect(retry.proposal.type == "retryLastTask")
            try await f.report(retry.proposal.id, .executionFailed, detail: "task crashed again")
            await f.pass(seconds: 2)
        }
        incident = try await f.incident(receipt.incident)
        let first = incident.attempts[0]
        #expect(first.verification?.outcome == .failed)
        #expect(first.verification?.reason.contains("retryLastTask") == true)
        #expect(first.verification?.reason.contains("task crashed again") == true)
        #expect(incident.attempts.count == 2)
        #expect(incident.status != .resolved)
        let lineage = try await f.entries(kind: "remediation.attempt")
        #expect(lineage.count == 1)
        #expect(try JSONReader.parse(lineage[0].canonicalPayload)["ok"] == false)
    }

    @Test func aSucceededReportLetsTheAttemptGoOnToVerification() async throws {
        let f = try HealingFixture(agentsReport: false)
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        for _ in 0..<2 {
            let step = try #require(try await dispatched(f, "CMO").first)
            try await f.report(step.proposal.id, .executionSucceeded)
        }
        var incident = try await f.incident(receipt.incident)
        #expect(incident.status == .verifying)
        #expect(incident.attempts[0].steps.allSatisfy { $0.status == .succeeded })
        f.clock.advance(seconds: 10)
        try await f.signal("CMO", lastTaskSucceeded: true)
        incident = try await f.incident(receipt.incident)
        #expect(incident.status == .resolved && incident.resolvedBy == "steward")
    }

    @Test func anAgentThatNeverReportsFailsTheStepAtTheVerifyTimeout() async throws {
        let f = try HealingFixture({ $0.remediation.verifyTimeoutSeconds = 60 }, agentsReport: false)
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        await f.pass(seconds: 59)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.status == .remediating)
        #expect(incident.attempts[0].steps.map(\.status) == [.running])
        await f.pass(seconds: 2)
        incident = try await f.incident(receipt.incident)
        let step = incident.attempts[0].steps[0]
        #expect(step.status == .failed)
        #expect(step.detail.contains("did not report the outcome") && step.detail.contains("60 s"))
        #expect(incident.attempts[0].verification?.outcome == .failed)
        #expect(incident.attempts.count == 2)
    }

    @Test func aRefetchStepRecordsTheSourceOnlyWhenItsAgentReportsSuccess() async throws {
        let f = try HealingFixture({ c in
            c.playbooks.removeAll { $0.name == "FreshnessFirstRetry" }
        }, agentsReport: false)
        defer { f.close() }
        let receipt = try await f.signal("Content", .error, errorCode: .inputMissing, dependencies: ["MarketIntel"])
        var incident = try await f.incident(receipt.incident)
        #expect(incident.attempts[0].playbook == "RepairDataDependency")
        let cache = try #require(try await dispatched(f, "Content").first)
        #expect(cache.proposal.type == "refreshCache")
        try await f.report(cache.proposal.id, .executionSucceeded)
        let refetch = try #require(try await dispatched(f, "Content").first)
        #expect(refetch.proposal.type == "refetchSource")
        // Handed out, not done: MarketIntel is not fresh because someone was asked to fetch it.
        #expect(try await f.source("MarketIntel")?.lastRefreshedAt == nil)
        #expect(try await f.entries(kind: "source.refetched").isEmpty)

        try await f.report(refetch.proposal.id, .executionFailed, detail: "source unreachable")
        let row = try #require(try await f.source("MarketIntel"))
        #expect(row.lastRefreshedAt == nil && row.reachable == false)
        incident = try await f.incident(receipt.incident)
        #expect(incident.attempts[0].steps[1].status == .failed)

        // Attempt 2 runs the same playbook (the class has no other); this time the agent succeeds.
        for _ in 0..<3 {
            guard let step = try await dispatched(f, "Content").first else { break }
            try await f.report(step.proposal.id, .executionSucceeded)
        }
        #expect(try await f.source("MarketIntel")?.lastRefreshedAt == f.clock.now())
    }
}
