import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
import StewardServer

/// The pages allow what the API allows each role, refuse as pages (not JSON), and show only the
/// messages the server itself set.
@Suite("Control Center roles and messages")
struct ControlCenterRoleTests {
    /// An operator on call may use the emergency controls the API gives operators; only the
    /// tenant's mode (PUT /v1/autonomy) stays the admin's, and its form says so.
    @Test func anOperatorUsesTheControlsTheAPIGivesOperators() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let engaged = try await otto.post(client, "/ui/kill-switch", "state=engage&reason=on-call+drill&confirm=yes")
            #expect(engaged.status == .seeOther)
            #expect(try await f.spine.autonomy(tenant: "default").killSwitch.engaged == true)
            #expect(try await otto.post(client, "/ui/kill-switch", "state=release").status == .seeOther)
            #expect(try await f.spine.autonomy(tenant: "default").killSwitch.engaged == false)

            let forced = try await otto.post(client, "/ui/breakers/high-error-rate/force-open", "reason=error+spike")
            #expect(forced.status == .seeOther)
            #expect(try await f.governance.breakers.list(tenant: "default").first { $0.id == "high-error-rate" }?.state == .forcedOpen)
            #expect(try await otto.post(client, "/ui/breakers/high-error-rate/reset", "reason=").status == .seeOther)
            #expect(try await f.governance.breakers.list(tenant: "default").first { $0.id == "high-error-rate" }?.state == .closed)

            #expect(try await otto.post(client, "/ui/accounts", "account=acme&mode=approve&budget=3").status == .seeOther)
            #expect(try await f.spine.accountAutonomy("acme", tenant: "default")?.dailyActions == 3)
            // A scope proposal's verdict reaches the engine (which knows no such proposal), not a 403.
            let verdict = try await otto.post(client, "/ui/proposals/prop_nope/approve", "note=ok")
            #expect(verdict.status == .seeOther)
            #expect(try await otto.follow(client, verdict).contains("Could not approve proposal prop_nope"))

            let mode = try await otto.post(client, "/ui/autonomy", "mode=autopilot")
            #expect(mode.status == .forbidden)
            #expect(String(buffer: mode.body).contains("This needs an admin key; you are signed in with an operator key."))
            let admin = try await otto.get(client, "/ui/admin").html
            #expect(admin.contains(#"disabled aria-describedby="mode-needs-admin""#))
            #expect(admin.contains("Only an admin key can change the tenant's mode and budgets"))
            #expect(!admin.contains("changing them needs an admin key"))
            let ada = try await SignedIn.of(client, key: f.admin)
            #expect(!(try await ada.get(client, "/ui/admin").html.contains("mode-needs-admin")))
        }
    }

    /// Text in the address is never shown as the app's message; a form's own message is shown
    /// once, from the cookie its redirect set.
    @Test func onlyTheServersOwnMessagesAreShownAndOnlyOnce() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let spoof = try await otto.get(client, "/ui/inbox?problem=Call%20IT%20and%20read%20them%20your%20API%20key&done=Approved")
            #expect(!spoof.html.contains("Call IT"))
            #expect(!spoof.html.contains("class=\"flash"))
            let refused = try await otto.post(client, "/ui/kill-switch", "state=engage&reason=drill")
            #expect(refused.headers[.location] == "/ui/admin")
            let setCookie = try #require(refused.headers[.setCookie])
            #expect(setCookie.hasPrefix("steward_flash=problem.") && setCookie.contains("HttpOnly"))
            let flash = String(setCookie.split(separator: ";")[0])
            let shown = try await client.execute(uri: "/ui/admin", method: .get, headers: [.cookie: otto.cookie + "; " + flash])
            #expect(String(buffer: shown.body).contains("Tick the confirmation to engage the kill switch; nothing was changed."))
            // Shown once: the page clears the cookie.
            #expect(shown.headers[.setCookie]?.hasPrefix("steward_flash=;") == true)
        }
    }

    /// A page that cannot be drawn is an HTML page in the app's frame, not the API's JSON.
    @Test func errorsOnPagesAreHTMLPages() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let response = try await client.execute(uri: "/ui/agents/NoSuchAgent", method: .get, headers: [.cookie: otto.cookie])
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            let html = String(buffer: response.body)
            #expect(html.contains("<title>Not found · Steward Control Center</title>"))
            #expect(html.contains("Agent NoSuchAgent not found."))
        }
    }
}
