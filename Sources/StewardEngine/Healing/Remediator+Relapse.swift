import StewardCore

extension Remediator {
    /// What a later relapse needs to know of a healed incident.
    func resolution(of incident: Incident) -> ResolvedIncident {
        let last = incident.attempts.last
        let playbooks = [last?.playbook, last?.selected].compactMap { $0 }
        var resolved = ResolvedIncident(
            incident: incident.id, classification: incident.classification, at: incident.closedAt ?? incident.updatedAt,
            playbooks: playbooks, relapses: incident.relapses ?? 0)
        if let last, let verification = last.verification, let ended = last.endedAt {
            resolved.arm = last.selected ?? last.playbook
            resolved.reward = reward(of: last, verification, endedAt: ended)
        }
        return resolved
    }

    /// Takes back the success a relapse shows was none: the healing attempt's arm records a
    /// failure instead, charged until the relapse (a fix that held for ten minutes did not
    /// recover the agent in two). Without this the bandit keeps choosing fixes that do not hold.
    func retractHeal(_ last: ResolvedIncident, agent: String, arms: inout [String: ArmStats], versions: [String: Int64], change: inout HealingChange, now: Timestamp) throws(HealingError) {
        guard let arm = last.arm, let recorded = last.reward, let stats = arms[arm] else { return }
        var charged = recorded
        charged.timeToRecoverMinutes += Double(now.milliseconds(since: last.at)) / 60_000
        let revised = stats.revising(success: recorded, asFailure: charged)
        let id = HealingRows.arm(last.classification, arm)
        try change.put(HealingRows.arms, id, revised, ref: last.classification.rawValue, expectedVersion: versions[id] ?? 0)
        arms[arm] = revised
        change.log("bandit.retracted", subject: HealingRows.subject(agent: agent), [
            "incident": .string(last.incident), "playbook": .string(arm), "classification": .string(last.classification.rawValue),
            "recordedReward": .double(recorded.value), "reward": .double(charged.value),
        ])
    }

    /// Marks a new incident as a relapse when the agent's last heal of the same class was within
    /// the window: a fix that did not hold (a flapping agent reads healthy for a moment) is not
    /// chosen again first, and the chain is counted. Returns whether it is one.
    func noteRelapse(_ incident: inout Incident, after last: ResolvedIncident?, change: inout HealingChange, now: Timestamp) -> Bool {
        guard let last, last.classification == incident.classification, rules.settings.relapseWindowMinutes > 0,
              now.milliseconds(since: last.at) <= Int64(rules.settings.relapseWindowMinutes) * 60_000
        else { return false }
        incident.relapseOf = last.incident
        incident.relapses = last.relapses + 1
        incident.notHeld = last.playbooks
        change.log("incident.relapsed", subject: HealingRows.subject(agent: incident.agent), [
            "incident": .string(incident.id), "previous": .string(last.incident), "relapses": .int(Int64(last.relapses + 1)),
            "minutesSinceHealed": .double(Double(now.milliseconds(since: last.at)) / 60_000),
            "notHeld": .array(last.playbooks.map(JSONValue.string)),
        ])
        return true
    }
}
