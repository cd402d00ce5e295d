import Testing
@testable import StewardCore

/// A week of ledger entries with every figure worked out by hand in the comments.
@Suite struct MetricsTallyTests {
    typealias F = GovernanceFixtures

    static let entries: [F.Entry] = [
        // Lookback, before the period: teaches the tally about a0, counts nothing.
        F.decision("a0", type: "crm.update", agent: "CMO", outcome: "AUTO_EXECUTE", minute: -20),
        F.executed("a0", type: "crm.update", agent: "CMO", ok: true, autonomous: true, minute: -10),
        // At the start (included): auto-executed, succeeded, later rolled back.
        F.decision("a1", type: "crm.note", agent: "CMO", outcome: "AUTO_EXECUTE", minute: 0),
        F.executed("a1", type: "crm.note", agent: "CMO", ok: true, autonomous: true, minute: 1),
        // Approved by a person, succeeded.
        F.decision("a2", type: "email.send", agent: "CRO", outcome: "REQUIRE_APPROVAL", minute: 2),
        F.plain("action.approved", "a2", minute: 3, ["by": "ana"]),
        F.executed("a2", type: "email.send", agent: "CRO", ok: true, autonomous: false, minute: 4),
        // Rejected by a person.
        F.decision("a3", type: "email.send", agent: "CRO", outcome: "REQUIRE_APPROVAL", minute: 5),
        F.plain("action.rejected", "a3", minute: 6, ["by": "ana", "reason": "no"]),
        // Deferred, then auto-executed on re-decision (not a new proposal), failed.
        F.decision("a4", type: "crm.note", agent: "CMO", outcome: "DEFER", reason: "COST_GATE", minute: 7),
        F.decision("a4", kind: "action.redecided", type: "crm.note", agent: "CMO", outcome: "AUTO_EXECUTE", minute: 8),
        F.executed("a4", type: "crm.note", agent: "CMO", ok: false, autonomous: true, minute: 9),
        // Blocked by policy: a constraint violation.
        F.decision("a5", type: "pricing.change", agent: "CRO", outcome: "BLOCK", reason: "POLICY_BLOCK", minute: 10),
        // Approved, dispatched; its result arrives as action.outcome; a later label is ignored.
        F.decision("a6", type: "crm.note", agent: "CMO", outcome: "REQUIRE_APPROVAL", minute: 11),
        F.plain("action.approved", "a6", minute: 12),
        F.plain("action.outcome", "a6", minute: 13, ["label": "EXECUTION_SUCCEEDED"]),
        F.plain("action.outcome", "a6", minute: 14, ["label": "NO_RESPONSE"]),
        F.plain("action.rolled_back", "a1", minute: 15),
        // Critical, on CMO 11 minutes after a4 (the last autonomous execution there): attributed.
        F.incident("inc1", agent: "CMO", severity: "critical", minute: 20),
        // CRO never had an autonomous execution: not attributed.
        F.incident("inc2", agent: "CRO", severity: "high", minute: 30),
        // CMO again, but 91 minutes after a4: outside the 30-minute window.
        F.incident("inc3", agent: "CMO", severity: "medium", minute: 100),
        F.Entry(kind: "kill_switch.engaged", ts: F.at(minutes: 200), subject: "tenant:t", payload: ["by": "ops"]),
        F.Entry(kind: "breaker.tripped", ts: F.at(minutes: 201), subject: "breaker:high-error-rate", payload: [:]),
        F.Entry(kind: "signal.received", ts: F.at(minutes: 202), subject: "agent:CMO", payload: [:]),
        // At the end: excluded.
        F.decision("a7", type: "crm.note", agent: "CMO", outcome: "AUTO_EXECUTE", minute: 7 * 24 * 60),
    ]

    @Test func commandCountsAndRates() {
        let m = F.tally(Self.entries)
        // a1…a6 have entries in the period; a0 is lookback only and a7 falls on the end.
        #expect(m.commands == .init(total: 6, proposed: 6, approved: 4, rejected: 1, succeeded: 3, failed: 1, rolledBack: 1))
        // approved: a1 and a4 by policy, a2 and a6 by a person.
        #expect(m.rates.successRate == 0.75)  // 3 ÷ (3 + 1)
        #expect(m.rates.approvalRate == 4.0 / 6)
        #expect(m.rates.rollbackRate == 1.0 / 3)  // 1 ÷ 3 succeeded
        #expect(m.rates.errorRate == 1.0 / 6)  // 1 failed ÷ 6 total
        #expect(m.incidents == .init(total: 3, critical: 1, fromAutonomousActions: 1))
        #expect(m.safety == .init(constraintViolations: 1, emergencyAborts: 1, safetyGateTriggers: 1))
    }

