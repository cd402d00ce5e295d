import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import StewardApp
import StewardCore
import StewardEngine
import StewardServer
import StewardSQLite
import StewardTestSupport

/// The Control Center over a real SQLite store: sign-in, session cookies, CSRF, roles, escaping.
@Suite("Control Center pages")
struct ControlCenterTests {
    struct Fixture: Sendable {
        let store: any Store
        let clock: TestClock
        let admin: String
        let operatorKey: String
        let agent: String
        let spine: ActionSpine
    }

    func withPages(_ body: (Fixture, Router<StewardRequestContext>) async throws -> Void) async throws {
        try await PagesFixture.withRouter(governed: false) { f, router in
            try await body(Fixture(store: f.store, clock: f.clock, admin: f.admin, operatorKey: f.operatorKey, agent: f.agent, spine: f.spine), router)
        }
    }

    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// Signs in through the form; returns the cookie header value and the page's CSRF token.
    static func signIn(_ client: some TestClientProtocol, key: String) async throws -> (cookie: String, csrf: String) {
        let response = try await client.execute(
            uri: "/ui/sign-in", method: .post, headers: form, body: ByteBuffer(string: "key=\(encoded(key))&next=%2Fui%2Fadmin"))
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/ui/admin")
        let setCookie = try #require(response.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Strict"))
        #expect(!setCookie.contains("Secure"))  // plain HTTP on loopback
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await client.execute(uri: "/ui/admin", method: .get, headers: [.cookie: cookie])
        #expect(page.status == .ok)
        let html = String(buffer: page.body)
        let marker = "name=\"csrf-token\" content=\""
        let start = try #require(html.range(of: marker)).upperBound
        let csrf = String(html[start...].prefix { $0 != "\"" })
        #expect(csrf.count == 64)
        return (cookie, csrf)
    }

    /// An address under /ui that is no page answers with a page saying so, not with JSON.
    @Test func anUnknownPageIsAPageNotFound() async throws {
        try await withPages { f, router in
            let app = Application(router: router)
            try await app.test(.router) { client in
                let (cookie, _) = try await Self.signIn(client, key: f.operatorKey)
                for uri in ["/ui/nope", "/ui/fleet/extra/deep"] {
                    let missing = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                    #expect(missing.status == .notFound, "\(uri)")
                    #expect(missing.headers[.contentType]?.hasPrefix("text/html") == true, "\(uri)")
                    #expect(String(buffer: missing.body).contains("Page not found"), "\(uri)")
                }
                let anonymous = try await client.execute(uri: "/ui/nope", method: .get)
                #expect(anonymous.status == .seeOther)
            }
        }
    }

