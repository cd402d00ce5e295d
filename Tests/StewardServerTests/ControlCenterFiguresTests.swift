import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardTestSupport

/// Figures that say what they are: no success rate where nothing ran, lists that say they are cut
/// short, and an admin form that names every bad field and confirms what it changed.
@Suite("Control Center figures")
struct ControlCenterFiguresTests {
    /// A tenant without commands: every day of the success chart has no value (no dot, "no
    /// commands" in its table), and the API says `null`, not 0.
    @Test func daysWithoutCommandsHaveNoSuccessRate() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let page = try await otto.get(client, "/ui/governance").html
            #expect(!page.contains(": 0%</title>"))
            #expect(page.contains("<td>no commands</td>"))
            #expect(page.contains("A day without a point had no commands."))
            let from = f.clock.now().adding(milliseconds: -86_400_000).rfc3339, to = f.clock.now().rfc3339
            let metrics = try await client.execute(
                uri: "/v1/governance/metrics?from=\(from)&to=\(to)", method: .get, headers: [.authorization: "Bearer \(f.operatorKey)"])
            let body = String(buffer: metrics.body)
            #expect(metrics.status == .ok, "\(body)")
            #expect(body.contains(#""successRate":null"#), "\(body)")
        }
    }

    /// A line with gaps: only the days with a value are joined, and only they get a dot.
    @Test func aChartBreaksItsLineAtAMissingDay() {
        let values: [(String, Double?)] = [("a", 1.0), ("b", nil), ("c", 0.5), ("d", 0.25)]
        let points = values.map { SVGChart.Point(label: $0.0, value: $0.1) }
        let chart = SVGChart(title: "t", points: points, format: { "\($0)" }, ceiling: 1)
        #expect(chart.runs == [[0], [2, 3]])
        #expect(chart.svg.components(separatedBy: "<polyline").count - 1 == 1)
        #expect(chart.svg.components(separatedBy: "<circle").count - 1 == 3)
    }

    /// A chart of counts reads whole numbers on its axis: 0, 1, 2 when every day is 0 (not 0, 0, 0),
    /// and an even top so the middle line is whole too.
    @Test func aChartOfCountsHasAWholeNumberAxis() {
        func labels(_ values: [Double]) -> [String] {
            let points = values.enumerated().map { SVGChart.Point(label: "d\($0.offset)", value: $0.element) }
            let svg = SVGChart(title: "t", points: points, format: { String(format: "%.0f", $0) }, ceiling: nil, counts: true).svg
            return svg.components(separatedBy: "text-anchor=\"end\">").dropFirst().prefix(3).map { String($0.prefix { $0 != "<" }) }
        }
        #expect(labels([0, 0, 0]) == ["0", "1", "2"])
        #expect(labels([0, 3, 1]) == ["0", "2", "4"])
        #expect(labels([0, 6, 1]) == ["0", "3", "6"])
    }

    /// "What should I do next?" lists 20 and says how many wait, with the way to the rest.
    @Test func aFeedListCutShortSaysSo() async throws {
        try await PagesFixture.run { f, client in
            for n in 0..<25 { _ = try await f.propose("send_email", account: "acct-\(n)") }
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let feed = try await otto.get(client, "/ui/feed").html
            #expect(feed.contains("Showing the 20 most valuable of 25 waiting."))
            #expect(feed.contains(#"<a href="/ui/inbox">See them all in the inbox</a>"#))
        }
    }

    /// Every bad field is named at once, the form comes back as typed with each bad field marked;
    /// a change of the budget alone is confirmed as that.
    @Test func theTenantFormNamesEveryBadFieldAndConfirmsABudgetChange() async throws {
        try await PagesFixture.run { f, client in
            let ada = try await SignedIn.of(client, key: f.admin)
            let refused = try await ada.post(client, "/ui/autonomy", "mode=yolo&budget=abc&budgetUsd=-1")
            #expect(refused.status == .unprocessableContent)
            let bad = String(buffer: refused.body)
            #expect(bad.contains("Nothing was changed. Mode: choose one of"))
            #expect(bad.contains("Autonomous actions per account per day: must be a whole number"))
            #expect(bad.contains("Daily spending cap: must be a number of US dollars"))
            #expect(bad.contains(#"<input id="budget" name="budget" inputmode="numeric" value="abc" aria-invalid="true" aria-describedby="budget-error">"#))
            #expect(bad.contains(#"value="-1" placeholder="#) && bad.contains(#"id="budget-usd-error""#))
            #expect(bad.contains(#"<select id="mode" name="mode" aria-invalid="true""#))
            let mode = try await f.spine.autonomy(tenant: "default")
            let saved = try await ada.follow(
                client, try await ada.post(client, "/ui/autonomy", "mode=\(mode.mode.rawValue)&budget=\(mode.accountDailyActions + 1)&budgetUsd="))
            #expect(saved.contains(
                "Saved: autonomous actions per account per day are now \(mode.accountDailyActions + 1) (were \(mode.accountDailyActions)); "
                    + "the mode is still \(mode.mode.rawValue)."))
        }
    }
}
