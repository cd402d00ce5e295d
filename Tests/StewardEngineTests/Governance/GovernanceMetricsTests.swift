import Logging
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// The metrics of a period read from hour counters and edge entries equal those read entry by
/// entry from the whole ledger.
@Suite struct GovernanceMetricsTests {
    @Test func hourCountersAndEntriesGiveTheSameMetrics() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot(), prefix: "steward-gov-metrics")
        defer { f.close() }
        let governance = try GovernanceAssembly(
            store: f.store, spine: f.spine, remediator: nil, configuration: SpineFixture.autopilot(), revision: "test-rev", clock: f.clock,
            logger: Logger(label: "test")).governance
        let start = f.clock.now()
        // Five hours of actions every 7 minutes: auto-executed notes (one in 9 fails, one in 13 is
        // rolled back), meeting briefs a person approves, drafts a person rejects; incidents on
        // the agents now and then, some right after an autonomous execution on them.
        for i in 0..<43 {
            f.clock.advance(seconds: 7 * 60)
            let agent = "A\(i % 3)"
            let a = try await f.propose(i % 4 == 3 ? "send_email" : "create_internal_note", account: "acct-\(i)", agent: agent)
            if a.status == .dispatched {
                _ = try await f.spine.recordOutcome(
                    a.proposal.id, tenant: "default", by: "key:agent", label: i % 9 == 0 ? .executionFailed : .executionSucceeded, detail: nil,
                    rollback: i % 13 == 0)
            } else if a.status == .pendingApproval {
                if i % 2 == 0 {
                    _ = try await f.spine.approve(a.proposal.id, tenant: "default", by: "key:ana", params: nil, note: nil)
                } else {
                    _ = try await f.spine.reject(a.proposal.id, tenant: "default", by: "key:ana", reason: "not now")
                }
            }
            if i % 5 == 0 {
                f.clock.advance(seconds: 60)
                let draft = try LedgerDraft(
                    tenant: "default", ts: f.clock.now(), kind: "incident.opened", subject: "agent:\(agent)", actor: "steward",
                    payload: ["incident": .string("inc-\(i)"), "severity": .string(i % 10 == 0 ? "critical" : "high"), "agent": .string(agent)],
                    configRevision: "test-rev")
                _ = try await f.store.commit(StoreCommit(drafts: [draft]))
            }
        }
        let end = f.clock.now().adding(seconds: 60)
        // Also: a minute holding only an incident whose autonomous execution came just before it
        // (attributed through the look-back), and a period up to exactly now (the current hour's
        // counters stand for its entries).
        let windows = [
            (start.adding(seconds: 1234), end.adding(seconds: -777)), (start, end), (start.adding(seconds: 600), start.adding(seconds: 1800)),
            (start.adding(seconds: 43 * 60 + 30), start.adding(seconds: 44 * 60 + 30)), (start.adding(seconds: 3000), f.clock.now().adding(milliseconds: 1)),
        ]
        for (from, to) in windows {
            var reference = MetricsTally(period: .init(start: from, end: to))
            for row in try await f.store.ledger(tenant: "default", query: LedgerQuery(limit: 10_000)).rows {
                reference.add(kind: row.kind, ts: row.ts, subject: row.subject, payload: try row.entry().payload)
            }
            let untilNow = to == f.clock.now().adding(milliseconds: 1)
            let expected = reference.metrics(), measured = try await governance.metrics(tenant: "default", from: from, to: to, untilNow: untilNow)
            #expect(measured.commands == expected.commands)
            #expect(measured.safety == expected.safety && measured.incidents == expected.incidents)
            #expect(measured.byActionType == expected.byActionType)
            #expect(measured.attributions.map(\.incident) == expected.attributions.map(\.incident))
            if from == start {
                // The fixture exercises every counter.
                let c = expected.commands
                #expect(c.proposed == 43 && c.approved > 0 && c.rejected > 0 && c.failed > 0 && c.rolledBack > 0)
                #expect(expected.incidents.fromAutonomousActions > 0 && expected.incidents.critical > 0)
            }
        }
    }

    /// QA r6 upgrade M1: requests that expired counted as rejected in whole hours (their counters)
    /// but not in the partial hours read entry by entry.
    @Test func expiredRequestsCountTheSameInCountersAndEntries() async throws {
        var configuration = SpineFixture.autopilot()
        if let i = configuration.actionTypes.firstIndex(where: { $0.name == "send_email" }) { configuration.actionTypes[i].approval.expiresAfterMinutes = 5 }
        let f = try SpineFixture(configuration: configuration, prefix: "steward-gov-expiry")
        defer { f.close() }
        let governance = try GovernanceAssembly(
            store: f.store, spine: f.spine, remediator: nil, configuration: configuration, revision: "test-rev", clock: f.clock,
            logger: Logger(label: "test")).governance
        let start = f.clock.now()
        for n in 0..<6 {
            _ = try await f.propose("send_email", account: "acct-\(n)")
            f.clock.advance(seconds: 6 * 60)
            _ = try await f.spine.sweep()
        }
        let end = f.clock.now()
        let reference = { (from: Timestamp, to: Timestamp) async throws -> AutonomyMetrics.Commands in
            var tally = MetricsTally(period: .init(start: from, end: to))
            for row in try await f.store.ledger(tenant: "default", query: LedgerQuery(limit: 10_000)).rows {
                tally.add(kind: row.kind, ts: row.ts, subject: row.subject, payload: try row.entry().payload)
            }
            return tally.metrics().commands
        }
        for (from, to) in [(start, end), (start.adding(seconds: 137), end.adding(seconds: -61))] {
            let expected = try await reference(from, to)
            #expect(expected.rejected > 0)
            #expect(try await governance.metrics(tenant: "default", from: from, to: to).commands == expected)
        }
    }
}
