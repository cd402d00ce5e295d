import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// A step Steward stopped waiting for is taken back: it leaves the dispatched list agents poll,
/// the ledger says why, and a late report cannot pass it off as done (QA F1: a restartAgent of a
/// closed incident still ran and was recorded `succeeded`).
@Suite struct StepWithdrawalTests {
    private func dispatched(_ f: HealingFixture, _ agent: String) async throws -> [ActionRecord] {
        try await f.spine.actions(tenant: "default", status: .dispatched, account: nil, agent: agent, after: nil, limit: 100)
    }

    @Test func aStepCountedFailedAtItsTimeoutIsWithdrawnWithTheAttemptAndALateReportIsRefused() async throws {
        let directory = try TemporaryDirectory(prefix: "steward-withdrawal")
        defer { directory.remove() }
        let store = CommitRecordingStore(try SQLiteStore(path: directory.file("steward.sqlite")))
        let f = try HealingFixture({ $0.remediation.verifyTimeoutSeconds = 60 }, store: store, agentsReport: false)
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        let restart = try #require(try await dispatched(f, "CMO").first)
        #expect(restart.proposal.type == "restartAgent")

        await f.pass(seconds: 61)
        let incident = try await f.incident(id)
        #expect(incident.attempts[0].steps[0].status == .failed && incident.attempts.count == 2)
        let withdrawn = try await f.spine.action(restart.proposal.id, tenant: "default").record
        #expect(withdrawn.status == .withdrawn)
        #expect(withdrawn.withdrawal?.incident == id && withdrawn.withdrawal?.reason.contains("did not report the outcome") == true)
        #expect(try await !dispatched(f, "CMO").contains { $0.proposal.id == restart.proposal.id })
        // The step's failure, its withdrawal and the attempt's end are durable together.
        #expect(store.commits.contains { $0.contains("action.withdrawn") && $0.contains("remediation.attempt") })
        let entry = try #require(try await f.entries(kind: "action.withdrawn").first)
        #expect(entry.subject == "action:\(restart.proposal.id)")
        let payload = try JSONReader.parse(entry.canonicalPayload)
        #expect(payload["incident"]?.stringValue == id && payload["from"]?.stringValue == "dispatched")

        // The agent comes back and reports the old step done: refused, and the state stays.
        await #expect(throws: SpineError.self) { try await f.report(restart.proposal.id, .executionSucceeded) }
        do {
            try await f.report(restart.proposal.id, .executionSucceeded)
        } catch {
            #expect("\(error)".contains("is withdrawn"))
        }
        #expect(try await f.spine.action(restart.proposal.id, tenant: "default").record.status == .withdrawn)
        #expect(try await LedgerAudit.verify(store: store, tenant: "default").ok)
    }

    @Test func noStepOfAnIncidentThatMovedOnIsLeftDispatched() async throws {
        let f = try HealingFixture({ $0.remediation.verifyTimeoutSeconds = 60 }, agentsReport: false)
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        await f.pass(seconds: 61)
        await f.pass(seconds: 61)
        #expect(try await f.incident(id).status == .escalated)
        let steps = try await dispatched(f, "CMO").filter { $0.proposal.id.hasPrefix("act_inc_") }
        #expect(steps.isEmpty, "both attempts' steps were given up on")
        #expect(try await f.entries(kind: "action.withdrawn").count == 2)
    }

    @Test func whileTheKillSwitchIsEngagedLoopStepsAreNotOfferedAsWork() async throws {
        let f = try HealingFixture({ $0.remediation.verifyTimeoutSeconds = 60 }, agentsReport: false)
        defer { f.close() }
        try await f.signal("CMO", .error, errorCode: .timeout)
        let restart = try #require(try await dispatched(f, "CMO").first)
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill", actor: "key:ops")
        #expect(try await dispatched(f, "CMO").isEmpty)
        #expect(try await f.spine.actions(tenant: "default", status: .dispatched, account: nil, agent: nil, after: nil, limit: 100).isEmpty)
        // Still the incident's step, listed for Steward's own reads.
        let all = try await f.spine.actions(
            tenant: "default", status: .dispatched, account: nil, agent: "CMO", after: nil, limit: 100, includingPaused: true)
        #expect(all.map(\.proposal.id) == [restart.proposal.id])
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:ops")
        #expect(try await dispatched(f, "CMO").map(\.proposal.id) == [restart.proposal.id])
    }

    @Test func aSweptRefreshRequestIsWithdrawnWhenTheSourceIsRefreshedAnotherWay() async throws {
        let f = try HealingFixture(agentsReport: false)
        defer { f.close() }
        #expect(await f.remediator.sweepSources(tenant: "default") == 2)
        let request = try #require(try await dispatched(f, "CMO").first { $0.proposal.type == "refetchSource" })
        _ = try await f.remediator.sourceRefreshed("MarketIntel", tenant: "default", at: nil, by: "key:ops")
        let record = try await f.spine.action(request.proposal.id, tenant: "default").record
        #expect(record.status == .withdrawn && record.withdrawal?.reason.contains("MarketIntel was refreshed") == true)
        await #expect(throws: SpineError.self) { try await f.report(request.proposal.id, .executionSucceeded) }

        // A lapsed request is replaced, not doubled: SalesPipeline's first one is withdrawn.
        let first = try #require(try await dispatched(f, "CRO").first { $0.proposal.type == "refetchSource" })
        f.clock.advance(seconds: 11 * 60)
        #expect(await f.remediator.sweepSources(tenant: "default") == 1)
        let standing = try await dispatched(f, "CRO").filter { $0.proposal.type == "refetchSource" }
        #expect(standing.count == 1 && standing[0].proposal.id != first.proposal.id)
        #expect(try await f.spine.action(first.proposal.id, tenant: "default").record.status == .withdrawn)
    }
}
