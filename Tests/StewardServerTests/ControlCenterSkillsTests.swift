import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
import StewardServer
import StewardTestSupport

/// The Skills page and the words of a skill's hold: a hold is named as what it is (no breaker
/// that Governance or `GET /v1/breakers` cannot find), and the page shows what the API answers.
@Suite("Control Center skills, quotas and alerts")
struct ControlCenterSkillsTests {
    /// Autopilot (so only the hold keeps a note from running) and a small openai quota.
    static let quota: StewardConfiguration = {
        var c = ControlCenterGovernanceTests.autopilot
        c.telemetry.quotas = [ProviderQuota(provider: "openai", dailyLimit: 10_000), ProviderQuota(provider: "github", dailyLimit: 100)]
        c.telemetry.routing.skills = [SkillStrategies(skill: "classify", strategies: [
            RoutingStrategy(name: "small", expected: .init(successRate: 0.98, costUSD: 0.001, latencyMs: 500)),
        ])]
        return c
    }()

    /// `count` executions of `skill` on openai, 300 tokens each, posted by the agent's key.
    static func execute(_ f: PagesFixture, _ client: any TestClientProtocol, skill: String, count: Int, from first: Int = 0) async throws {
        let start = f.clock.now()
        let records = (first..<first + count).map { i -> JSONValue in
            [
                "execution_id": .string("run-\(skill)-\(i)"), "skill_name": .string(skill), "skill_version": "1.0",
                "timestamp_start": .string(start.rfc3339), "timestamp_end": .string(start.adding(milliseconds: 100).rfc3339),
                "execution_succeeded": true, "total_latency_ms": 100, "tokens_input": 300, "provider": "openai", "model": "gpt-4o",
                "cost_usd": 0.001,
            ]
        }
        let body = try CanonicalJSON.encode(JSONValue.array(records))
        let response = try await client.execute(
            uri: "/v1/executions", method: .post, headers: [.authorization: "Bearer \(f.agent)", .contentType: "application/json"],
            body: ByteBuffer(bytes: body))
        #expect(response.status == .accepted, "\(String(buffer: response.body))")
    }

    /// The API's answer to `path`, read with the operator's key.
    static func api(_ f: PagesFixture, _ client: any TestClientProtocol, _ path: String) async throws -> JSONValue {
        let response = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(f.operatorKey)"])
        #expect(response.status == .ok)
        return try JSONReader.parse(Array(response.body.readableBytesView))
    }

    /// The first item of a JSON array.
    static func first(_ value: JSONValue?) -> JSONValue? {
        guard case .array(let items)? = value else { return nil }
        return items.first
    }

    /// An action held by a skill's hold says so, with the hold's cause, in its decision, its trace
    /// and its inbox card; no breaker by that name is claimed to be open.
    @Test func anActionHeldByASkillHoldNamesTheHold() async throws {
        try await PagesFixture.run(Self.quota) { f, client in
            try await Self.execute(f, client, skill: "classify", count: 40)
            let skill = try await Self.api(f, client, "/v1/skills/classify")
            #expect(skill["held"] == .bool(true) && Self.first(skill["holds"])?["cause"] == .string("quota:openai"))
            // An agent following its route learns of the pause too (QA optimize F12).
            let route = try await Self.api(f, client, "/v1/route?skill=classify&key=job-1")
            #expect(route["strategy"] == "small" && route["held"] == .bool(true) && Self.first(route["holds"])?["cause"] == .string("quota:openai"))
            let held = try await f.propose("create_internal_note", params: ["skill": "classify", "text": "x"])
            let decision = held.decision
            #expect(held.status == .pendingApproval)
            #expect(decision.reason == "SKILL_HELD" && decision.policyClause == "skills.classify.holds", "\(decision.reason)")
            #expect(decision.explanation.hasPrefix("Skill 'classify' is held: the openai free-tier quota is exhausted (12000 of 10000 tokens)"))
            #expect(decision.explanation.contains("cause quota:openai") && decision.explanation.contains("see GET /v1/skills/classify"))
            #expect(!decision.explanation.contains("circuit breaker"))
            let check = try #require(decision.checks.first { $0.name == .breakers })
            #expect(check.reason == "SKILL_HELD" && decision.explanation.hasPrefix(check.detail) && check.clause == decision.policyClause, "\(decision.explanation)")

            let otto = try await SignedIn.of(client, key: f.operatorKey)
            var inbox = try await otto.get(client, "/ui/inbox").html
            #expect(inbox.contains("Skill &#39;classify&#39; is held: the openai free-tier quota is exhausted"))
            #expect(inbox.contains("Skill &#39;classify&#39; is still held (quota:openai since "))
            let cleared = try await otto.post(client, "/ui/skills/classify/clear", "cause=quota%3Aopenai&reason=limit+raised")
            #expect(try await otto.follow(client, cleared).contains("Cleared the hold on classify (quota:openai)."))
            #expect(try await Self.api(f, client, "/v1/skills/classify")["held"] == .bool(false))
            inbox = try await otto.get(client, "/ui/inbox").html
            #expect(inbox.contains("Held while skill &#39;classify&#39; was held; that hold has since ended."))
        }
    }

