import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
import StewardServer
import StewardTestSupport

/// The Feed's "Run again" (a failed autopilot run) and "Propose again" (a blocked proposal): the
/// action's intent proposed again through the gate, from the page an operator reads it on.
@Suite("Control Center re-runs")
struct ControlCenterRerunTests {
    @Test func aFailedRunIsRunAgainFromTheFeed() async throws {
        try await PagesFixture.run(ControlCenterGovernanceTests.autopilot) { f, client in
            let ran = try await f.propose("create_internal_note", params: ["text": "called back", "percent": 0])
            let done = try await f.propose("create_followup_task", params: ["text": "follow up", "percent": 0])
            #expect(ran.status == .dispatched && done.status == .dispatched)
            _ = try await f.spine.recordOutcome(ran.proposal.id, tenant: "default", by: "key:bot", label: .executionFailed, detail: "CRM down", rollback: false)
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let feed = try await otto.get(client, "/ui/feed").html
            #expect(feed.contains(#"action="/ui/actions/\#(ran.proposal.id)/rerun""#))
            // Only a failed run offers it: one still with its agent is not settled.
            #expect(!feed.contains(#"action="/ui/actions/\#(done.proposal.id)/rerun""#))

            let answer = try await otto.post(client, "/ui/actions/\(ran.proposal.id)/rerun", "from=autopilot")
            #expect(answer.status == .seeOther && answer.headers[.location] == "/ui/feed#autopilot-h")
            let shown = try await otto.follow(client, answer)
            #expect(shown.contains("Proposed Create internal note for CRO again as act_"))
            let rerun = try #require(try await f.spine.actions(tenant: "default", status: nil, account: nil, agent: nil, after: nil, limit: 10)
                .first { $0.rerunOf == ran.proposal.id })
            #expect(rerun.status == .dispatched && rerun.proposal.params == ["text": "called back", "percent": 0] && rerun.proposal.trigger == .person)
            #expect(rerun.proposedBy?.hasPrefix("key:") == true)
        }
    }

    @Test func aBlockedProposalIsProposedAgainAndAnAuditorIsNotOfferedIt() async throws {
        try await PagesFixture.run(ControlCenterGovernanceTests.autopilot) { f, client in
            let blocked = try await f.propose("modify_discount", params: ["percent": 35])
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            #expect(try await otto.get(client, "/ui/feed").html.contains(#"action="/ui/actions/\#(blocked.proposal.id)/rerun""#))
            let answer = try await otto.post(client, "/ui/actions/\(blocked.proposal.id)/rerun", "from=blocked")
            #expect(answer.headers[.location] == "/ui/feed#blocked-h")
            // The rule still holds: the gate blocks it again, and the page says so.
            let shown = try await otto.follow(client, answer)
            #expect(shown.contains(#"<div class="flash ok" role="status">Proposed Modify discount for CRO again as act_"#))
            #expect(shown.contains("Discounts above 20% are never given.</div>"))

            let audrey = try await SignedIn.of(client, key: f.auditor)
            #expect(!(try await audrey.get(client, "/ui/feed").html.contains("/rerun")))
            #expect(try await audrey.post(client, "/ui/actions/\(blocked.proposal.id)/rerun", "from=blocked").status == .forbidden)
        }
    }
}
