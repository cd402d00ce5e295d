import StewardCore
@testable import StewardEngine
import StewardTestSupport
import Testing

/// The loop may start an incident it just opened from the row its opening commit wrote, without
/// reading it back; when someone else moved the incident meanwhile, it goes on from the store and
/// still proposes no step twice.
@Suite struct OpenedIncidentAdvanceTests {
    @Test func aLoopStartedFromAStaleOpeningGoesOnFromTheStoreAndProposesNoStepTwice() async throws {
        let f = try HealingFixture { $0.remediation.verifyTimeoutSeconds = 60 }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .rateLimit)
        let id = try #require(receipt.incident)
        // The incident as its opening wrote it is long gone: the intake's loop saved it since.
        let stale = try await f.incident(id)
        #expect(stale.status == .verifying && stale.attempts.count == 1)
        f.clock.advance(seconds: 61)
        // The verify timeout passed: the round concludes the attempt and starts the next. Its save
        // conditioned on the opening's version is refused, and the loop goes on from the store.
        let written = await f.remediator.advance(id, tenant: "default", opened: stale)
        await f.spine.runnerIdle()
        let incident = try await f.incident(id)
        #expect(incident.attempts.count == 2)
        #expect(incident.attempts[0].verification?.outcome == .inconclusive)
        #expect(written == AgentHealthRow(incident: id, state: AgentHealthRow.state(of: incident)))
        let proposed = try await f.entries(kind: "action.proposed").map(\.subject)
        #expect(!proposed.isEmpty)
        #expect(Set(proposed).count == proposed.count, "each step proposed once: \(proposed)")
        #expect(try await LedgerAudit.verify(store: f.store, tenant: "default").ok)
    }
}
