import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardTestSupport

/// The inbox with many waiting actions, and the approval card an approver decides on.
@Suite("Control Center inbox")
struct ControlCenterInboxTests {
    /// Over a thousand waiting: the soonest to expire comes first whatever its id, the page says
    /// how many there are and pages through them, a link to one action opens its page, and the
    /// badge counts them all.
    @Test func aLongInboxIsPagedMostUrgentFirstAndCountedInFull() async throws {
        try await PagesFixture.run { f, client in
            let total = 1_001
            // Created oldest first with ids in the opposite order: the store lists by id. An
            // account holds at most 20 open actions, so each has its own.
            for n in 0..<total {
                let record = try await f.propose("send_email", id: "act_\(9_999 - n)", account: "acct-\(n)")
                #expect(record.status == .pendingApproval, "\(n): \(record.decision.reason) \(record.decision.explanation)")
                f.clock.advance(seconds: 0.001)
            }
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let first = try await otto.get(client, "/ui/inbox").html
            #expect(first.components(separatedBy: "<article class=\"card approval\"").count - 1 == 50)
            let firstCard = try #require(first.range(of: "id=\"action-")).upperBound
            #expect(first[firstCard...].hasPrefix("act_9999\""))
            #expect(first.contains("Showing 1–50 of 1001 approvals, those that expire soonest first."))
            #expect(first.contains(#"href="/ui/inbox?page=2" rel="next""#))
            #expect(first.contains(#"<span class="count" aria-label="1001 waiting">1001</span>"#))
            let last = try await otto.get(client, "/ui/inbox?page=21").html
            #expect(last.contains("Showing 1001–1001 of 1001 approvals"))
            #expect(last.contains("id=\"action-act_8999\""))
            let linked = try await otto.get(client, "/ui/inbox?action=act_9000").html
            #expect(linked.contains("id=\"action-act_9000\"") && linked.contains("Page 20 of 21."))
            let count = try await client.execute(uri: "/ui/inbox-count", method: .get, headers: [.cookie: otto.cookie])
            #expect(String(buffer: count.body) == #"{"label":"1001","total":1001}"#)
        }
    }

    /// The card says what the action does with which values, in words; a two-person approval
    /// says how many approvals it needs and whose it has, and the person who approved is not
    /// offered Approve again.
    @Test func anApprovalCardReadsForAPersonAndFollowsTwoPersonApproval() async throws {
        var configuration = StewardConfiguration.default
        if let i = configuration.actionTypes.firstIndex(where: { $0.name == "modify_discount" }) {
            configuration.actionTypes[i].approval.approvers = 2
        }
        try await PagesFixture.run(configuration) { f, client in
            let id = try await f.propose("modify_discount", params: ["percent": 10, "note": "loyal customer"]).proposal.id
            let ada = try await SignedIn.of(client, key: f.admin)
            var page = try await ada.get(client, "/ui/inbox").html
            #expect(page.contains("Modify discount for CRO · account acme"))
            #expect(page.contains("<dt>Percent</dt><dd>10</dd>") && page.contains("<dt>Note</dt><dd>loyal customer</dd>"))
            #expect(page.contains("Needs 2 approvals from different people: 0 so far. Waiting for 2 more people."))
            #expect(page.contains("action=\"/ui/actions/\(id)/approve\""))
            #expect(page.contains("aria-label=\"Approve Modify discount for CRO, account acme (action \(id))\""))

            let recorded = try await ada.follow(client, try await ada.post(client, "/ui/actions/\(id)/approve", "note="))
            #expect(recorded.contains("Recorded your approval of Modify discount for CRO."))
            page = try await ada.get(client, "/ui/inbox").html
            #expect(page.contains("Needs 2 approvals from different people: 1 so far (ada). Waiting for 1 more person."))
            #expect(!page.contains("action=\"/ui/actions/\(id)/approve\""))
            #expect(page.contains("You have approved this. Another person needs to approve it too."))
            let again = try await ada.follow(client, try await ada.post(client, "/ui/actions/\(id)/approve", "note="))
            #expect(again.contains("You have already approved Modify discount for CRO; another person needs to approve it."))
            #expect(!again.contains("key:"))

            let otto = try await SignedIn.of(client, key: f.operatorKey)
            #expect(try await otto.get(client, "/ui/inbox").html.contains("action=\"/ui/actions/\(id)/approve\""))
            let done = try await otto.follow(client, try await otto.post(client, "/ui/actions/\(id)/approve", "note="))
            let status = try await f.spine.action(id, tenant: "default").record.status
            #expect(done.contains("Approved Modify discount for CRO: \(status == .dispatched ? "handed to the agent to carry out" : "running now")."))
            #expect(!done.contains("pending_approval") && !done.contains("now dispatched"))
        }
    }

