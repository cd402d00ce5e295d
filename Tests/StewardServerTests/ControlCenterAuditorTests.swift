import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
import StewardServer

/// An auditor signs in and sees every page an operator sees, without the forms that change
/// things; a form posted anyway is refused as a page that says why, and nothing changes.
@Suite("Control Center for an auditor")
struct ControlCenterAuditorTests {
    @Test func anAuditorSeesThePagesWithoutTheFormsThatChangeThings() async throws {
        try await PagesFixture.run { f, client in
            let action = try await f.propose("send_email")
            let audrey = try await SignedIn.of(client, key: f.auditor)
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            for path in ["/ui/fleet", "/ui/inbox", "/ui/feed", "/ui/governance", "/ui/skills", "/ui/ledger", "/ui/admin"] {
                let page = try await audrey.get(client, path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.html.contains(#"id="read-only""#) && page.html.contains("you may read every page here and change nothing"), "\(path)")
                for form in ["/ui/actions/", "/ui/escalations/", "/ui/breakers/", "/ui/proposals/", "/ui/kill-switch", "/ui/accounts", "/ui/skills/", "/ui/silences"] {
                    #expect(!page.html.contains(#"<form method="post" action="\#(form)"#), "\(path) offers \(form) to an auditor")
                }
                #expect(!(try await otto.get(client, path).html.contains(#"id="read-only""#)), "\(path) tells an operator it is read-only")
            }
            let inbox = try await otto.get(client, "/ui/inbox").html
            #expect(inbox.contains(#"action="/ui/actions/\#(action.proposal.id)/approve""#))
            #expect(try await audrey.get(client, "/ui/inbox").html.contains(action.proposal.id))
            // Checking the chain and trying a proposal in the gate change nothing: an auditor may.
            #expect(try await audrey.post(client, "/ui/ledger/verify", "").status == .seeOther)
            #expect(try await audrey.get(client, "/ui/ledger").html.contains(#"action="/ui/ledger/verify"#))
        }
    }

    @Test func aFormPostedByAnAuditorIsRefusedAsAPageAndChangesNothing() async throws {
        try await PagesFixture.run { f, client in
            let action = try await f.propose("send_email")
            let audrey = try await SignedIn.of(client, key: f.auditor)
            let head = try await f.store.head(tenant: "default").seq
            let posts = [
                ("/ui/actions/\(action.proposal.id)/approve", "note=ok"), ("/ui/actions/\(action.proposal.id)/reject", "reason=no"),
                ("/ui/kill-switch", "state=engage&reason=drill&confirm=yes"), ("/ui/breakers/high-error-rate/force-open", "reason=spike"),
                ("/ui/accounts", "account=acme&mode=approve&budget=3"), ("/ui/escalations/esc_1/resolve", "option=retry"),
                ("/ui/proposals/prop_1/approve", "note=ok"), ("/ui/autonomy", "mode=autopilot"),
            ]
            for (path, body) in posts {
                let refused = try await audrey.post(client, path, body)
                #expect(refused.status == .forbidden, "\(path)")
                #expect(refused.headers[.contentType]?.hasPrefix("text/html") == true, "\(path)")
                let html = String(buffer: refused.body)
                #expect(html.contains("you are signed in with an auditor key"), "\(path)")
            }
            let approve = String(buffer: try await audrey.post(client, "/ui/actions/\(action.proposal.id)/approve", "").body)
            #expect(approve.contains("This changes things and needs an operator key; you are signed in with an auditor key, which only reads. Nothing was changed."))
            #expect(try await f.store.head(tenant: "default").seq == head)
            #expect(try await f.spine.autonomy(tenant: "default").killSwitch.engaged == false)
            #expect(try await f.spine.action(action.proposal.id, tenant: "default").record.status == action.status)
        }
    }
}
