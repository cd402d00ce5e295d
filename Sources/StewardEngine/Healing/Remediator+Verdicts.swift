import StewardCore

extension Remediator {
    /// A signal for an agent with an open incident: joins it, and judges an attempt waiting for
    /// fresh data, resolves an incident the agent recovered from, or starts held remediation.
    func join(_ id: String, tenant: String, signal: StatusSignal, problem: Bool, healthyStreak: Int, receivedAt: Timestamp) async throws(HealingError) {
        guard let (incident, version) = try await store.row(Incident.self, tenant: tenant, HealingRows.incidents, id) else { return }
        var next = incident
        var change = HealingChange(tenant: tenant)
        let now = clock.now()
        next.signalCount += 1
        if signal.ts >= next.lastSignal.ts { next.lastSignal = signal }
        switch incident.status {
        case .verifying:
            // Only fresh data confirms a fix (seed 001 §6): a signal measured before the attempt
            // began says nothing about what it did, however late it arrives.
            guard var attempt = next.current, let since = attempt.verifyingSince, receivedAt >= since, Self.measured(signal, since: attempt.startedAt) else { break }
            let verdict = try await verify(attempt, incident: incident, on: signal, now: now)
            // A fix gets a grace period to show (a restarted agent may take a while to recover):
            // a signal measured before it ends that does not meet the criteria is noted, not held
            // against it. Measured: its own time, or when it arrived if that is earlier.
            let measured = min(signal.ts, receivedAt)
            if verdict.outcome != .passed, measured < since.adding(milliseconds: Int64(rules.settings.verifyGraceSeconds) * 1000) {
                attempt.notYet = verdict
                next.attempts[next.attempts.count - 1] = attempt
                break
            }
            attempt.verification = verdict
            attempt.endedAt = now
            next.attempts[next.attempts.count - 1] = attempt
            try await conclude(&next, change: &change, now: now)
        case .open, .suppressed:
            if !problem {
                let how = incident.attempts.isEmpty
                    ? "\(incident.agent) recovered before any playbook ran"
                    : "\(incident.agent) recovered while remediation was held, after \(incident.attempts.count) failed attempt\(incident.attempts.count == 1 ? "" : "s")"
                resolve(&next, by: "steward", how: how, change: &change, now: now)
            } else if try await incident.status == .open ? true : suppressorClosed(incident) {
                if try await stopReason(tenant: tenant) == nil {
                    let wasSuppressed = next.suppressedBy != nil
                    next.releaseSuppression()
                    if wasSuppressed { try await reclassifyReleased(&next, change: &change, now: now) }
                    try await beginNext(&next, change: &change, now: now)
                }
            }
        case .escalated:
            if !problem { try await closeRecovered(&next, healthyStreak: healthyStreak, change: &change, now: now) }
        case .remediating, .awaitingApproval, .resolved:
            break
        }
        try await save(next, version: version, change: &change, now: now)
    }

    /// Judges an attempt on a fresh signal by its playbook's success criteria.
    func verify(_ attempt: Attempt, incident: Incident, on signal: StatusSignal, now: Timestamp) async throws(HealingError) -> Verification {
        var responses: [Primitive: JSONValue] = [:]
        for run in attempt.steps { if let r = run.response { responses[run.primitive] = r } }
        let others = try await claimants(of: signal.context.directiveId, tenant: incident.tenant, except: incident.agent, now: now)
        let facts = VerificationFacts(signal: signal, domain: incident.domain, responses: responses, otherClaimants: others.count, settings: rules.settings)
        return rules.criteria.verify(attempt.playbook, facts)
    }

    private func suppressorClosed(_ incident: Incident) async throws(HealingError) -> Bool {
        guard let upstream = incident.suppressedBy else { return true }
        return try await store.row(Incident.self, tenant: incident.tenant, HealingRows.incidents, upstream)?.value.isOpen != true
    }

