import Foundation
import StewardCore
@testable import StewardEngine
import StewardTestSupport
import Testing

/// A throttle "for 20 min" ends after 20 minutes: the healing round gives the agent back the slots
/// it had and removes the cap, records it and tells the agent.
@Suite struct ThrottleEndTests {
    func allocation(_ f: HealingFixture, _ agent: String) async throws -> AllocationRow {
        try #require(try await f.remediator.allocations(tenant: "default").first { $0.agent == agent })
    }

    @Test func theConflictsThrottleEndsAfterItsMinutesWithTheSlotsGivenBack() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let before = try await allocation(f, "CMO").slots
        #expect(before > 1)
        try await f.signal("CRO", directive: "D-7")
        try await f.signal("CMO", .degraded, directive: "D-7", alignment: 0.8)
        var cmo = try await allocation(f, "CMO")
        #expect(cmo.slots == 1 && cmo.maxConcurrent == 1 && cmo.slotsBeforeThrottle == before)
        let until = try #require(cmo.throttledUntil)

        // Before its end the throttle holds.
        await f.pass(seconds: 19 * 60)
        #expect(try await allocation(f, "CMO").maxConcurrent == 1)

        await f.pass(seconds: 61)
        #expect(f.clock.now() > until)
        cmo = try await allocation(f, "CMO")
        #expect(cmo.slots == before && cmo.maxConcurrent == nil && cmo.throttledUntil == nil && cmo.slotsBeforeThrottle == nil)
        #expect(cmo.reason.contains("throttle ended"))
        let changes = try await f.entries(kind: "allocation.changed").map { try JSONReader.parse($0.canonicalPayload) }.filter { $0["cause"] == "throttle" }
        #expect(changes.count == 1 && changes.first?["agent"] == "CMO" && changes.first?["slots"] == .int(Int64(before)))
        // QA r8 orchestration L3: the move in figures, not only in the reason's prose.
        #expect(changes.first?["previousSlots"] == .int(1), "\(String(describing: changes.first))")
        // The agent is told, as it was told of the throttle.
        let pushes = try await f.spine.actions(tenant: "default", status: nil, account: nil, agent: "CMO", after: nil, limit: 100)
            .filter { $0.proposal.type == ActionType.allocationTypeName }
        #expect(pushes.last?.proposal.params["slots"] == .int(Int64(before)) && pushes.last?.proposal.params["maxConcurrent"] == nil)
        // Nothing more to lift.
        #expect(await f.remediator.liftEndedThrottles(tenant: "default") == 0)
    }

    @Test func aLiftNeverTakesSlotsAnAgentGainedDuringItsThrottleNorExceedsTheMaximum() {
        let limits = ConcurrencyLimits(min: 1, max: 8)
        let now = Timestamp(millisecondsSinceEpoch: 1_000)
        let gained = AllocationRow(agent: "A", slots: 6, maxConcurrent: 1, throttledUntil: now, slotsBeforeThrottle: 4, reason: "", changedAt: now)
        #expect(Remediator.lifted(gained, limits: limits, now: now).slots == 6)
        let big = AllocationRow(agent: "A", slots: 1, maxConcurrent: 1, throttledUntil: now, slotsBeforeThrottle: 12, reason: "", changedAt: now)
        #expect(Remediator.lifted(big, limits: limits, now: now).slots == 8)
    }
}
