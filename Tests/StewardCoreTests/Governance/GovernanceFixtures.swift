@testable import StewardCore

/// Ledger entries and readiness facts shared by the governance tests.
enum GovernanceFixtures {
    /// 2026-11-02T00:00:00Z, a Monday: the period's start.
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_793_577_600_000)
    /// One week from t0.
    static let week = AutonomyMetrics.Period(start: t0, end: t0.adding(milliseconds: 7 * 86_400_000))

    /// t0 moved by whole minutes (negative for lookback).
    static func at(minutes: Int64) -> Timestamp { t0.adding(milliseconds: minutes * 60_000) }

    /// t0 moved by whole days.
    static func at(days: Int64) -> Timestamp { t0.adding(milliseconds: days * 86_400_000) }

    /// One ledger entry as the tally is fed it.
    struct Entry {
        var kind: String
        var ts: Timestamp
        var subject: String
        var payload: JSONValue
    }

    /// An `action.proposed` or `action.redecided` payload shaped as ActionSpine writes it.
    static func decision(
        _ id: String, kind: String = "action.proposed", type: String, agent: String, outcome: String,
        reason: String = "POLICY_ALLOW", minute: Int64
    ) -> Entry {
        Entry(kind: kind, ts: at(minutes: minute), subject: "action:\(id)", payload: [
            "action": .string(id),
            "input": ["proposal": ["id": .string(id), "type": .string(type), "agent": .string(agent), "account": nil]],
            "decision": ["outcome": .string(outcome), "reason": .string(reason)],
        ])
    }

    /// An `action.executed` payload with the fields the spine adds for governance.
    static func executed(_ id: String, type: String, agent: String, ok: Bool, autonomous: Bool, minute: Int64) -> Entry {
        Entry(kind: "action.executed", ts: at(minutes: minute), subject: "action:\(id)", payload: [
            "action": .string(id), "label": ok ? "EXECUTION_SUCCEEDED" : "EXECUTION_FAILED", "type": .string(type),
            "agent": .string(agent), "autonomous": .bool(autonomous),
        ])
    }

    /// An entry whose payload only names the action (approved, rejected, rolled back) plus `extra`.
    static func plain(_ kind: String, _ id: String, minute: Int64, _ extra: [String: JSONValue] = [:]) -> Entry {
        var payload = extra
        payload["action"] = .string(id)
        return Entry(kind: kind, ts: at(minutes: minute), subject: "action:\(id)", payload: .object(payload))
    }

    /// An `incident.opened` entry on an agent.
    static func incident(_ id: String, agent: String, severity: String, minute: Int64) -> Entry {
        Entry(kind: "incident.opened", ts: at(minutes: minute), subject: "agent:\(agent)", payload: [
            "incident": .string(id), "classification": "TRANSIENT", "severity": .string(severity),
        ])
    }

    /// The metrics of `entries` over `period`.
    static func tally(_ entries: [Entry], period: AutonomyMetrics.Period = week, windowMinutes: Int = 30) -> AutonomyMetrics {
        var tally = MetricsTally(period: period, attributionWindowMinutes: windowMinutes)
        for entry in entries { tally.add(kind: entry.kind, ts: entry.ts, subject: entry.subject, payload: entry.payload) }
        return tally.metrics()
    }

    /// Metrics that pass every data item: 4,000 of 4,010 executions succeeded (99.75%), 3,690 of
    /// 4,100 proposals approved (90%), 20 of 4,000 rolled back (0.5%).
    static func healthyMetrics(rolledBack: Int = 20) -> AutonomyMetrics {
        AutonomyMetrics(
            period: week,
            commands: .init(total: 4_100, proposed: 4_100, approved: 3_690, rejected: 410, succeeded: 4_000, failed: 10,
                            rolledBack: rolledBack),
            incidents: .init(total: 2), safety: .init(constraintViolations: 3))
    }

    /// "Now" for readiness: the period's end.
    static let now = week.end

    /// Facts that pass every data item at `now`.
    static func healthyFacts(metrics: AutonomyMetrics = healthyMetrics()) -> ReadinessFacts {
        ReadinessFacts(
            metrics: metrics, firstActionAt: at(days: -200), breakersConfigured: 4, breakersEnabled: 4,
            monitoringOperational: true, lastKillSwitchDrill: at(days: 2), chaosDrillsPassing: true,
            lastChaosDrill: at(days: -3), evalCoverage: 0.95)
    }

    /// A valid attestation for every attested item, made by ana on 2026-10-01, expiring 2027-01-01.
    static var allAttestations: [Attestation] {
        ReadinessChecklist.all.flatMap(\.criteria).filter { $0.decidedBy == .attestation }.map { criterion in
            Attestation(
                key: criterion.key, by: "ana", at: at(days: -32), evidence: "https://wiki.example/\(criterion.key)",
                expiresAt: at(days: 60))
        }
    }

    /// The assessment of `facts` with every attestation, at L3 since 2026-05-01.
    static func assess(_ facts: ReadinessFacts = healthyFacts(), attestations: [Attestation] = allAttestations,
                       phase: AutonomyLevel = .l3) -> ReadinessReport {
        ReadinessAssessor.assess(facts: facts, attestations: attestations, now: now, phase: phase, phaseStartedAt: at(days: -185))
    }
}
