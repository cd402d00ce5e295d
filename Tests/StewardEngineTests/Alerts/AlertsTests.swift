import Logging
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// Alerts and skill holds over SQLite with a test clock: one page per group under concurrent
/// raises, silences until expiry, and a fingerprint mismatch holding the skill's actions.
@Suite struct AlertsTests {
    static let a = String(repeating: "a", count: 64)
    static let b = String(repeating: "b", count: 64)

    @Test func concurrentRaisesOfOneGroupPageOnce() async throws {
        let f = try SpineFixture(prefix: "steward-alerts")
        defer { f.close() }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        let alert = Alert(rule: .fingerprintMismatch, tenant: "default", skill: "s1", summary: "x", at: f.clock.now())
        let outcomes = await withTaskGroup(of: [AlertRecord].self) { group in
            for _ in 0..<10 { group.addTask { await alerts.raise([alert]) } }
            var all: [AlertGroup.Outcome] = []
            for await records in group { all += records.map(\.outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == .paged }.count == 1)
        #expect(outcomes.filter { $0 == .folded }.count == 9)
        // After the interval (an hour by default) the next one pages with the nine repeats.
        f.clock.advance(seconds: 3_600)
        let next = await alerts.raise([Alert(rule: .fingerprintMismatch, tenant: "default", skill: "s1", summary: "x", at: f.clock.now())])
        #expect(next.map(\.outcome) == [.paged] && next.first?.repeats == 9)
        let digest = try await alerts.digest(tenant: "default")
        #expect(digest.lines.map { ($0.count, $0.paged, $0.folded) }.first.map { $0 == (11, 2, 9) } == true)
    }

    /// QA paging H3: an escalation the daily cap kept from paging is told in the daily digest
    /// (issue 4: "beyond the cap they go into the daily digest instead of paging").
    @Test func escalationsPastTheDailyCapAreInTheDigest() async throws {
        let f = try SpineFixture(prefix: "steward-alerts")
        defer { f.close() }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        var drafts: [LedgerDraft] = []
        for (n, paged) in [true, false, false].enumerated() {
            drafts.append(try LedgerDraft(
                tenant: "default", ts: f.clock.now(), kind: "escalation.raised", subject: "agent:A\(n)", actor: "steward",
                payload: ["id": .string("esc_\(n)"), "incident": .string("inc_\(n)"), "agent": .string("A\(n)"), "paged": .bool(paged),
                          "summary": .string("TIMEOUT after 2 attempts")],
                configRevision: "rev"))
        }
        _ = try await f.store.commit(StoreCommit(drafts: drafts))
        let digest = try await alerts.digest(tenant: "default")
        #expect(digest.unpagedEscalations.map(\.id) == ["esc_1", "esc_2"])
        #expect(digest.markdown.contains("## 2 escalations not paged (the daily cap was reached)"))
        #expect(digest.markdown.contains("esc_2, agent A2, incident inc_2: TIMEOUT after 2 attempts"))
        #expect(digest.json["totals"]?["unpagedEscalations"] == .int(2))
    }

    @Test func aSilenceHoldsPagesUntilItExpires() async throws {
        let f = try SpineFixture(prefix: "steward-alerts")
        defer { f.close() }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        let refused = try await alerts.silence(
            tenant: "default", id: "sil_0", rule: nil, skill: nil, reason: "", expiresAt: nil, actor: "key:op")
        guard case .failure(let problems) = refused else { Issue.record("an empty silence was accepted"); return }
        #expect(problems.problems.map(\.field) == ["matcher", "reason"])
        #expect(try await alerts.silences(tenant: "default").isEmpty)

        _ = try await alerts.silence(
            tenant: "default", id: "sil_1", rule: "success-rate", skill: nil, reason: "outage", expiresAt: f.clock.now().adding(milliseconds: 60_000),
            actor: "key:op")
        func raise() async -> [AlertGroup.Outcome] {
            await alerts.raise([Alert(rule: .successRate, tenant: "default", skill: "s1", summary: "x", at: f.clock.now())]).map(\.outcome)
        }
        #expect(await raise() == [.silenced])
        f.clock.advance(seconds: 61)
        #expect(await raise() == [.paged])
        // Ending an expired silence records who closed it; ending it again is refused as such.
        guard case .ended(let ended) = try await alerts.endSilence(tenant: "default", id: "sil_1", actor: "key:op") else {
            Issue.record("the silence did not end")
            return
        }
        #expect(ended.endedAt == f.clock.now() && ended.endedBy == "key:op")
        #expect(try await alerts.endSilence(tenant: "default", id: "sil_1", actor: "key:other") == .alreadyEnded(at: f.clock.now(), by: "key:op"))
        #expect(try await alerts.endSilence(tenant: "default", id: "sil_9", actor: "key:op") == .notFound)
        // It stays listed, inactive, with who ended it.
        let listed = try await alerts.silences(tenant: "default")
        #expect(listed.map(\.id) == ["sil_1"] && listed.first?.endedBy == "key:op" && listed.first?.isActive(at: f.clock.now()) == false)
    }

    /// A silence ended early stops silencing at once, and no silence may outlast 90 days.
    @Test func anEndedSilenceNoLongerHoldsPagesAndExpiryIsBounded() async throws {
        let f = try SpineFixture(prefix: "steward-alerts")
        defer { f.close() }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        let now = f.clock.now()
        let tooLong = try await alerts.silence(
            tenant: "default", id: "sil_0", rule: "success-rate", skill: nil, reason: "forever",
            expiresAt: now.adding(milliseconds: Silence.maximumMilliseconds + 1), actor: "key:op")
        guard case .failure(let problems) = tooLong else { Issue.record("a silence past 90 days was accepted"); return }
        #expect(problems.problems.map(\.field) == ["expiresAt"])
        #expect(problems.problems.first?.reason.contains("90 days") == true)
        _ = try await alerts.silence(
            tenant: "default", id: "sil_1", rule: "success-rate", skill: nil, reason: "outage",
            expiresAt: now.adding(milliseconds: Silence.maximumMilliseconds), actor: "key:op")
        func raise() async -> [AlertGroup.Outcome] {
            await alerts.raise([Alert(rule: .successRate, tenant: "default", skill: "s1", summary: "x", at: f.clock.now())]).map(\.outcome)
        }
        #expect(await raise() == [.silenced])
        _ = try await alerts.endSilence(tenant: "default", id: "sil_1", actor: "key:op")
        f.clock.advance(seconds: 1)
        #expect(await raise() == [.paged])
    }

    @Test func aFingerprintMismatchHoldsTheSkillsActionsUntilCleared() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot(), prefix: "steward-alerts")
        defer { f.close() }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        let telemetry = Telemetry(store: f.store, settings: TelemetrySettings(), revision: "test-rev", clock: f.clock, logger: Logger(label: "test"), alerts: alerts)
        _ = try await telemetry.registerFingerprint(tenant: "default", skill: "deploy", sha256: Self.a, version: "1", actor: "key:agent", clearingHold: false)
        let params: JSONValue = ["skill": "deploy"]
        #expect(try await f.propose("create_internal_note", params: params).decision.outcome == .autoExecute)

