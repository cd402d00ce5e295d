import StewardCore

extension Remediator {
    /// Minutes after a heal within which a new incident of the same class is a relapse.
    static let relapseWindowMinutes = 15
    /// Relapses in a row after which the agent is escalated as flapping instead of healed again.
    static let relapseLimit = 3

    /// What a later relapse needs to know of a healed incident.
    static func resolution(of incident: Incident) -> ResolvedIncident {
        let last = incident.attempts.last
        let playbooks = [last?.playbook, last?.selected].compactMap { $0 }
        return ResolvedIncident(
            incident: incident.id, classification: incident.classification, at: incident.closedAt ?? incident.updatedAt,
            playbooks: playbooks, relapses: incident.relapses ?? 0)
    }

    /// Marks a new incident as a relapse when the agent's last heal of the same class was within
    /// the window: a fix that did not hold (a flapping agent reads healthy for a moment) is not
    /// chosen again first, and the chain is counted. Returns whether it is one.
    func noteRelapse(_ incident: inout Incident, after last: ResolvedIncident?, change: inout HealingChange, now: Timestamp) -> Bool {
        guard let last, last.classification == incident.classification,
              now.milliseconds(since: last.at) <= Int64(Self.relapseWindowMinutes) * 60_000
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