    @Test func recordsPerActionTypeSortedByType() {
        let m = F.tally(Self.entries)
        #expect(m.byActionType == [
            // a1, a4, a6: a1 and a4 auto-executed; a1 and a6 succeeded, a4 failed; a1 rolled back.
            ActionTypeRecord(type: "crm.note", proposed: 3, autoExecuted: 2, succeeded: 2, failed: 1, rolledBack: 1),
            ActionTypeRecord(type: "email.send", proposed: 2, succeeded: 1),
            ActionTypeRecord(type: "pricing.change", proposed: 1),
        ])
        #expect(m.byActionType[0].successRate == 2.0 / 3)
        #expect(m.byActionType[2].successRate == 0)
    }

    @Test func attributionExplainsTheIncident() {
        let m = F.tally(Self.entries)
        let expected = IncidentAttribution(
            incident: "inc1", agent: "CMO", severity: "critical", action: "a4", actionType: "crm.note",
            executedAt: F.at(minutes: 9), openedAt: F.at(minutes: 20), windowMinutes: 30)
        #expect(m.attributions == [expected])
        #expect(expected.minutesAfter == 11)
        #expect(expected.explanation == "The critical incident inc1 on agent CMO opened 11 minutes after the autonomous action "
            + "a4 (crm.note) executed on that agent, within the 30-minute attribution window.")
    }

    @Test func zeroDenominatorsGiveZeroRates() {
        let m = F.tally([])
        #expect(m.rates == AutonomyMetrics.Rates(.init()))
        #expect([m.rates.approvalRate, m.rates.rollbackRate, m.rates.errorRate] == [0, 0, 0])
        // No command finished: no success rate at all (null in JSON), not 0%, which reads as "all failed".
        #expect(m.rates.successRate == nil)
        let json = try? JSONValueEncoder.encode(m)
        #expect(json?["rates"]?["successRate"] == .null)
        // Rejections only: approval rate 0 ÷ 2 = 0, success still unmeasured and rollback 0 ÷ 0.
        let rates = AutonomyMetrics.Rates(.init(total: 2, proposed: 2, rejected: 2))
        #expect(rates == AutonomyMetrics.Rates(.init()))
    }

    @Test func startIsIncludedAndEndExcluded() {
        let period = AutonomyMetrics.Period(start: F.t0, end: F.at(minutes: 60))
        let m = F.tally([
            F.decision("first", type: "t", agent: "A", outcome: "REQUIRE_APPROVAL", minute: 0),
            F.decision("last", type: "t", agent: "A", outcome: "REQUIRE_APPROVAL", minute: 60),
            F.Entry(kind: "action.proposed", ts: F.t0.adding(milliseconds: -1), subject: "action:early",
                    payload: ["action": "early", "decision": ["outcome": "BLOCK"]]),
        ], period: period)
        #expect(m.commands.proposed == 1)
        #expect(m.commands.total == 1)
        #expect(m.safety.constraintViolations == 0)
    }

    @Test func attributionWindowIsInclusiveAndPerAgent() {
        // Executions on A at exactly 30 minutes and on B at 30 minutes and 1 ms before their incidents.
        let entries: [F.Entry] = [
            F.executed("x", type: "t", agent: "A", ok: true, autonomous: true, minute: 10),
            F.Entry(kind: "action.executed", ts: F.at(minutes: 10).adding(milliseconds: -1), subject: "action:y",
                    payload: ["action": "y", "label": "EXECUTION_SUCCEEDED", "type": "t", "agent": "B", "autonomous": true]),
            // A person-approved execution on C is never blamed.
            F.executed("z", type: "t", agent: "C", ok: true, autonomous: false, minute: 35),
            F.incident("onC", agent: "C", severity: "critical", minute: 36),
            F.incident("onA", agent: "A", severity: "high", minute: 40),
            F.incident("onB", agent: "B", severity: "critical", minute: 40),
        ]
        let m = F.tally(entries)
        #expect(m.attributions.map(\.incident) == ["onA"])
        #expect(m.attributions.first?.minutesAfter == 30)
        #expect(m.incidents == .init(total: 3, critical: 2, fromAutonomousActions: 1))
    }

    @Test func lookbackExecutionsAreAttributedButNotCounted() {
        let entries: [F.Entry] = [
            F.decision("old", type: "crm.note", agent: "Content", outcome: "AUTO_EXECUTE", minute: -25),
            // No `autonomous` field, as entries written before it existed: the AUTO_EXECUTE decision tells.
            F.plain("action.executed", "old", minute: -10, ["label": "EXECUTION_SUCCEEDED"]),
            F.incident("inc", agent: "Content", severity: "high", minute: 5),
            // The type learned in lookback still files a rollback in the period under crm.note.
            F.plain("action.rolled_back", "old", minute: 6),
        ]
        let m = F.tally(entries)
        #expect(m.commands == .init(rolledBack: 1))
        #expect(m.attributions.map(\.action) == ["old"])
        #expect(m.attributions.first?.minutesAfter == 15)
        #expect(m.byActionType == [ActionTypeRecord(type: "crm.note", rolledBack: 1)])
    }

    @Test func periodEncodesAsRFC3339() throws {
        let json = try JSONValueEncoder.encode(F.tally(Self.entries))
        #expect(json["period"]?["start"] == .string("2026-11-02T00:00:00.000Z"))
        #expect(json["period"]?["end"] == .string("2026-11-09T00:00:00.000Z"))
        #expect(json["rates"]?["successRate"] == .double(0.75))
        let back = try JSONValueDecoder.decode(AutonomyMetrics.self, from: json)
        #expect(back == F.tally(Self.entries))
    }
}