        let start = f.clock.now().adding(milliseconds: -1_000)
        let receipt = try await telemetry.ingest([[
            "execution_id": "e1", "skill_name": "deploy", "skill_version": "1", "timestamp_start": .string(start.rfc3339),
            "timestamp_end": .string(start.adding(milliseconds: 10).rfc3339), "execution_succeeded": true, "total_latency_ms": 10,
            "skill_fingerprint": .string(Self.b),
        ]], tenant: "default", actor: "key:agent")
        #expect(receipt.fingerprintMismatches.map(\.skill) == ["deploy"])
        let state = try await telemetry.skillState(tenant: "default", skill: "deploy")
        #expect(state.holds.map(\.cause) == ["fingerprint"])

        let held = try await f.propose("create_internal_note", params: params)
        #expect(held.decision.outcome == .requireApproval && held.decision.policyClause == "skills.deploy.holds")
        #expect(held.decision.reason == "SKILL_HELD" && held.decision.explanation.hasPrefix("Skill 'deploy' is held: skill deploy reported fingerprint "))
        #expect(try await f.propose("create_internal_note", params: ["skill": "other"]).decision.outcome == .autoExecute)

        // An agent's registration does not lift the hold; only a person's does (or a clearance).
        _ = try await telemetry.registerFingerprint(tenant: "default", skill: "deploy", sha256: Self.b, version: "2", actor: "key:agent", clearingHold: false)
        #expect(try await telemetry.skillState(tenant: "default", skill: "deploy").holds.map(\.cause) == ["fingerprint"])
        let cleared = try await telemetry.clearHolds(tenant: "default", skill: "deploy", cause: nil, reason: "reviewed", actor: "key:op")
        #expect(cleared.map(\.cause) == ["fingerprint"])
        #expect(try await f.propose("create_internal_note", params: params).decision.outcome == .autoExecute)
        let raised = try await alerts.digest(tenant: "default")
        #expect(raised.lines.map(\.rule) == ["fingerprint-mismatch"])
    }
    /// Alertmanager's "resolved" for quotas: a paged critical or exhausted quota alert is told its
    /// end once the quota day begins again; the digest-only warning never paged and says nothing.
    @Test func pagedQuotaAlertsResolveWhenTheQuotaDayBeginsAgain() async throws {
        let f = try SpineFixture(prefix: "steward-alerts")
        defer { f.close() }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        var settings = TelemetrySettings()
        settings.quotas = [ProviderQuota(provider: "openai", dailyLimit: 10, unit: .requests)]
        let telemetry = Telemetry(store: f.store, settings: settings, revision: "test-rev", clock: f.clock, logger: Logger(label: "test"), alerts: alerts)
        let resets = TenantRounds.quotaResets(
            telemetry: telemetry, alerts: alerts, store: f.store, clock: ContinuousClock(), wallClock: f.clock, holder: "test", logger: Logger(label: "test"))
        let store = f.store
        @Sendable func resolved() async throws -> [String] {
            let page = try await store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.resolved"]))
            return page.rows.compactMap { row in
                ["quota-warning", "quota-critical", "quota-exhausted"].first { String(decoding: row.canonicalPayload, as: UTF8.self).contains("\"rule\":\"\($0)\"") }
            }
        }

        f.clock.advance(seconds: 3_600)  // the test clock starts at midnight: the records' second is today's
        let start = f.clock.now().adding(milliseconds: -1_000)
        let records: [JSONValue] = (0..<10).map { n in
            ["execution_id": .string("q\(n)"), "skill_name": "summarise", "skill_version": "1", "timestamp_start": .string(start.rfc3339),
             "timestamp_end": .string(start.adding(milliseconds: 10).rfc3339), "execution_succeeded": true, "total_latency_ms": 10, "provider": "openai"]
        }
        let receipt = try await telemetry.ingest(records, tenant: "default", actor: "key:agent")
        #expect(receipt.accepted.count == 10, "\(receipt.refused)")
        let lines = try await alerts.digest(tenant: "default").lines
        #expect(Set(lines.map(\.rule)) == ["quota-warning", "quota-critical", "quota-exhausted"])
        // One batch past all three levels is one page (QA r7 alerts L6): the lesser are inhibited.
        #expect(lines.filter { $0.paged > 0 }.map(\.rule) == ["quota-exhausted"])
        await resets.tick()
        #expect(try await resolved().isEmpty, "the quota is still used up today")

        f.clock.advance(seconds: 86_400)
        await resets.tick()
        #expect(try await resolved() == ["quota-exhausted"])
        await resets.tick()
        #expect(try await resolved().count == 1, "each group is told once")
    }

    /// Executions of `skill` numbered from `first`, one per outcome, a millisecond apart and
    /// `back` milliseconds before now, ingested as one batch; the clock then moves a second on.
    static func ingest(
        _ outcomes: [Bool], skill: String, first: Int, back: Int64, latency: (Int) -> Int64 = { _ in 1 }, telemetry: Telemetry, clock: TestClock
    ) async throws {
        let start = clock.now().adding(milliseconds: -back)
        let records: [JSONValue] = outcomes.enumerated().map { offset, ok in
            let n = first + offset
            return ["execution_id": .string("\(skill)-\(n)"), "skill_name": .string(skill), "skill_version": "1",
                    "timestamp_start": .string(start.adding(milliseconds: Int64(n)).rfc3339),
                    "timestamp_end": .string(start.adding(milliseconds: Int64(n) + 1).rfc3339),
                    "execution_succeeded": .bool(ok), "total_latency_ms": .int(latency(n))]
        }
        #expect(try await telemetry.ingest(records, tenant: "default", actor: "key:agent").accepted.count == outcomes.count)
        clock.advance(seconds: 1)
    }

    /// A spine fixture and telemetry that raises its alerts there.
    static func alerting() throws -> (SpineFixture, Telemetry) {
        let f = try SpineFixture(prefix: "steward-alerts")
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        return (f, Telemetry(store: f.store, settings: TelemetrySettings(), revision: "test-rev", clock: f.clock, logger: Logger(label: "test"), alerts: alerts))
    }

    /// A page raised by the last-20 success-rate trigger alone is told its end once the window is
    /// back over its clearing rate (the plain case of QA r7 alerts L2, whose page had a streak and
    /// an anomaly folded into it).
    @Test func aLastTwentyPageResolvesWhenTheWindowRecovers() async throws {
        let (f, telemetry) = try Self.alerting()
        defer { f.close() }
        f.clock.advance(seconds: 3_600)
        // 16 of 20 (80%), no two failures in a row: the last-20 trigger pages, no streak.
        try await Self.ingest((0..<20).map { ![3, 8, 13, 18].contains($0) }, skill: "fetch", first: 0, back: 100_000, telemetry: telemetry, clock: f.clock)
        let paged = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.raised"])).rows
        #expect(paged.count == 1 && String(decoding: paged[0].canonicalPayload, as: UTF8.self).contains("16 of the last 20"))
        try await Self.ingest(Array(repeating: true, count: 20), skill: "fetch", first: 20, back: 100_000, telemetry: telemetry, clock: f.clock)
        let resolved = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.resolved"])).rows
        #expect(resolved.count == 1)
    }

    /// QA r7 alerts L2 as reported: a 98% baseline, five failures in a row (the last-20 trigger
    /// pages at the third; the anomaly and the streak fold into that page), then successes.
    @Test func aPageWithAStreakAndAnAnomalyFoldedInResolves() async throws {
        let (f, telemetry) = try Self.alerting()
        defer { f.close() }
        f.clock.advance(seconds: 7_200)
        var n = 0
        func run(_ succeeded: [Bool]) async throws {
            try await Self.ingest(succeeded, skill: "alpha", first: n, back: 1_000_000, latency: { 1_000 + Int64($0 % 10) }, telemetry: telemetry, clock: f.clock)
            n += succeeded.count
        }
        try await run((0..<200).map { $0 % 50 != 7 })
        _ = try await telemetry.computeBaselines(tenant: "default", skill: "alpha", actor: "key:op")
        for _ in 0..<5 { try await run([false]) }
        let raised = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.raised"])).rows
        #expect(!raised.isEmpty)
        for _ in 0..<40 { try await run([true]) }
        let resolved = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.resolved"])).rows
        #expect(resolved.count == 1, "\(raised.map { String(decoding: $0.canonicalPayload, as: UTF8.self) })")
    }
}
