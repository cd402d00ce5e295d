import StewardCore

extension Remediator {
    /// The status signal an agent step answered with (`{"signal": {...}}`) that may judge the
    /// attempt, newest step first. An answer that may not (invalid, another agent's, measured
    /// before the attempt or too long ago) is noted on its step, so the integrator sees why the
    /// attempt waits for a signal instead.
    func answeredSignal(_ attempt: inout Attempt, incident: Incident, now: Timestamp) -> (signal: StatusSignal, action: String?)? {
        for index in attempt.steps.indices.reversed() where !attempt.steps[index].primitive.isBuiltin {
            let answer = StepAnswer.read(
                attempt.steps[index].response, agent: incident.agent, attemptStartedAt: attempt.startedAt, now: now, signals: rules.settings.signals)
            if let signal = answer.signal { return (signal, attempt.steps[index].action) }
            if let why = answer.ignoredBecause, !attempt.steps[index].detail.contains("the answer's signal was ignored") {
                attempt.steps[index].detail += "; \(why)"
            }
        }
        return nil
    }

    /// Applies a step's answered signal to its agent as the intake applies a received one: the
    /// agent's row (last signal, streaks, state) follows it and a `signal.received` entry records
    /// it, so the agent does not stay Degraded on its old error after the answer healed it.
    func apply(
        _ signal: StatusSignal, answering action: String?, to incident: inout Incident, change: inout HealingChange, now: Timestamp
    ) async throws(HealingError) {
        incident.signalCount += 1
        if signal.ts >= incident.lastSignal.ts { incident.lastSignal = signal }
        let slo = rules.settings.slo
        let problem = signal.reportsProblem(slo: slo)
        var applied = false
        if let (found, version) = try await store.row(AgentRecord.self, tenant: incident.tenant, HealingRows.agents, incident.agent) {
            var agent = found
            applied = agent.observe(signal, problem: problem, receivedAt: now)
            if applied { agent.countStreak(problem: problem) }
            let state: AgentHealth = agent.lastSignal?.reportsProblem(slo: slo) == true ? .degraded : .healthy
            try change.put(
                HealingRows.agents, agent.name, agent, status: state.rawValue, ref: agent.lastSignal?.context.directiveId, expectedVersion: version)
        }
        change.log("signal.received", subject: HealingRows.subject(agent: incident.agent), [
            "signal": encode(signal), "applied": .bool(applied), "problem": .bool(problem),
            "answering": action.map(JSONValue.string) ?? .null,
        ])
    }

    /// Why a step handed to an agent without an executor fails now: the agent has not reported
    /// its outcome within `remediation.verifyTimeoutSeconds` of the hand-over. Nil while it may
    /// still report (or once it has). Waiting for ever would hold the incident (and the agent's
    /// Recovering state) on an agent that may be down; the same bound as a fix's verification.
    func unreported(_ record: ActionRecord, now: Timestamp) -> String? {
        guard record.status == .dispatched else { return nil }
        let since = record.execution?.startedAt ?? record.updatedAt
        let wait = rules.settings.verifyTimeoutSeconds
        guard now.milliseconds(since: since) >= Int64(wait) * 1000 else { return nil }
        return "\(record.proposal.agent) did not report the outcome of \(record.proposal.id) within \(wait) s "
            + "(remediation.verifyTimeoutSeconds); counted as a failed step"
    }
}
