import StewardCore

extension Remediator {
    /// Healthy signals in a row after which an escalated agent counts as recovered.
    static let recoveredAfterHealthySignals = 3
    /// `resolvedBy` of an escalated incident whose agent recovered before anyone acted on it.
    public static let recoveredByAgent = "agent"

    /// An escalated incident whose agent has reported healthy `recoveredAfterHealthySignals`
    /// times in a row is closed as recovered, and its escalation with it (the inbox keeps it, marked
    /// `recovered`). Until then the agent's signals join the escalated incident, so an agent with a
    /// problem nobody has fixed raises no new incidents; after it, a new problem opens a new one.
    func closeRecovered(_ incident: inout Incident, healthyStreak: Int, change: inout HealingChange, now: Timestamp) async throws(HealingError) {
        guard incident.status == .escalated, healthyStreak >= Self.recoveredAfterHealthySignals else { return }
        let how = "\(incident.agent) recovered after the escalation: \(healthyStreak) healthy signals in a row before anyone acted"
        if let id = incident.escalation, let (escalation, version) = try await store.row(Escalation.self, tenant: incident.tenant, HealingRows.escalations, id),
           escalation.status == "open" {
            var recovered = escalation
            recovered.status = "recovered"
            recovered.resolution = EscalationResolution(option: "recovered", by: "agent:\(incident.agent)", note: how, at: now)
            try change.put(HealingRows.escalations, id, recovered, status: recovered.status, ref: escalation.agent, expectedVersion: version)
            change.log("escalation.recovered", subject: HealingRows.subject(agent: incident.agent), [
                "escalation": .string(id), "incident": .string(incident.id), "healthySignals": .int(Int64(healthyStreak)),
            ])
            if escalation.paged { change.closedPages.append(recovered) }
        }
        // closedAt stays the handover: the KPIs count the escalation when it was made.
        let handover = incident.closedAt
        resolve(&incident, by: Self.recoveredByAgent, how: how, change: &change, now: now)
        incident.closedAt = handover
    }
}

extension Remediator {
    /// Whether `signal` was measured at or after `start`. Agents often send whole seconds, so a
    /// signal stamped in the same second as `start` counts: it cannot be told to be earlier.
    static func measured(_ signal: StatusSignal, since start: Timestamp) -> Bool {
        signal.ts.adding(milliseconds: 999) >= start
    }

    /// How the agent recovered on its own during `attempt`, or nil: its newest applied signal was
    /// both measured and received after the attempt began, and meets the attempt's playbook's
    /// success criteria (the loop's own verification). Only that spares a person the page; an
    /// older signal, or one that misses any criterion, leaves the failure to escalate.
    func recoveryDuring(_ attempt: Attempt, incident: Incident, now: Timestamp) async throws(HealingError) -> String? {
        guard let agent = try await store.row(AgentRecord.self, tenant: incident.tenant, HealingRows.agents, incident.agent)?.value,
              let signal = agent.lastSignal, let received = agent.lastSeenAt,
              Self.measured(signal, since: attempt.startedAt), received >= attempt.startedAt,
              !signal.reportsProblem(slo: rules.settings.slo)
        else { return nil }
        let verdict = try await verify(attempt, incident: incident, on: signal, now: now)
        guard verdict.outcome == .passed else { return nil }
        return "\(incident.agent) recovered on its own during attempt \(attempt.number) (\(attempt.playbook)), which failed: "
            + "its signal of \(signal.ts.rfc3339) meets the success criteria (\(verdict.reason)); no further attempt, not escalated"
    }
}
