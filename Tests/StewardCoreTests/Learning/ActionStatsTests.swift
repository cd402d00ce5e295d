import Foundation
import Testing
import StewardCore

@Suite struct ActionStatsTests {
    let t0 = Timestamp(millisecondsSinceEpoch: 1_773_446_400_000)

    @Test func startsAtThePrior() {
        let stats = ActionStats(tenant: "acme", actionType: "draft_email", agent: "scout")
        #expect(stats.posterior == .prior)
        #expect(stats.counts.isEmpty)
        #expect(stats.updatedAt == nil)
        #expect(stats.id == "draft_email|scout")
        #expect(ActionStats.id(actionType: "draft_email", agent: "scout") == stats.id)
    }

    @Test func recordingUpdatesPosteriorCountsAndTime() {
        let stats = ActionStats(tenant: "acme", actionType: "draft_email", agent: "scout")
            .recording(.executionSucceeded, at: t0)
            .recording(.ideaEdited, at: t0.adding(seconds: 60))
            .recording(.executionSucceeded, at: t0.adding(seconds: 120))
            .recording(.noResponse, at: t0.adding(seconds: 180))
        #expect(stats.posterior == BetaPosterior(alpha: 3.5, beta: 2))
        #expect(stats.counts == ["EXECUTION_SUCCEEDED": 2, "IDEA_EDITED": 1, "NO_RESPONSE": 1])
        #expect(stats.count(of: .executionSucceeded) == 2)
        #expect(stats.count(of: .ideaRejected) == 0)
        #expect(stats.updatedAt == t0.adding(seconds: 180))
        #expect(stats.tenant == "acme" && stats.actionType == "draft_email" && stats.agent == "scout")
    }

    @Test func updatedAtNeverMovesBackwards() {
        let stats = ActionStats(tenant: "acme", actionType: "draft_email", agent: "scout")
            .recording(.executionSucceeded, at: t0.adding(seconds: 60))
            .recording(.executionFailed, at: t0)
        #expect(stats.updatedAt == t0.adding(seconds: 60))
        #expect(stats.posterior == BetaPosterior(alpha: 2, beta: 2))
    }

    @Test func recordingDoesNotChangeTheOriginal() {
        let stats = ActionStats(tenant: "acme", actionType: "draft_email", agent: "scout")
        _ = stats.recording(.ideaRejected, at: t0)
        #expect(stats.posterior == .prior)
    }

    @Test func codableRoundTrip() throws {
        let stats = ActionStats(tenant: "acme", actionType: "draft_email", agent: "scout").recording(.ideaRejected, at: t0)
        let decoded = try JSONDecoder().decode(ActionStats.self, from: JSONEncoder().encode(stats))
        #expect(decoded == stats)
    }
}
