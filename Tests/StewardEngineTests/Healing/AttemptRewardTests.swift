import Foundation
import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// Each attempt's reward charges its own minutes, so the bandit does not blame a rescue for the failure before it.
@Suite struct AttemptRewardTests {
    @Test func aSecondAttemptThatRecoversIsChargedOnlyItsOwnTime() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let id = try #require(receipt.incident)
        // Attempt 1 fails on a signal after the grace, 61 s in; attempt 2 starts then.
        f.clock.advance(seconds: 61)
        try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        // Attempt 2 recovers 30 s after it started.
        f.clock.advance(seconds: 30)
        try await f.signal("CMO", successRate: 0.97)
        let incident = try await f.incident(id)
        #expect(incident.status == .resolved && incident.attempts.count == 2 && incident.attempts[1].ok)
        let doc = try #require(try await f.store.projection(
            tenant: "default", collection: HealingRows.arms, id: HealingRows.arm(.transient, incident.attempts[1].selected ?? incident.attempts[1].playbook)))
        let arm = try JSONValueDecoder.decode(ArmStats.self, from: doc.body)
        // Both attempts ran the same arm: 61 s and 30 s, never the 91 s since the incident opened.
        let costs = incident.attempts.flatMap(\.steps).reduce(0.0) { $0 + $1.primitive.cost(f.configuration.remediation.costs) }
        let deltas = (0.97 - 0.6) + 0.0  // success rate back up on attempt 2; alignment unchanged
        let expected = -(61.0 / 60) - (30.0 / 60) + deltas - costs
        #expect(arm.pulls == 2 && abs(arm.rewardSum - expected) < 1e-9, "\(arm.rewardSum) vs \(expected)")
    }
}
