import Foundation
import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// The freshness sweep enforces seed 000's contracts ahead of failures: a contracted source past
/// its target gets a refetch through the gate, handed to an agent that depends on it.
@Suite struct FreshnessSweepTests {
    func refreshes(_ f: HealingFixture) async throws -> [ActionRecord] {
        try await f.spine.actions(tenant: "default", status: nil, account: nil, agent: nil, after: nil, limit: 100)
            .filter { $0.proposal.type == "refetchSource" }
    }

    @Test func staleSourcesAreRefetchedThroughTheGateAndFreshOnesAreLeftAlone() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        // Never refreshed counts as stale; ContentBriefs has no dependent agent here.
        #expect(await f.remediator.sweepSources(tenant: "default") == 2)
        var asked = try await refreshes(f)
        #expect(Set(asked.map { "\($0.proposal.params["source"]?.stringValue ?? "")→\($0.proposal.agent)" }) == ["MarketIntel→CMO", "SalesPipeline→CRO"])
        #expect(asked.allSatisfy { $0.proposal.trigger == .remediation && $0.decision.outcome == .autoExecute })
        #expect(try await f.entries(kind: "source.refresh_requested").count == 2)
        // A standing request is not repeated.
        #expect(await f.remediator.sweepSources(tenant: "default") == 0)

        let market = try #require(asked.first { $0.proposal.params["source"] == "MarketIntel" })
        _ = try await f.spine.recordOutcome(
            market.proposal.id, tenant: "default", by: "agent:CMO", label: .executionSucceeded, detail: "refetched", rollback: false)
        let row = try #require(try await f.source("MarketIntel"))
        #expect(row.lastRefreshedAt == f.clock.now() && row.reachable)

        // Eleven minutes on: MarketIntel is fresh (60-minute target); SalesPipeline's request lapsed.
        f.clock.advance(seconds: 11 * 60)
        #expect(await f.remediator.sweepSources(tenant: "default") == 1)
        asked = try await refreshes(f)
        #expect(asked.filter { $0.proposal.params["source"] == "SalesPipeline" }.count == 2)
        // Past its target, MarketIntel is asked for again.
        f.clock.advance(seconds: 50 * 60)
        #expect(await f.remediator.sweepSources(tenant: "default") == 2)
    }

    /// QA healing F13: a refresh answers the standing request, so a short contract that lapses
    /// again is asked for at once, not ten minutes after a request already withdrawn.
    @Test func aRefreshEndsTheStandingRequest() async throws {
        let f = try HealingFixture { c in
            if let i = c.sources.firstIndex(where: { $0.name == "MarketIntel" }) { c.sources[i].freshnessTargetMinutes = 1 }
        }
        defer { f.close() }
        await f.remediator.sweepSources(tenant: "default")
        #expect(try await f.source("MarketIntel")?.refreshRequestedAt == f.clock.now())
        f.clock.advance(seconds: 10)
        _ = try await f.remediator.sourceRefreshed("MarketIntel", tenant: "default", at: nil, by: "key:test")
        #expect(try await f.source("MarketIntel")?.refreshRequestedAt == nil)
        f.clock.advance(seconds: 2 * 60)
        #expect(await f.remediator.sweepSources(tenant: "default") == 1)
        #expect(try await refreshes(f).filter { $0.proposal.params["source"] == "MarketIntel" }.count == 2)
    }

    @Test func aFailedRefetchMarksTheSourceUnreachable() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        await f.remediator.sweepSources(tenant: "default")
        let action = try #require(try await refreshes(f).first { $0.proposal.params["source"] == "SalesPipeline" })
        _ = try await f.spine.recordOutcome(
            action.proposal.id, tenant: "default", by: "agent:CRO", label: .executionFailed, detail: "connection refused", rollback: false)
        let row = try #require(try await f.source("SalesPipeline"))
        #expect(!row.reachable && row.lastError == "connection refused" && row.lastRefreshedAt == nil)
        #expect(row.failedAt == f.clock.now() && row.failedRecently(now: f.clock.now()))
    }

    /// QA healing r3 M6: a sweep's refetch that failed minutes ago does not stop an incident's own
    /// playbook from refetching (seed 000 §4: "if stale: refreshCache → refetchSource →
    /// validateInputs"); only a failure within the last two minutes degrades at once.
    @Test func aStaleSourceWhoseSweepFailedEarlierIsRefetchedByTheIncident() async throws {
        let f = try HealingFixture { c in c.playbooks.removeAll { $0.name == "RepairDataDependency" } }
        defer { f.close() }
        await f.remediator.sweepSources(tenant: "default")
        let action = try #require(try await refreshes(f).first { $0.proposal.params["source"] == "MarketIntel" })
        _ = try await f.spine.recordOutcome(
            action.proposal.id, tenant: "default", by: "agent:CMO", label: .executionFailed, detail: "connection refused", rollback: false)
        f.clock.advance(seconds: 180)
        let receipt = try await f.signal("CMO", .error, errorCode: .staleData, dependencies: ["MarketIntel"])
        let incident = try await f.incident(receipt.incident)
        let ran = incident.attempts[0].steps.map(\.primitive)
        #expect(ran.contains(.refetchSource), "\(ran) \(incident.attempts[0].steps.map(\.detail))")
        #expect(try await f.source("MarketIntel")?.reachable == true, "the incident's refetch reached it")
    }

    @Test func theSweepWaitsWhileTheKillSwitchIsEngagedOrRemediationIsOff() async throws {
        let off = try HealingFixture { $0.remediation.autoRemediate = false }
        defer { off.close() }
        #expect(await off.remediator.sweepSources(tenant: "default") == 0)
        #expect(try await refreshes(off).isEmpty)
    }
}
