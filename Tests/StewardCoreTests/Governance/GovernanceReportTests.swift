import Testing
@testable import StewardCore

@Suite struct GovernanceReportTests {
    typealias F = GovernanceFixtures

    /// The tally fixture's shape, with a hostile agent name and a critical incident attributed to it.
    static let hostile = "<script>alert('x')</script>"
    static let metrics = F.tally([
        F.decision("a1", type: "crm.note", agent: hostile, outcome: "AUTO_EXECUTE", minute: 0),
        F.executed("a1", type: "crm.note", agent: hostile, ok: true, autonomous: true, minute: 1),
        F.decision("a2", type: "crm.note", agent: hostile, outcome: "AUTO_EXECUTE", minute: 2),
        F.executed("a2", type: "crm.note", agent: hostile, ok: false, autonomous: true, minute: 3),
        F.incident("inc1", agent: hostile, severity: "critical", minute: 15),
    ])

    static var report: GovernanceReport {
        let facts = ReadinessFacts(
            metrics: metrics, firstActionAt: F.at(days: -200), breakersConfigured: 4, breakersEnabled: 4,
            monitoringOperational: true, lastKillSwitchDrill: F.at(days: 2), chaosDrillsPassing: true,
            lastChaosDrill: F.at(days: 1), evalCoverage: 0.95)
        return GovernanceReport(
            id: "gov_1", tenant: "acme & co", generatedAt: F.now, period: F.week, level: .l3, metrics: metrics,
            readiness: F.assess(facts), breakers: [BreakerSummary(name: "High Error Rate", state: "open", trips: 2)])
    }

    @Test func markdownCarriesTheFiguresAndEscapes() {
        let md = Self.report.markdown()
        #expect(md.hasPrefix("# Autonomy governance report — acme &amp; co\n"))
        // 1 of 2 executions succeeded; 2 proposals, both approved by policy.
        #expect(md.contains("| Success rate | 50.00% |"))
        #expect(md.contains("| Approval rate | 100.00% |"))
        #expect(md.contains("| Incidents from autonomous actions | 1 |"))
        #expect(md.contains("| crm.note | 2 | 2 | 1 | 1 | 0 | 50.00% |"))
        #expect(md.contains("| High Error Rate | open | 2 |"))
        // Success 50%, critical incident: two required items fail, and the advice is to roll back.
        #expect(md.contains("Blockers: Command success rate >99.5%, Zero critical incidents from commands."))
        #expect(md.contains("- rollback (high): Roll back: 1 critical incident attributed to autonomous actions in the period."))
        #expect(md.contains("- [ ] Raise the command success rate above 99.5%: success rate 50.00% over 2 executions"))
        #expect(md.contains("on agent &lt;script>alert('x')&lt;/script> opened 12 minutes after the autonomous action a2"))
        #expect(!md.contains("<script>"))
    }

    /// QA r7 audit M2: a type none of whose actions finished read "0.00%", as if all had failed.
    @Test func aTypeWithNothingFinishedHasNoSuccessRate() {
        let metrics = F.tally([F.decision("w1", type: "draft_email", agent: "CMO", outcome: "REQUIRE_APPROVAL", minute: 0)])
        let report = GovernanceReport(
            id: "gov_2", tenant: "acme", generatedAt: F.now, period: F.week, level: .l3, metrics: metrics,
            readiness: Self.report.readiness, breakers: [])
        #expect(report.markdown().contains("| draft_email | 1 | 0 | 0 | 0 | 0 | none finished |"))
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        let html = Self.report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Autonomy governance report — acme &amp; co</title>"))
        #expect(html.contains("<tr><td>Success rate</td><td>50.00%</td></tr>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("src="))
        #expect(html.contains("<h3>Technical: 25 of 35 points</h3>"))  // 35 − 5 (success) − 5 (critical)
        #expect(html.contains("<td class=\"FAIL\">FAIL</td>"))
    }

    @Test func jsonRoundTrips() throws {
        let report = Self.report
        let json = try report.json()
        #expect(json.contains("\"currentPhase\":\"L3\""))
        #expect(json.contains("\"generatedAt\":\"2026-11-09T00:00:00.000Z\""))
        let decoded = try JSONValueDecoder.decode(GovernanceReport.self, from: JSONReader.parse(json))
        #expect(decoded == report)
    }

    @Test func incidentReportTemplate() throws {
        let attribution = try #require(Self.metrics.attributions.first)
        let md = IncidentReportTemplate.markdown(
            attribution: attribution, tenant: "acme", draftedAt: F.at(minutes: 30),
            breakerSteps: [.init(at: F.at(minutes: 15), breaker: "Critical Incident Detected", effect: "reverted the tenant to L3")])
        #expect(md.hasPrefix("# Incident report: inc1 (critical)\n"))
        #expect(md.contains("""
            | 2026-11-02T00:03:00.000Z | Autonomous action a2 (crm.note) executed on agent &lt;script>alert('x')&lt;/script> |
            | 2026-11-02T00:15:00.000Z | Incident inc1 opened on agent &lt;script>alert('x')&lt;/script>, 12 minutes later |
            | 2026-11-02T00:15:00.000Z | Breaker Critical Incident Detected reverted the tenant to L3 |
            """))
        #expect(md.contains("- 2026-11-02T00:15:00.000Z: Critical Incident Detected reverted the tenant to L3"))
        #expect(md.contains("_To be completed._ Accounts affected"))
        #expect(md.contains("- [ ] Decide whether crm.note stays in the autopilot scope"))
        #expect(!md.contains("<script>"))
    }
}
