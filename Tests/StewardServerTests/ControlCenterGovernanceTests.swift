import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
import StewardServer
import StewardTestSupport

/// Governance, Admin and the Feed: one autonomy level, breakers with current figures, and
/// what ran, or was blocked, without a person.
@Suite("Control Center governance and feed")
struct ControlCenterGovernanceTests {
    static let autopilot: StewardConfiguration = {
        var c = StewardConfiguration.default
        c.autonomy.mode = .autopilot
        c.policy.rules.append(PolicyRule(
            name: "big-discounts", condition: "action.params.percent > 20", effect: .block, reason: "DISCOUNT_TOO_LARGE",
            explanation: "Discounts above 20% are never given."))
        return c
    }()

    /// While a breaker holds the tenant at L3, Governance and Admin both say L3, and why.
    @Test func governanceAndAdminShowTheSameLevelInForce() async throws {
        try await PagesFixture.run(Self.autopilot) { f, client in
            let ada = try await SignedIn.of(client, key: f.admin)
            #expect(try await ada.post(client, "/ui/breakers/high-error-rate/force-open", "reason=drill").status == .seeOther)
            let held = "Autonomy level in force <strong id=\"level-in-force\">L3</strong> "
                + "(held at L3 while a circuit breaker is open; the tenant&#39;s setting is L4)"
            #expect(try await ada.get(client, "/ui/governance").html.contains(held))
            #expect(try await ada.get(client, "/ui/admin").html.contains(held))
            #expect(try await ada.post(client, "/ui/breakers/high-error-rate/reset", "reason=").status == .seeOther)
            #expect(try await ada.get(client, "/ui/admin").html.contains("<strong id=\"level-in-force\">L4</strong>."))
        }
    }

    /// The breakers' states are in words, their figures are the window's now (with no rate
    /// below the rule's minimum), and forcing one open needs a reason.
    @Test func breakersShowCurrentFiguresAndForcingOneOpenNeedsAReason() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            var page = try await otto.get(client, "/ui/governance").html
            #expect(page.contains("Closed: running normally"))
            #expect(page.contains("Now: 0 calls, 0 failed, 0 rolled back · no rate below"))
            #expect(page.contains(#"aria-label="Reset High Error Rate""#))
            let refused = try await otto.post(client, "/ui/breakers/high-error-rate/force-open", "reason=")
            #expect(try await otto.follow(client, refused).contains("Forcing a breaker open needs a reason; nothing was changed."))
            #expect(try await f.governance.breakers.list(tenant: "default").first { $0.id == "high-error-rate" }?.state == .closed)
            let forced = try await otto.post(client, "/ui/breakers/high-error-rate/force-open", "reason=spike")
            #expect(try await otto.follow(client, forced).contains("High Error Rate is now forced open by a person."))
            page = try await otto.get(client, "/ui/governance").html
            #expect(page.contains("Forced open by a person"))
        }
    }

    /// "Autopilot did" lists actions the autopilot handed to their agents; "Blocked" lists what
    /// the policy refused, with the rule and its explanation.
    @Test func theFeedListsWhatRanWithoutAPersonAndWhatWasBlocked() async throws {
        try await PagesFixture.run(Self.autopilot) { f, client in
            let note = try await f.propose("create_internal_note", params: ["text": "called back", "percent": 0])
            #expect(note.status == .dispatched, "\(note.decision.reason) \(note.decision.explanation)")
            let blocked = try await f.propose("modify_discount", params: ["percent": 35])
            #expect(blocked.status == .blocked)
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let feed = try await otto.get(client, "/ui/feed").html
            #expect(!feed.contains("Nothing has run without a person yet."))
            #expect(feed.contains("<strong>Create internal note for CRO</strong> · acme · handed to the agent to carry out"))
            #expect(feed.contains("id=\"blocked-\(blocked.proposal.id)\""))
            #expect(feed.contains("Discounts above 20% are never given."))
            #expect(feed.contains("<code>DISCOUNT_TOO_LARGE</code>") && feed.contains("<dt>Percent</dt><dd>35</dd>"))
        }
    }
}
