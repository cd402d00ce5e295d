import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
import StewardServer
import StewardTestSupport

/// Times on the pages: each a `<time datetime>` element with its UTC text, which the pages'
/// script turns into the viewer's local time; never a bare RFC 3339 string.
@Suite("Control Center times")
struct ControlCenterTimeTests {
    /// `<time>` for the fixture clock's start plus `seconds`.
    static func time(_ seconds: Int) -> String {
        let ts = TestClock().now().adding(seconds: Double(seconds))
        let utc = "\(ts.rfc3339.prefix(10)) \(ts.rfc3339.dropFirst(11).prefix(8)) UTC"
        return "<time datetime=\"\(ts.rfc3339)\" title=\"\(utc)\">\(utc)</time>"
    }

    /// RFC 3339 times in the page's text that are not a `<time>` element's `datetime`.
    static func bareTimes(_ html: String) -> [String] {
        let pattern = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/
        return html.matches(of: pattern).compactMap { match in
            html[..<match.range.lowerBound].hasSuffix("datetime=\"") ? nil : String(match.output.0)
        }
    }

    @Test func everyTimeIsATimeElementWithItsUTCText() async throws {
        try await PagesFixture.run(ControlCenterGovernanceTests.autopilot) { f, client in
            f.clock.advance(seconds: 60)
            let waiting = try await f.propose("send_email", account: "globex")
            #expect(waiting.status == .pendingApproval)
            f.clock.advance(seconds: 60)
            #expect(try await f.propose("create_internal_note", params: ["text": "ran", "percent": 0]).status == .dispatched)
            f.clock.advance(seconds: 60)
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            #expect(try await otto.post(client, "/ui/kill-switch", "state=engage&reason=drill&confirm=yes").status == .seeOther)

            let inbox = try await otto.get(client, "/ui/inbox").html
            // Approvals of send_email expire after a day.
            #expect(inbox.contains("proposed \(Self.time(60)) · expires \(Self.time(60 + 86_400))</p>"))
            #expect(try await otto.get(client, "/ui/feed").html.contains("<li>\(Self.time(120)) <strong>Create internal note for CRO</strong>"))
            #expect(try await otto.get(client, "/ui/admin").html.contains("<strong>Engaged</strong> since \(Self.time(180)) by otto"))
            let ledger = try await otto.get(client, "/ui/ledger").html
            #expect(ledger.contains("<td class=\"when\" data-label=\"Time\">\(Self.time(180))</td>"))
            for path in ["/ui/fleet", "/ui/inbox", "/ui/feed", "/ui/governance", "/ui/admin"] {
                #expect(Self.bareTimes(try await otto.get(client, path).html) == [], "\(path)")
            }
            // The script that shows them in local time is served with every page.
            let script = String(buffer: try await client.execute(uri: "/ui/assets/app.js", method: .get, headers: [.cookie: otto.cookie]).body)
            #expect(script.contains("document.querySelectorAll(\"time[datetime]\")") && script.contains("setInterval(localTimes, 15000)"))
        }
    }
}