    /// The attempt just ended: record its lineage and reward, then resolve, retry or escalate.
    /// `rejectedBy` is the person who rejected one of its steps: that "no" is not asked again
    /// with a playbook already tried, and with none other left the incident goes to a person.
    func conclude(_ incident: inout Incident, change: inout HealingChange, now: Timestamp, rejectedBy: String? = nil) async throws(HealingError) {
        guard let attempt = incident.attempts.last, let verification = attempt.verification else { return }
        try await withdrawWaitingSteps(
            of: attempt, incident: incident, reason: "attempt \(attempt.number) of \(incident.id) ended: \(verification.reason)", change: &change, now: now)
        change.log("remediation.attempt", subject: HealingRows.subject(agent: incident.agent), lineage(incident, attempt, verification, now: now))
        // A person's "no" to a step is their decision, and a step the gate blocked never ran:
        // neither is the playbook failing, so the bandit learns nothing from them.
        let blocked = attempt.steps.first { $0.blocked != nil }
        if rejectedBy == nil, blocked == nil { try await learn(incident, attempt, verification, change: &change, now: now) }
        if attempt.ok {
            // The playbook that ran, not the wrapper that chose it (seed 001 §9: "Resolved by CoS: {playbook}").
            let ran = attempt.selected.map { "\($0) (chosen by the bandit)" } ?? attempt.playbook
            resolve(&incident, by: "steward", how: "resolved by Steward: \(ran)", change: &change, now: now)
        } else if let recovery = try await recoveryDuring(attempt, incident: incident, now: now) {
            // The agent came back by itself while the attempt ran (a step hung while it
            // recovered): neither another attempt nor a person is needed.
            resolve(&incident, by: Self.recoveredByAgent, how: recovery, change: &change, now: now)
        } else if let blocked, blocked.blocked == "BUDGET_EXCEEDED" {
            // Seed 000 §6: a breached cost cap goes to a person at once. Another attempt would
            // be blocked the same way until the cap is raised or the day turns.
            try await escalate(
                &incident, reason: "BudgetExceeded",
                summary: "\(incident.agent) needs \(blocked.primitive.rawValue) (\(attempt.selected ?? attempt.playbook)), which today's "
                    + "remediation budget cannot pay for: \(blocked.detail) Raise \(DailyBudget.remediationClause) (AUTOREM_BUDGET_CAP_DAILY_USD) "
                    + "before choosing an option, or act by hand.",
                change: &change, now: now)
        } else if let person = rejectedBy, incident.attempts.count < rules.settings.maxAttempts, untriedPlaybooks(incident).isEmpty {
            try await escalate(
                &incident, reason: "StepRejected",
                summary: "\(person) rejected a step of \(attempt.playbook) for \(incident.agent), and no other playbook for "
                    + "\(incident.classification.rawValue) is left to try: \(verification.reason)",
                change: &change, now: now)
        } else if incident.attempts.count < rules.settings.maxAttempts {
            // Attempts remain: a switched-off loop holds the incident for them instead of handing
            // it to a person as if remediation had failed (it has not been allowed to try).
            if let stop = try await stopReason(tenant: incident.tenant) {
                hold(&incident, reason: stop, change: &change, now: now)
            } else {
                // The agent may now show another problem (a timeout, then a missing secret): the
                // next attempt takes the playbooks of what it shows now (seed 001 §4, per signal).
                try await reclassify(
                    &incident, because: "the attempt failed and the newest signal shows another problem: classified again before the next attempt",
                    change: &change, now: now)
                try await begin(&incident, change: &change, now: now)
            }
        } else {
            let tried = incident.attempts.count
            try await escalate(
                &incident, reason: "AutoRemediationFailed",
                summary: "\(incident.agent) is still failing after \(tried) attempt\(tried == 1 ? "" : "s") (\(incident.attempts.map { $0.selected ?? $0.playbook }.joined(separator: ", "))): \(verification.reason)",
                change: &change, now: now)
        }
    }

    /// The lineage entry of seed 001 §8 for one attempt, with what Steward adds.
    func lineage(_ incident: Incident, _ attempt: Attempt, _ verification: Verification, now: Timestamp) -> JSONValue {
        .object([
            "ts": .string(now.rfc3339), "actor": "Steward", "event": "auto_remediation", "agent": .string(incident.agent),
            "classification": .string(incident.classification.rawValue), "playbook": .string(attempt.playbook),
            "selected": attempt.selected.map(JSONValue.string) ?? .null, "attempt": .int(Int64(attempt.number)), "ok": .bool(attempt.ok),
            "before": encode(attempt.before), "after": verification.after.map(encode) ?? .null,
            "incident": .string(incident.id), "verification": .string(verification.outcome.rawValue), "reason": .string(verification.reason),
            "steps": .array(attempt.steps.map { run in
                .object(["primitive": .string(run.primitive.rawValue), "status": .string(run.status.rawValue), "action": run.action.map(JSONValue.string) ?? .null])
            }),
            "byBandit": .bool((attempt.choice ?? incident.choice)?.byBandit ?? false),
            "explored": .bool((attempt.choice ?? incident.choice)?.explored ?? false),
            "durationMs": .int(now.milliseconds(since: attempt.startedAt)),
        ])
    }

    /// Feeds the attempt's reward to the arm of the playbook that actually ran.
    func learn(_ incident: Incident, _ attempt: Attempt, _ verification: Verification, change: inout HealingChange, now: Timestamp) async throws(HealingError) {
        let arm = attempt.selected ?? attempt.playbook
        let reward = self.reward(of: attempt, verification, endedAt: now)
        let id = HealingRows.arm(incident.classification, arm)
        let current = try await store.row(ArmStats.self, tenant: incident.tenant, HealingRows.arms, id)
        let stats = (current?.value ?? ArmStats(playbook: arm)).recording(reward, succeeded: attempt.ok)
        try change.put(HealingRows.arms, id, stats, ref: incident.classification.rawValue, expectedVersion: current?.version ?? 0)
    }

    /// An attempt's reward (seed 000 §5). Each arm answers for its own time: a playbook that
    /// rescues an incident after another one failed is not charged with the failure's minutes
    /// (which would teach the bandit to avoid the rescuer and keep choosing the one that fails first).
    func reward(of attempt: Attempt, _ verification: Verification, endedAt: Timestamp) -> RemediationReward {
        let after = verification.after ?? attempt.before
        return RemediationReward(
            alignmentDelta: after.alignment - attempt.before.alignment, successRateDelta: after.successRate - attempt.before.successRate,
            timeToRecoverMinutes: Double(endedAt.milliseconds(since: attempt.startedAt)) / 60_000,
            actionCostUsd: attempt.steps.reduce(0) { $0 + stepPrices.price($1.primitive) })
    }

    /// Closes the incident as healed.
    func resolve(_ incident: inout Incident, by: String, how: String, change: inout HealingChange, now: Timestamp) {
        incident.status = .resolved
        incident.closedAt = now
        incident.updatedAt = now
        incident.resolution = how
        incident.resolvedBy = by
        change.log("incident.resolved", subject: HealingRows.subject(agent: incident.agent), [
            "incident": .string(incident.id), "by": .string(by), "resolution": .string(how),
            "attempts": .int(Int64(incident.attempts.count)), "mttrMs": .int(now.milliseconds(since: incident.openedAt)),
        ])
    }
}