    /// A card held by an open breaker keeps its recorded reason and says, beside it, how that
    /// breaker stands now: still open while forced, closed once reset. Cards held for another
    /// reason say nothing about breakers.
    @Test func aCardHeldByABreakerSaysWhatBecameOfTheBreaker() async throws {
        try await PagesFixture.run(ControlCenterGovernanceTests.autopilot) { f, client in
            let other = try await f.propose("send_email", account: "globex")
            #expect(other.status == .pendingApproval && other.decision.reason != "BREAKER_OPEN")
            let ada = try await SignedIn.of(client, key: f.admin)
            #expect(try await ada.post(client, "/ui/breakers/high-error-rate/force-open", "reason=drill").status == .seeOther)
            let held = try await f.propose("create_internal_note", params: ["text": "held"])
            #expect(held.status == .pendingApproval && held.decision.reason == "BREAKER_OPEN", "\(held.decision.reason)")
            let recorded = "The circuit breaker &#39;High Error Rate&#39; is open"
            let note = "<p class=\"breaker-now\" id=\"breaker-now-\(held.proposal.id)\">"
            var page = try await ada.get(client, "/ui/inbox").html
            #expect(page.contains(recorded))
            #expect(page.contains(note + "Held because breaker &#39;High Error Rate&#39; is open; it still is, forced open by a person.</p>"))
            #expect(!page.contains("breaker-now-\(other.proposal.id)"))

            #expect(try await ada.post(client, "/ui/breakers/high-error-rate/reset", "reason=").status == .seeOther)
            page = try await ada.get(client, "/ui/inbox").html
            #expect(page.contains(note + "Held while breaker &#39;High Error Rate&#39; was open; it has since closed.</p>"))
            #expect(page.contains(recorded), "the recorded explanation stays as decided")
            #expect(try await f.spine.action(held.proposal.id, tenant: "default").record.decision == held.decision)
            #expect(try await ada.get(client, "/ui/feed").html.contains("Held while breaker &#39;High Error Rate&#39; was open; it has since closed."))
        }
    }

    /// Every state a breaker can be in, and one that tripped again after the hold, in words.
    @Test func theBreakerNoteFollowsEveryState() async throws {
        try await PagesFixture.run(ControlCenterGovernanceTests.autopilot) { f, client in
            _ = try await f.governance.breakers.command(.forceOpen, id: "high-error-rate", tenant: "default", by: "test", reason: "drill")
            let record = try await f.propose("create_internal_note", params: ["text": "held"])
            let breaker = try #require(try await f.governance.breakers.list(tenant: "default").first { $0.id == "high-error-rate" })
            let held = "Held while breaker 'High Error Rate' was open"
            let cases: [(BreakerState, Timestamp?, String?)] = [
                (.closed, nil, "\(held); it has since closed."),
                (.disabled, nil, "\(held); it has since been switched off."),
                (.halfOpen, nil, "\(held); it is now testing, letting a few approved actions through."),
                (.open, record.decision.decidedAt, "Held because breaker 'High Error Rate' is open; it still is."),
                (.forcedOpen, nil, "Held because breaker 'High Error Rate' is open; it still is, forced open by a person."),
                (.open, record.decision.decidedAt.adding(seconds: 60), "\(held); it closed and has opened again since."),
            ]
            for (state, openedAt, expected) in cases {
                var now = breaker
                now.state = state
                now.openedAt = openedAt
                let card = ApprovalCard(record: record, needed: 1, approvers: [], approvedByViewer: false, breakers: [now])
                #expect(card.breakerNote == expected, "\(state)")
            }
            var renamed = breaker
            renamed.name = "Another Breaker"
            #expect(ApprovalCard(record: record, needed: 1, approvers: [], approvedByViewer: false, breakers: [renamed]).breakerNote == nil)
            #expect(ApprovalCard(record: record, needed: 1, approvers: [], approvedByViewer: false).breakerNote == nil)
        }
    }
}
