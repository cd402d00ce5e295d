import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardTestSupport

/// The inbox's forms keep the operator's place: an answer goes back to the same page at the next
/// card, and an edit that cannot be used comes back as typed, with the reason beside the field.
@Suite("Control Center inbox forms")
struct ControlCenterInboxFormTests {
    /// 60 waiting: page 2 holds the last 10. Approving and rejecting there go back to page 2, at
    /// the card after the one answered.
    @Test func answeringACardGoesBackToItsPageAtTheNextCard() async throws {
        try await PagesFixture.run { f, client in
            var ids: [String] = []
            for n in 0..<60 {
                ids.append(try await f.propose("send_email", id: "act_\(1000 + n)", account: "acct-\(n)").proposal.id)
                f.clock.advance(seconds: 0.001)
            }
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            // QA r9 console M3: page 1's last card leads to the card that moves up from page 2.
            let first = try await otto.get(client, "/ui/inbox").html
            #expect(first.contains(#"<input type="hidden" name="next" value="action-\#(ids[50])">"#))
            let page = try await otto.get(client, "/ui/inbox?page=2").html
            #expect(page.contains(#"<input type="hidden" name="page" value="2">"#))
            #expect(page.contains(#"<input type="hidden" name="next" value="action-\#(ids[51])">"#))
            let approved = try await otto.post(client, "/ui/actions/\(ids[50])/approve", "note=&page=2&next=action-\(ids[51])")
            #expect(approved.headers[.location] == "/ui/inbox?page=2#action-\(ids[51])")
            let rejected = try await otto.post(client, "/ui/actions/\(ids[51])/reject", "reason=no&page=2&next=action-\(ids[52])")
            #expect(rejected.headers[.location] == "/ui/inbox?page=2#action-\(ids[52])")
            // Whatever else is put in the fields stays out of the address.
            let odd = try await otto.post(client, "/ui/actions/\(ids[52])/reject", "reason=no&page=x&next=%22%3E%3Cscript%3E")
            #expect(odd.headers[.location] == "/ui/inbox")
        }
    }

    /// Values that are not a JSON object: the same page again (422) with the card's edit open,
    /// the values and the note as typed, and the reason next to the values; nothing approved.
    @Test func anEditThatCannotBeUsedIsShownAgainAsTyped() async throws {
        try await PagesFixture.run { f, client in
            let id = try await f.propose("send_email").proposal.id
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let typed = #"{"to": "edited@acme.example", "subject": "long careful edit""#
            let body = "note=\(ControlCenterTests.encoded("my note"))&edit=1&page=1&params=\(ControlCenterTests.encoded(typed))"
            let response = try await otto.post(client, "/ui/actions/\(id)/approve", body)
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains(#"<input id="note-\#(id)" name="note" maxlength="2000" value="my note">"#))
            #expect(html.contains("<details open>"))
            #expect(html.contains(#"aria-invalid="true" aria-describedby="params-error-\#(id)" autofocus>"#))
            #expect(html.contains(HTML.escape(typed) + "</textarea>"))
            #expect(html.contains(#"<p class="field-error" id="params-error-\#(id)">The edited values of \#(id) are not a JSON object"#))
            #expect(html.contains(#"name="edit" value="1" checked>"#))
            #expect(try await f.spine.action(id, tenant: "default").record.status == .pendingApproval)
        }
    }

    /// QA r9 console H1: values changed in the box without "Approve with these changed values"
    /// ticked were dropped without a word while the proposed ones ran. Now the page comes back
    /// (422) saying so, the values as typed; and values another approver changed since the page
    /// showed them are not approved unseen. The proposed values untouched approve as before.
    @Test func changedValuesWithoutTheTickAreNotDroppedSilently() async throws {
        try await PagesFixture.run { f, client in
            let record = try await f.propose("send_email")
            let id = record.proposal.id
            let shown = ApprovalCard.json(record.effectiveParams)
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let typed = #"{"to": "edited@acme.example"}"#
            let body = "note=&page=1&shown=\(ControlCenterTests.encoded(shown))&params=\(ControlCenterTests.encoded(typed))"
            let response = try await otto.post(client, "/ui/actions/\(id)/approve", body)
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("did not tick") && html.contains(HTML.escape(typed) + "</textarea>"), "\(html)")
            #expect(try await f.spine.action(id, tenant: "default").record.status == .pendingApproval)
            // Another approver's values since the page was shown: refused, nothing approved.
            let stale = "note=&page=1&shown=\(ControlCenterTests.encoded(#"{"to":"someone@else.example"}"#))&params=\(ControlCenterTests.encoded(shown))"
            let refused = try await otto.post(client, "/ui/actions/\(id)/approve", stale)
            #expect(refused.status == .seeOther)
            #expect(try await f.spine.action(id, tenant: "default").record.status == .pendingApproval)
            // The values as shown: approved.
            let plain = "note=&page=1&shown=\(ControlCenterTests.encoded(shown))&params=\(ControlCenterTests.encoded(shown))"
            _ = try await otto.post(client, "/ui/actions/\(id)/approve", plain)
            #expect(try await f.spine.action(id, tenant: "default").record.status != .pendingApproval)
        }
    }

    /// QA r9 console M1: approving a request that expired said "action is rejected", which reads
    /// as a colleague's answer; it says it expired, and when.
    @Test func anExpiredRequestSaysItExpired() async throws {
        try await PagesFixture.run { f, client in
            let id = try await f.propose("send_email").proposal.id
            f.clock.advance(seconds: 2 * 86_400)
            _ = try await f.spine.sweep()
            do {
                _ = try await f.spine.approve(id, tenant: "default", by: "key:x", params: nil, note: nil)
                Issue.record("an expired request was approved")
            } catch {
                #expect("\(error)".contains("the approval request expired at") && "\(error)".contains("only a pending_approval action can be approved"), "\(error)")
            }
        }
    }

    /// Cards that read alike still have buttons a screen reader tells apart: the account and the action's id.
    @Test func approveAndRejectButtonsHaveUniqueNames() async throws {
        try await PagesFixture.run { f, client in
            let a = try await f.propose("send_email", account: "acct-1").proposal.id
            let b = try await f.propose("send_email", account: "acct-2").proposal.id
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let html = try await otto.get(client, "/ui/inbox").html
            #expect(html.contains(#"aria-label="Approve Send email for CRO, account acct-1 (action \#(a))""#))
            #expect(html.contains(#"aria-label="Approve Send email for CRO, account acct-2 (action \#(b))""#))
            #expect(html.contains(#"aria-label="Reject Send email for CRO, account acct-1 (action \#(a))""#))
            let labels = html.components(separatedBy: "aria-label=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
                .filter { $0.hasPrefix("Approve") || $0.hasPrefix("Reject") }
            #expect(labels.count == 4)
            #expect(Set(labels).count == labels.count)
        }
    }
}
