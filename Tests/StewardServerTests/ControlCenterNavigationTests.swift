import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardTestSupport

/// Every address under /ui leads to a page: no API JSON for a page that is not there, agents of
/// any allowed name open, reports stay inside the Control Center, and no link points nowhere.
@Suite("Control Center navigation")
struct ControlCenterNavigationTests {
    /// `/ui/agents/` and a GET of a form's address are "Page not found" pages, not the API's JSON.
    @Test func unknownPageAddressesAnswerWithThePage() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            for path in ["/ui/agents/", "/ui/agents", "/ui/actions/act_1/approve", "/ui/nope/deeper"] {
                let response = try await client.execute(uri: path, method: .get, headers: [.cookie: otto.cookie])
                #expect(response.status == .notFound, "\(path)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(String(buffer: response.body).contains("<h1>Page not found</h1>"), "\(path)")
            }
            // The API keeps its problem documents.
            let api = try await client.execute(uri: "/v1/nope", method: .get, headers: [.authorization: "Bearer \(f.operatorKey)"])
            #expect(api.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
    }

    /// Agents named `.` and `..` are refused by the API (a name starts with a letter or digit), so no
    /// page link can turn into a path segment; a dotted name inside opens its page.
    @Test func agentsNamedWithDotsOpenTheirPagesAndDotsAloneAreRefused() async throws {
        try await PagesFixture.run { f, client in
            for (name, status) in [(".", HTTPResponse.Status.unprocessableContent), ("..", .unprocessableContent), ("a.b", .accepted)] {
                let signal = #"{"agent":"\#(name)","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"\#(f.clock.now().rfc3339)"}"#
                let sent = try await client.execute(
                    uri: "/v1/signals", method: .post, headers: [.authorization: "Bearer \(f.agent)", .contentType: "application/json"],
                    body: ByteBuffer(string: signal))
                #expect(sent.status == status, "\(name)")
            }
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let fleet = try await otto.get(client, "/ui/fleet").html
            #expect(!fleet.contains(#"href="/ui/agents?name=%2E""#))
            #expect(fleet.contains(#"href="/ui/agents/a.b""#))
            let page = try await otto.get(client, "/ui/agents/a.b")
            #expect(page.status == .ok && page.html.contains(#"data-agent="a.b""#))
        }
    }

    /// The sign-in page names every role it lets in, auditors included, from the roles it accepts.
    @Test func signInNamesTheRolesThatMaySignIn() async throws {
        try await PagesFixture.run { f, client in
            let page = String(buffer: try await client.execute(uri: "/ui/sign-in", method: .get).body)
            #expect(page.contains("Sign in with an auditor, operator or admin API key"))
            _ = try await SignedIn.of(client, key: f.auditor)
        }
    }

    /// A weekly report opens inside the Control Center, with its headers and a way back; the API's
    /// HTML answer carries a policy that lets no script run.
    @Test func aWeeklyReportOpensInsideTheControlCenter() async throws {
        try await PagesFixture.run { f, client in
            let report = try await f.governance.runCycle(tenant: "default", actor: "test").report
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            #expect(try await otto.get(client, "/ui/governance").html.contains(#"<a href="/ui/reports/\#(report.id)">"#))
            let response = try await client.execute(uri: "/ui/reports/\(report.id)", method: .get, headers: [.cookie: otto.cookie])
            #expect(response.status == .ok)
            #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            let html = String(buffer: response.body)
            #expect(html.contains(#"<a href="/ui/governance#reports-h" id="back-to-governance">"#))
            #expect(html.contains(report.htmlBody()))
            let api = try await client.execute(
                uri: "/v1/governance/reports/\(report.id)?format=html", method: .get, headers: [.authorization: "Bearer \(f.operatorKey)"])
            #expect(api.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(api.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }

    /// With a filter that cannot be read there is no download link that leads nowhere: the page says why.
    @Test func aBadLedgerFilterOffersNoEmptyDownloadLinks() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let bad = try await otto.get(client, "/ui/ledger?from=yesterday").html
            #expect(!bad.contains(#"href="""#) && !bad.contains("id=\"export-jsonl\""))
            #expect(bad.contains("No download while a filter cannot be read"))
            let good = try await otto.get(client, "/ui/ledger").html
            #expect(good.contains("id=\"export-jsonl\"") && !good.contains("export-unavailable"))
        }
    }
}
