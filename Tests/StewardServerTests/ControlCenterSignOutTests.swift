import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
import StewardServer
import StewardTestSupport

/// Signing out ends the session on the server, not only in the browser: a copy of the cookie is
/// refused afterwards, on the pages and on the API; so is every session of a revoked key.
@Suite("Control Center sign-out")
struct ControlCenterSignOutTests {
    @Test func aCopiedCookieIsRefusedAfterSigningOut() async throws {
        try await PagesFixture.run { f, client in
            let browser = try await SignedIn.of(client, key: f.operatorKey)
            let other = try await SignedIn.of(client, key: f.operatorKey)
            let out = try await browser.post(client, "/ui/sign-out", "")
            #expect(out.status == .seeOther && out.headers[.location] == "/ui/sign-in")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)

            // The copy an attacker kept: the pages send it to sign in, the API refuses it.
            let page = try await browser.get(client, "/ui/fleet")
            #expect(page.status == .seeOther)
            let api = try await client.execute(uri: "/v1/ledger?limit=1", method: .get, headers: [.cookie: browser.cookie])
            #expect(api.status == .unauthorized)
            // Still refused long after the cache time, on this replica or any other.
            f.clock.advance(seconds: 3_600)
            #expect(try await browser.get(client, "/ui/fleet").status == .seeOther)

            // Another session of the same key is not affected.
            #expect(try await other.get(client, "/ui/fleet").status == .ok)
        }
    }

    @Test func revokingAKeyEndsItsSessions() async throws {
        try await PagesFixture.run { f, client in
            let browser = try await SignedIn.of(client, key: f.secondOperator)
            let tenancy = Tenancy(store: f.store, clock: f.clock, configRevision: "rev")
            let id = try #require(APIKey(token: f.secondOperator)?.id)
            _ = try await tenancy.revokeKey(id: id, reason: "left the team", actor: "cli")
            f.clock.advance(seconds: 31)  // the key directory's cache time
            #expect(try await browser.get(client, "/ui/fleet").status == .seeOther)
            let api = try await client.execute(uri: "/v1/ledger?limit=1", method: .get, headers: [.cookie: browser.cookie])
            #expect(api.status == .unauthorized)
        }
    }
}
