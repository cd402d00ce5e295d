import Testing
@testable import StewardCore

@Suite struct BreakerBoardTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_793_577_600_000)
    static let rules = try! CompiledBreakerRules(BreakerRule.seedRules)

    @Test func errorRateTripsOnlyOnceTheMinimumNumberOfCallsIsReached() {
        var board = BreakerBoard(rules: Self.rules)
        for i in 0..<8 { board.record(.succeeded(type: "sync"), at: Self.t0.adding(seconds: Double(i))) }
        board.record(.failed(type: "sync"), at: Self.t0.adding(seconds: 8))
        // 1 failure in 9 calls: below the minimum of 10, the rate reads 0.
        #expect(board.findings(for: "sync", at: Self.t0.adding(seconds: 8)).isEmpty)
        board.record(.failed(type: "sync"), at: Self.t0.adding(seconds: 9))
        let found = board.findings(for: "sync", at: Self.t0.adding(seconds: 9))
        #expect(found.map(\.breakerID) == ["high-error-rate"])
        #expect(found.first?.variables.errorRate == 0.2)
    }

    @Test func repeatedFailuresPauseOnlyTheirType() {
        var board = BreakerBoard(rules: Self.rules)
        for i in 0..<3 { board.record(.failed(type: "send_email"), at: Self.t0.adding(seconds: Double(i))) }
        let ids = board.findings(for: "send_email", at: Self.t0.adding(seconds: 3)).map(\.breakerID)
        #expect(ids == ["repeated-command-failures:send_email"])
        #expect(board.findings(for: "sync", at: Self.t0.adding(seconds: 3)).isEmpty)
    }

    @Test func eventsLeaveTheWindowAfterItsLength() {
        var board = BreakerBoard(rules: Self.rules)
        for i in 0..<3 { board.record(.failed(type: "send_email"), at: Self.t0.adding(seconds: Double(i))) }
        // Five minutes and a bucket later the failures are out of the 5m window.
        #expect(board.findings(for: "send_email", at: Self.t0.adding(seconds: 310)).isEmpty)
    }

    @Test func aCriticalIncidentTripsWithinItsMinute() {
        var board = BreakerBoard(rules: Self.rules)
        board.record(.incident(.high), at: Self.t0)
        #expect(board.findings(for: nil, at: Self.t0).isEmpty)
        board.record(.incident(.critical), at: Self.t0.adding(seconds: 1))
        #expect(board.findings(for: nil, at: Self.t0.adding(seconds: 1)).map(\.breakerID) == ["critical-incident-detected"])
        #expect(board.findings(for: nil, at: Self.t0.adding(seconds: 62)).isEmpty)
    }

    @Test func openHalfOpenProbesAndClose() throws {
        let rule = BreakerRule.seedRules[0]
        var board = BreakerBoard(rules: Self.rules)
        for i in 0..<10 { board.record(i < 5 ? .failed(type: "x") : .succeeded(type: "x"), at: Self.t0) }
        let finding = try #require(board.findings(for: "x", at: Self.t0).first { $0.rule.id == rule.id })
        let closed = BreakerStatus(rule: rule, actionType: nil, now: Self.t0)
        let open = try #require(BreakerMachine.trip(closed, finding, now: Self.t0, groupSeconds: 300))
        #expect(open.status.enforcing && open.status.holdsTenantAtL3 && open.alerts)
        #expect(BreakerMachine.tick(open.status, now: Self.t0.adding(seconds: 299)) == nil)
        let half = try #require(BreakerMachine.tick(open.status, now: Self.t0.adding(seconds: 300)))
        #expect(half.status.state == .halfOpen && half.status.enforcing)
        let failed = try #require(BreakerMachine.probe(half.status, succeeded: false, openSeconds: 300, now: Self.t0.adding(seconds: 301)))
        #expect(failed.status.state == .open && failed.kind == "breaker.reopened")
        // Each transition says why it is where it is (QA governance r3 M2: the reopen's text stuck).
        #expect(failed.status.reason == "a probe failed in half-open: open again for 300 s")
        var status = try #require(BreakerMachine.tick(failed.status, now: Self.t0.adding(seconds: 601))).status
        #expect(status.reason == "half-open after its open period: the next 3 probes decide")
        var reasons: [String] = []
        for i in 0..<3 {
            let t = try #require(BreakerMachine.probe(status, succeeded: true, openSeconds: 300, now: Self.t0.adding(seconds: 602 + Double(i))))
            status = t.status
            reasons.append(status.reason)
            #expect(t.kind == (i == 2 ? "breaker.closed" : "breaker.probe"))
        }
        #expect(reasons == ["probe 1 of 3 succeeded in half-open", "probe 2 of 3 succeeded in half-open", "closed after 3 probes succeeded in half-open"])
        #expect(status.state == .closed && !status.enforcing)
    }

    /// Closing starts a breaker afresh, as resilience4j drops its metrics: the failures that
    /// tripped it no longer count, only outcomes from the bucket after the close on.
    @Test func aFreshStartCountsOnlyLaterOutcomes() throws {
        var board = BreakerBoard(rules: Self.rules)
        for i in 0..<10 { board.record(.failed(type: "x"), at: Self.t0.adding(seconds: Double(i))) }
        let reset = try #require(BreakerMachine.command(
            BreakerStatus(rule: BreakerRule.seedRules[0], actionType: nil, now: Self.t0), .forceOpen, by: "ana", reason: nil, now: Self.t0))
        let closed = try #require(BreakerMachine.command(reset.status, .reset, by: "ana", reason: nil, now: Self.t0.adding(seconds: 20)))
        #expect(closed.status.countsFrom == Self.t0.adding(seconds: 20))
        let since: (String) -> Timestamp? = { $0 == "high-error-rate" ? closed.status.countsFrom : nil }
        board.record(.failed(type: "x"), at: Self.t0.adding(seconds: 30))
        let at30 = Self.t0.adding(seconds: 30)
        // Without the fresh start the window holds 11 failures and trips; with it, one call is below the minimum.
        #expect(board.findings(for: "x", at: at30).contains { $0.breakerID == "high-error-rate" })
        #expect(!board.findings(for: "x", at: at30, since: since).contains { $0.breakerID == "high-error-rate" })
        #expect(board.variables(BreakerRule.seedRules[0], type: "x", at: at30, since: closed.status.countsFrom).tenant.calls == 1)
        // Ten new calls with failures trip it again.
        for i in 0..<9 { board.record(i < 2 ? .failed(type: "x") : .succeeded(type: "x"), at: Self.t0.adding(seconds: 31 + Double(i))) }
        #expect(board.findings(for: "x", at: Self.t0.adding(seconds: 40), since: since).contains { $0.breakerID == "high-error-rate" })
    }

    /// QA ops F14: after a command the reason says who did what, and no stale probe time is left.
    @Test func aCommandSaysWhoDidWhatAndLeavesNoProbeTime() throws {
        var status = BreakerStatus(rule: BreakerRule.seedRules[0], actionType: nil, now: Self.t0)
        status.state = .open
        status.probeAt = Self.t0.adding(seconds: 300)
        let forced = try #require(BreakerMachine.command(status, .forceOpen, by: "alice", reason: "INC-9", now: Self.t0))
        #expect(forced.status.reason == "forced open by alice: INC-9" && forced.status.probeAt == nil)
        let disabled = try #require(BreakerMachine.command(forced.status, .disable, by: "bob", reason: nil, now: Self.t0))
        #expect(disabled.status.reason == "disabled by bob")
        let enabled = try #require(BreakerMachine.command(disabled.status, .enable, by: "bob", reason: "tuned", now: Self.t0))
        #expect(enabled.status.reason == "enabled by bob: tuned" && enabled.status.state == .closed)
    }

    @Test func everyWayToCloseSetsTheFreshStart() throws {
        let rule = BreakerRule.seedRules[0]
        var status = BreakerStatus(rule: rule, actionType: nil, now: Self.t0)
        status.state = .halfOpen
        status.probesNeeded = 1
        #expect(BreakerMachine.probe(status, succeeded: true, openSeconds: 300, now: Self.t0)?.status.countsFrom == Self.t0)
        status.state = .open
        status.probeAt = Self.t0
        status.alertsOnly = true
        #expect(BreakerMachine.tick(status, now: Self.t0)?.status.countsFrom == Self.t0)
        status.state = .disabled
        #expect(BreakerMachine.command(status, .enable, by: "ana", reason: nil, now: Self.t0)?.status.countsFrom == Self.t0)
    }

    @Test func aTripWithinTheGroupIntervalDoesNotAlertAgain() throws {
        var board = BreakerBoard(rules: Self.rules)
        for _ in 0..<10 { board.record(.failed(type: "x"), at: Self.t0) }
        let finding = try #require(board.findings(for: "x", at: Self.t0).first { $0.rule.id == "high-error-rate" })
        let first = try #require(BreakerMachine.trip(BreakerStatus(rule: finding.rule, actionType: nil, now: Self.t0), finding, now: Self.t0, groupSeconds: 300))
        // Closed again by its probes (a flapping breaker): the next trip within the interval is grouped.
        var closed = first.status
        closed.state = .closed
        let again = try #require(BreakerMachine.trip(closed, finding, now: Self.t0.adding(seconds: 20), groupSeconds: 300))
        #expect(!again.alerts && again.status.groupedTrips == 1 && again.status.trips == 2)
        // QA paging M4: after a person's reset ("autonomy is restored") the next trip always alerts.
        let reset = try #require(BreakerMachine.command(first.status, .reset, by: "ana", reason: nil, now: Self.t0.adding(seconds: 10)))
        let afterReset = try #require(BreakerMachine.trip(reset.status, finding, now: Self.t0.adding(seconds: 20), groupSeconds: 300))
        #expect(afterReset.alerts && afterReset.status.groupedTrips == 0 && afterReset.status.trips == 2)
    }

    @Test func conditionsThatDoNotTypeCheckAreRefusedWithTheirRule() {
        let bad = BreakerRule(name: "Bad", condition: "errorRate > \"high\"", window: .minutes(5), action: .alertOnly, alertSeverity: .low)
        #expect(throws: RuleCompileErrors.self) { try CompiledBreakerRules([bad]) }
        #expect(WindowDuration(parsing: "5m")?.seconds == 300 && WindowDuration(parsing: "0m") == nil && WindowDuration(parsing: "5x") == nil)
    }

    @Test func incidentsAreAttributedOnlyToRecentAutonomousExecutionsOnTheSameAgent() {
        var board = BreakerBoard(rules: Self.rules, attributionMinutes: 30)
        board.executed(agent: "CRO", autonomous: false, at: Self.t0)
        #expect(!board.attributes(incidentOn: "CRO", at: Self.t0.adding(seconds: 60)))
        board.executed(agent: "CRO", autonomous: true, at: Self.t0)
        #expect(board.attributes(incidentOn: "CRO", at: Self.t0.adding(seconds: 1800)))
        #expect(!board.attributes(incidentOn: "CRO", at: Self.t0.adding(seconds: 1801)))
        #expect(!board.attributes(incidentOn: "CMO", at: Self.t0.adding(seconds: 60)))
    }

    @Test func aLatencyObjectivePausesTheSlowToolOnly() throws {
        let slo = BreakerRule(
            name: "CRM latency", condition: "commandType.latencyP95Ms > 2000", window: .minutes(15), action: .pauseCommandType,
            alertSeverity: .medium, actionTypes: ["sync_crm"])
        var board = BreakerBoard(rules: try CompiledBreakerRules([slo]))
        for i in 0..<9 { board.record(.succeeded(type: "sync_crm"), at: Self.t0.adding(seconds: Double(i)), durationMs: 3000) }
        // Nine calls are below the minimum of ten: the quantile reads 0.
        #expect(board.findings(for: "sync_crm", at: Self.t0.adding(seconds: 9)).isEmpty)
        board.record(.succeeded(type: "sync_crm"), at: Self.t0.adding(seconds: 9), durationMs: 3000)
        let found = board.findings(for: "sync_crm", at: Self.t0.adding(seconds: 9))
        #expect(found.map(\.breakerID) == ["crm-latency:sync_crm"])
        for i in 0..<10 { board.record(.succeeded(type: "draft_email"), at: Self.t0.adding(seconds: Double(i)), durationMs: 9000) }
        #expect(board.findings(for: "draft_email", at: Self.t0.adding(seconds: 10)).isEmpty)
    }

    @Test func latencyQuantilesReadTheBucketBounds() {
        var h = LatencyHistogram()
        #expect(h.quantile(0.95) == 0)
        for ms in [5, 20, 40, 80, 90, 200, 400, 800, 2000, 4000] as [Int64] { h.record(ms) }
        // Ten calls: the 95th percentile is the 10th, in the 5000 ms bucket; the median the 5th (≤ 100 ms).
        #expect(h.quantile(0.95) == 5000 && h.quantile(0.5) == 100)
        h.record(60_000)
        #expect(h.quantile(1) == 60_000)
    }
}