    /// Another site's form cannot sign a visitor's browser in with its own key (login CSRF).
    @Test func aSignInSentByAnotherSiteIsRefused() async throws {
        try await withPages { f, router in
            let app = Application(router: router)
            try await app.test(.router) { client in
                let body = "key=\(Self.encoded(f.operatorKey))"
                for (name, value) in [("Sec-Fetch-Site", "cross-site"), ("Origin", "https://evil.example"), ("Origin", "null")] {
                    var headers = Self.form
                    headers[try #require(HTTPField.Name(name))] = value
                    let refused = try await client.execute(uri: "/ui/sign-in", method: .post, headers: headers, body: ByteBuffer(string: body))
                    #expect(refused.status == .forbidden && refused.headers[.setCookie] == nil, "\(name): \(value)")
                }
                var same = Self.form
                same[try #require(HTTPField.Name("Sec-Fetch-Site"))] = "same-origin"
                let signedIn = try await client.execute(uri: "/ui/sign-in", method: .post, headers: same, body: ByteBuffer(string: body))
                #expect(signedIn.status == .seeOther && signedIn.headers[.setCookie] != nil)
            }
        }
    }

    @Test func pagesNeedASessionAndSignInTakesAnOperatorOrAdminKey() async throws {
        try await withPages { f, router in
            let app = Application(router: router)
            try await app.test(.router) { client in
                let anonymous = try await client.execute(uri: "/ui/inbox", method: .get)
                #expect(anonymous.status == .seeOther)
                #expect(anonymous.headers[.location] == "/ui/sign-in?next=/ui/inbox")
                let root = try await client.execute(uri: "/", method: .get)
                #expect(root.status == .seeOther)
                let agent = try await client.execute(uri: "/ui/sign-in", method: .post, headers: Self.form, body: ByteBuffer(string: "key=\(f.agent)"))
                #expect(agent.status == .unauthorized)
                #expect(agent.headers[.setCookie] == nil)
                #expect(String(buffer: agent.body).contains("Agent keys cannot sign in"))
                let wrong = try await client.execute(uri: "/ui/sign-in", method: .post, headers: Self.form, body: ByteBuffer(string: "key=stw_nope"))
                #expect(wrong.status == .unauthorized)
                let forged = try await client.execute(uri: "/ui/fleet", method: .get, headers: [.cookie: "steward_session=abc.1.2.3"])
                #expect(forged.status == .seeOther)
                let (cookie, _) = try await Self.signIn(client, key: f.operatorKey)
                for path in ["/ui/fleet", "/ui/inbox", "/ui/feed", "/ui/governance", "/ui/skills", "/ui/ledger", "/ui/admin"] {
                    let page = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
                    #expect(page.status == .ok, "\(path)")
                    #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                }
                // The session also reads the API (the event stream needs it), but only as its key's role allows.
                let ledger = try await client.execute(uri: "/v1/ledger?limit=1", method: .get, headers: [.cookie: cookie])
                #expect(ledger.status == .ok)
            }
        }
    }

    @Test func everyStateChangeNeedsTheSessionsCSRFTokenAndTheRightRole() async throws {
        try await withPages { f, router in
            let app = Application(router: router)
            try await app.test(.router) { client in
                let (cookie, csrf) = try await Self.signIn(client, key: f.admin)
                var headers = Self.form
                headers[.cookie] = cookie
                let missing = try await client.execute(
                    uri: "/ui/kill-switch", method: .post, headers: headers, body: ByteBuffer(string: "state=engage&reason=drill&confirm=yes"))
                // A page's form without the token goes back to a page that says nothing was changed, not to JSON.
                #expect(missing.status == .seeOther && missing.headers[.location] == "/ui")
                #expect(missing.headers[values: .setCookie].contains { $0.hasPrefix("steward_flash=problem.") })
                let wrong = try await client.execute(
                    uri: "/ui/kill-switch", method: .post, headers: headers,
                    body: ByteBuffer(string: "state=engage&reason=drill&confirm=yes&csrf=\(String(repeating: "0", count: 64))"))
                #expect(wrong.status == .seeOther)
                #expect(try await f.spine.autonomy(tenant: "default").killSwitch.engaged == false)
                let unconfirmed = try await client.execute(
                    uri: "/ui/kill-switch", method: .post, headers: headers, body: ByteBuffer(string: "state=engage&reason=drill&csrf=\(csrf)"))
                #expect(unconfirmed.status == .seeOther)
                #expect(try await f.spine.autonomy(tenant: "default").killSwitch.engaged == false)
                let engaged = try await client.execute(
                    uri: "/ui/kill-switch", method: .post, headers: headers, body: ByteBuffer(string: "state=engage&reason=drill&confirm=yes&csrf=\(csrf)"))
                #expect(engaged.status == .seeOther)
                #expect(try await f.spine.autonomy(tenant: "default").killSwitch.engaged == true)
                let banner = try await client.execute(uri: "/ui/fleet", method: .get, headers: [.cookie: cookie])
                #expect(String(buffer: banner.body).contains("Kill switch engaged."))
                #expect(String(buffer: banner.body).contains("(by ada)"), "the banner names the person, not the key id")
                // API calls made with the cookie need the token too; bearer calls do not.
                let api = try await client.execute(
                    uri: "/v1/kill-switch", method: .post, headers: [.cookie: cookie, .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"engaged":false}"#))
                #expect(api.status == .forbidden)
                let withHeader = try await client.execute(
                    uri: "/v1/kill-switch", method: .post,
                    headers: [.cookie: cookie, .contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: csrf],
                    body: ByteBuffer(string: #"{"engaged":false}"#))
                #expect(withHeader.status == .ok)
                #expect(try await f.spine.autonomy(tenant: "default").killSwitch.engaged == false)

                let (opCookie, opCSRF) = try await Self.signIn(client, key: f.operatorKey)
                var opHeaders = Self.form
                opHeaders[.cookie] = opCookie
                // The tenant's mode is the admin's (as PUT /v1/autonomy is); the kill switch is an operator's too.
                let refused = try await client.execute(
                    uri: "/ui/autonomy", method: .post, headers: opHeaders, body: ByteBuffer(string: "mode=autopilot&csrf=\(opCSRF)"))
                #expect(refused.status == .forbidden)
                #expect(try await f.spine.autonomy(tenant: "default").mode != .autopilot)
                // One session's token does not fit another session.
                let crossed = try await client.execute(
                    uri: "/ui/kill-switch", method: .post, headers: headers, body: ByteBuffer(string: "state=release&csrf=\(opCSRF)"))
                #expect(crossed.status == .seeOther)
                #expect(crossed.headers[values: .setCookie].contains { $0.hasPrefix("steward_flash=problem.") })
            }
        }
    }

    /// The admin page sets the tenant's daily spending cap and shows today's spending; a blank
    /// cap follows steward.yaml again, and an amount that is not one changes nothing.
    @Test func theAdminPageSetsTheDailySpendingCap() async throws {
        try await withPages { f, router in
            let app = Application(router: router)
            try await app.test(.router) { client in
                let (cookie, csrf) = try await Self.signIn(client, key: f.admin)
                var headers = Self.form
                headers[.cookie] = cookie
                func post(_ body: String) async throws -> HTTPResponse.Status {
                    try await client.execute(uri: "/ui/autonomy", method: .post, headers: headers, body: ByteBuffer(string: body + "&csrf=\(csrf)")).status
                }
                #expect(try await post("mode=approve&budget=20&budgetUsd=12.50") == .seeOther)
                #expect(try await f.spine.autonomy(tenant: "default").dailyBudgetUsd == 12.5)
                let page = String(buffer: try await client.execute(uri: "/ui/admin", method: .get, headers: [.cookie: cookie]).body)
                #expect(page.contains(#"value="12.5""#))
                #expect(page.contains("Agents&#39; actions $0.00 of $12.50."))
                #expect(try await post("mode=approve&budget=20&budgetUsd=lots") == .unprocessableContent)
                #expect(try await f.spine.autonomy(tenant: "default").dailyBudgetUsd == 12.5)
                #expect(try await post("mode=approve&budget=20&budgetUsd=") == .seeOther)
                #expect(try await f.spine.autonomy(tenant: "default").dailyBudgetUsd == nil)
            }
        }
    }

    @Test func whatAgentsSendIsShownAsText() async throws {
        try await withPages { f, router in
            let app = Application(router: router)
            let ts = f.clock.now().rfc3339
            let agent = f.agent
            try await app.test(.router) { client in
                // Markup cannot come in as an agent's name (the API's naming rule refuses it), only as its text.
                let named = """
                    {"agent":"<img src=x onerror=alert(1)>","status":"healthy","lastReport":"hi",\
                    "metrics":{"successRate":0.99,"alignment":0.9,"backlogAgeMinutes":1,"costBurnRatePerHour":0.2},"ts":"\(ts)"}
                    """
                let refused = try await client.execute(
                    uri: "/v1/signals", method: .post, headers: [.authorization: "Bearer \(agent)", .contentType: "application/json"],
                    body: ByteBuffer(string: named))
                #expect(refused.status == .unprocessableContent)
                let signal = """
                    {"agent":"Xss","status":"healthy","lastReport":"<script>window.__xss=1</script><b>bold</b>",\
                    "metrics":{"successRate":0.99,"alignment":0.9,"backlogAgeMinutes":1,"costBurnRatePerHour":0.2},"ts":"\(ts)"}
                    """
                let sent = try await client.execute(
                    uri: "/v1/signals", method: .post, headers: [.authorization: "Bearer \(agent)", .contentType: "application/json"],
                    body: ByteBuffer(string: signal))
                #expect(sent.status == .accepted)
                let (cookie, _) = try await Self.signIn(client, key: f.operatorKey)
                let page = String(buffer: try await client.execute(uri: "/ui/fleet", method: .get, headers: [.cookie: cookie]).body)
                #expect(page.contains("&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"))
                #expect(!page.contains("<script>window"))
                #expect(!page.contains("<b>bold"))
                #expect(!page.contains("<img src=x"))
            }
        }
    }

    @Test func theDryRunShowsTheWholeGateTraceAndRecordsNothing() async throws {
        try await withPages { f, router in
            let app = Application(router: router)
            let before = try await f.store.head(tenant: "default")
            try await app.test(.router) { client in
                let (cookie, csrf) = try await Self.signIn(client, key: f.operatorKey)
                var headers = Self.form
                headers[.cookie] = cookie
                let tried = try await client.execute(
                    uri: "/ui/policy/try", method: .post, headers: headers,
                    body: ByteBuffer(string: "type=send_email&agent=CRO&trigger=agent&params=%7B%22to%22%3A%22a%40b.c%22%7D&csrf=\(csrf)"))
                #expect(tried.status == .ok)
                let html = String(buffer: tried.body)
                #expect(html.contains("REQUIRE_APPROVAL"))
                #expect(html.contains("Gate trace"))
                #expect(html.contains("kill_switch"))
                let bad = try await client.execute(
                    uri: "/ui/policy/try", method: .post, headers: headers, body: ByteBuffer(string: "type=nope&agent=CRO&params=%5B1%5D&csrf=\(csrf)"))
                #expect(bad.status == .unprocessableContent)
                let text = String(buffer: bad.body)
                #expect(text.contains("params: must be a JSON object"))
                // A name given twice is refused, as the API refuses it, not read as its last value.
                let twice = try await client.execute(
                    uri: "/ui/policy/try", method: .post, headers: headers,
                    body: ByteBuffer(string: "type=send_email&agent=CRO&params=%7B%22to%22%3A%22a%40b.c%22%2C%22to%22%3A%22x%40y.z%22%7D&csrf=\(csrf)"))
                #expect(twice.status == .unprocessableContent && String(buffer: twice.body).contains("naming each field once"))
            }
            #expect(try await f.store.head(tenant: "default") == before)
        }
    }
}
