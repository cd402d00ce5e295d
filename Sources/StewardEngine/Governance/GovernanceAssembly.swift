public import Logging
public import StewardCore

/// Governance wired the one usual way: the breaker keeper fed by the spine's executions and
/// rollbacks and the remediation loop's incidents, and governance over both.
public struct GovernanceAssembly: Sendable {
    /// Metrics, readiness, the cycle and proposals.
    public let governance: Governance

    /// Wires governance over `store`, watching `spine` and `remediator`.
    public init(
        store: any Store, spine: ActionSpine, remediator: Remediator?, configuration: StewardConfiguration, revision: String,
        clock: any WallClock, logger: Logger
    ) throws(RuleCompileErrors) {
        let keeper = try BreakerKeeper(
            store: store, configuration: configuration, revision: revision, alerts: spine.alerts, clock: clock, logger: logger)
        spine.observers.add { change in
            let r = change.record
            let autonomous = r.ranWithoutPerson
            // An execution's duration: as the executor measured it, or from start to reported result.
            let duration = r.execution.flatMap { e in e.finishedAt.map { $0.milliseconds(since: e.startedAt) } }
            for event in Self.events(of: change) {
                await keeper.record(event, tenant: r.proposal.tenant, agent: r.proposal.agent, autonomous: autonomous, durationMs: duration)
            }
        }
        remediator?.openedIncidents.add { incident in
            await keeper.incidentOpened(incident.severity, agent: incident.agent, tenant: incident.tenant)
        }
        governance = Governance(store: store, breakers: keeper, configuration: configuration, clock: clock, revision: revision, logger: logger)
    }

    /// What a committed action change means to the breakers: an execution result, a rollback.
    /// Remediation steps do not count: failing while an agent is broken is what they are for, and
    /// the loop's attempt limit and escalation govern them (nor do breakers over agents' actions
    /// hold them back: `OpenBreaker.applies(to:)`).
    static func events(of change: ActionChange) -> [BreakerEvent] {
        let record = change.record, type = record.proposal.type
        var events: [BreakerEvent] = []
        guard record.proposal.trigger != .remediation else { return events }
        let reported = change.kinds.contains("action.outcome")
            && (record.outcomes.last?.label == .executionSucceeded || record.outcomes.last?.label == .executionFailed)
        // An interrupted run says nothing of how autonomy behaves: its outcome is unknown.
        let interrupted = change.kinds.contains("action.executed") && record.execution?.interrupted == true
        if (change.kinds.contains("action.executed") && !interrupted) || reported {
            events.append(record.status == .succeeded ? .succeeded(type: type) : .failed(type: type))
        }
        if change.kinds.contains("action.rolled_back") { events.append(.rolledBack(type: type)) }
        return events
    }
}
