import Testing
import StewardCore
@testable import StewardEngine
import StewardTestSupport

/// The Feed's two lists read every row of their status and decode only what they show: the
/// newest blocked (the oldest few thousand were read, so past them the newest never showed) and
/// the most valuable waiting (the oldest 500 were ranked).
@Suite("Ranked listings on stored rows")
struct RankedListingTests {
    @Test func theNewestAndTheMostValuableComeFromEveryRow() async throws {
        var configuration = SpineFixture.autopilot()
        configuration.policy.rules.append(PolicyRule(name: "no-discounts", condition: "action.type == 'modify_discount'", effect: .block))
        let f = try SpineFixture(configuration: configuration)
        defer { f.close() }
        var blocked: [String] = []
        for n in 0..<4 {
            blocked.append(try await f.propose("modify_discount", account: "b\(n)").proposal.id)
            f.clock.advance(seconds: 1)
        }
        let (newest, total) = try await f.spine.newest(tenant: "default", status: .blocked, limit: 2)
        #expect(newest.map(\.proposal.id) == [blocked[3], blocked[2]] && total == 4)

        let low = try await f.propose("send_email", account: "w1")
        let proposal = ActionProposal(
            id: f.spine.makeID(), tenant: "default", agent: "CRO", account: "w2", type: "send_email", params: ["to": "x"], impactPoints: 500)
        let valuable = try await f.spine.propose(proposal, actor: "key:test")
        #expect(valuable.decision.utility.value > low.decision.utility.value)
        let (ranked, waiting) = try await f.spine.mostValuableWaiting(tenant: "default", limit: 1)
        #expect(ranked.map(\.proposal.id) == [valuable.proposal.id] && waiting == 2)
    }
}