    /// The page lists each skill with its providers and holds, the quotas as `GET /v1/quotas`
    /// answers, and the alerts of `GET /v1/alerts`, escaping what agents sent.
    @Test func theSkillsPageShowsWhatTheAPIAnswers() async throws {
        try await PagesFixture.run(Self.quota) { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            var page = try await otto.get(client, "/ui/skills")
            #expect(page.status == .ok && page.html.contains(#"<a href="/ui/skills" aria-current="page">Skills</a>"#))
            #expect(page.html.contains("No skill known yet") && page.html.contains("No alert has been raised.") && page.html.contains("No silence is active."))
            try await Self.execute(f, client, skill: "<i>odd</i>", count: 1)
            try await Self.execute(f, client, skill: "classify", count: 40)
            page = try await otto.get(client, "/ui/skills")
            #expect(page.html.contains("&lt;i&gt;odd&lt;/i&gt;") && !page.html.contains("<i>odd</i>"))
            let quota = try #require(Self.first(try await Self.api(f, client, "/v1/quotas")["quotas"]))
            let used = try #require(quota["usedToday"]?.doubleValue), limit = try #require(quota["dailyLimit"]?.doubleValue)
            // As the API answers it, to two decimals (QA r7 alerts L5: the page rounded to one).
            let percent = Percent.text(try #require(quota["pctUsed"]?.doubleValue))
            #expect(page.html.contains("\(Int(used)) of \(Int(limit)) tokens (\(percent)%)"), "\(used) \(limit) \(percent)")
            #expect(page.html.contains(#"<span class="badge badge-escalated">RED</span> <strong>exhausted</strong>"#))
            // A quota nobody used today names no skill (QA optimize F4: it showed the page's skill list).
            let github = try #require(page.html.range(of: #"<tr id="quota-github">"#)).upperBound
            let unused = String(page.html[github...].prefix(600))
            let cells = unused.components(separatedBy: "</tr>").first ?? ""
            #expect(cells.contains(#"<span class="meta">none</span>"#) && !cells.contains("classify"), "\(cells)")
            let row = try #require(page.html.range(of: #"<tr id="skill-classify">"#)).upperBound
            let classify = String(page.html[row...].prefix(1500))
            #expect(classify.contains("<td>openai</td>") && classify.contains("<code>quota:openai</code> since"))
            #expect(classify.contains(#"action="/ui/skills/classify/clear""#) && classify.contains(#"name="cause" value="quota:openai""#))
            guard case .array(let raised)? = try await Self.api(f, client, "/v1/alerts")["alerts"] else { Issue.record("no alerts"); return }
            #expect(raised.contains { $0["rule"] == .string("quota-exhausted") })
            for alert in raised {
                let seq = try #require(alert["seq"]?.doubleValue)
                #expect(page.html.contains("id=\"alert-\(Int(seq))\""))
                #expect(page.html.contains(HTMLText.escape(alert["summary"]?.stringValue ?? "?")))
            }
        }
    }

    /// Operators create and end silences from the page, with the API's checks; an auditor reads
    /// the page without its forms and is refused if one is posted; a form without its token changes nothing.
    @Test func silencesAreMadeAndEndedByOperatorsOnly() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            // Refused: the page again (422) with the form as typed (QA console r3 4), nothing stored.
            let refusedAnswer = try await otto.post(client, "/ui/silences", "rule=&skill=&reason=keep%20this%20%3Cnote%3E&lasts=4h")
            #expect(refusedAnswer.status == .unprocessableContent)
            let refused = String(buffer: refusedAnswer.body)
            #expect(refused.contains("The silence was not created: The silence must name a rule, a skill, a provider or several"))
            #expect(refused.contains("value=\"keep this &lt;note&gt;\"") && refused.contains("<option value=\"4h\" selected>"), "\(refused)")
            #expect(try await Self.api(f, client, "/v1/silences")["silences"] == .array([]))
            let noToken = try await client.execute(
                uri: "/ui/silences", method: .post, headers: [.cookie: otto.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "rule=success-rate&reason=x&lasts=1d"))
            #expect(noToken.status == .seeOther)
            #expect(try await Self.api(f, client, "/v1/silences")["silences"] == .array([]))

            let made = try await otto.follow(client, try await otto.post(client, "/ui/silences", "rule=success-rate&skill=deploy&reason=maintenance&lasts=4h"))
            #expect(made.contains("rule success-rate for skill deploy until "))
            let silence = try #require(Self.first(try await Self.api(f, client, "/v1/silences?active=true")["silences"]))
            let id = try #require(silence["id"]?.stringValue)
            #expect(silence["expiresAt"] == .string(f.clock.now().adding(milliseconds: 4 * 3_600_000).rfc3339))
            var page = try await otto.get(client, "/ui/skills").html
            #expect(page.contains("id=\"silence-\(id)\"") && page.contains("aria-label=\"End silence \(id)\""))
            // Its maker by name, as the kill switch's banner says it, not a key id (QA console r3).
            #expect(page.contains("by otto") && !page.contains("by key:"), "\(page)")

            let audrey = try await SignedIn.of(client, key: f.auditor)
            let read = try await audrey.get(client, "/ui/skills")
            #expect(read.status == .ok && read.html.contains("id=\"silence-\(id)\""))
            #expect(!read.html.contains("action=\"/ui/silences") && !read.html.contains("Create a silence"))
            #expect(try await audrey.post(client, "/ui/silences/\(id)/end", "").status == .forbidden)
            #expect(Self.first(try await Self.api(f, client, "/v1/silences?active=true")["silences"])?["id"] == .string(id))

            let ended = try await otto.follow(client, try await otto.post(client, "/ui/silences/\(id)/end", ""))
            #expect(ended.contains("Silence \(id) ended: matching alerts page again."))
            #expect(try await Self.api(f, client, "/v1/silences?active=true")["silences"] == .array([]))
            let again = try await otto.follow(client, try await otto.post(client, "/ui/silences/\(id)/end", ""))
            #expect(again.contains("Silence \(id) had already ended at ") && again.contains("(by otto)"))
            page = try await otto.get(client, "/ui/skills").html
            #expect(!page.contains("id=\"silence-\(id)\""))
            // One vendor's maintenance window: every rule, that provider only.
            let vendor = try await otto.follow(client, try await otto.post(client, "/ui/silences", "rule=&skill=&provider=openai&reason=vendor+work&lasts=1h"))
            #expect(vendor.contains("every rule on provider openai until "), "\(vendor)")
        }
    }
}

/// Text as the templates escape it.
enum HTMLText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
