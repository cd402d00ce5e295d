import Logging
import StewardCore

extension Remediator {
    /// Holds an incident whose next attempt may not start while remediation is switched off
    /// (`AUTO_REMEDIATE=false` or the kill switch): it stays `open` with the attempts it has, as
    /// an incident opened while switched off does, and resumes when remediation is allowed again.
    func hold(_ incident: inout Incident, reason: String, change: inout HealingChange, now: Timestamp) {
        incident.status = .open
        incident.updatedAt = now
        var payload: [String: JSONValue] = [
            "incident": .string(incident.id), "reason": .string(reason), "attempts": .int(Int64(incident.attempts.count)),
        ]
        if let chosen = incident.heldChoice {
            payload["playbook"] = .string(chosen.playbook)
            payload["by"] = .string(chosen.by)
            payload["escalation"] = .string(chosen.escalation)
        }
        change.log("remediation.held", subject: HealingRows.subject(agent: incident.agent), .object(payload))
    }

    /// Starts a held incident's next attempt: the playbook a person chose meanwhile, if any,
    /// else Steward's own choice.
    func beginNext(_ incident: inout Incident, change: inout HealingChange, now: Timestamp) async throws(HealingError) {
        if let chosen = incident.heldChoice, let playbook = rules.configuration.playbook(named: chosen.playbook) {
            startChosen(chosen, playbook: playbook, incident: &incident, change: &change, now: now)
        } else {
            incident.heldChoice = nil
            try await begin(&incident, change: &change, now: now)
        }
    }

    /// Starts the attempt a person chose in answer to an escalation. The choice is the attempt's;
    /// the incident's `choice` stays Steward's.
    func startChosen(_ chosen: HeldChoice, playbook: Playbook, incident: inout Incident, change: inout HealingChange, now: Timestamp) {
        var attempt = Attempt(number: incident.attempts.count + 1, playbook: playbook, before: incident.lastSignal.metrics, startedAt: now)
        attempt.chosenBy = chosen.by
        incident.attempts.append(attempt)
        incident.heldChoice = nil
        incident.status = .remediating
        incident.updatedAt = now
        change.log("remediation.started", subject: HealingRows.subject(agent: incident.agent), [
            "incident": .string(incident.id), "attempt": .int(Int64(incident.attempts.count)), "playbook": .string(chosen.playbook),
            "by": .string(chosen.by), "escalation": .string(chosen.escalation),
        ])
    }

    /// Starts the next attempt of every held incident of `tenant` once remediation is allowed
    /// again (the kill switch released), without waiting for the agent's next problem signal.
    /// Returns how many were resumed.
    @discardableResult
    public func resumeHeld(tenant: String) async -> Int {
        do throws(HealingError) {
            guard try await stopReason(tenant: tenant) == nil else { return 0 }
            var resumed = 0
            var after: String?
            repeat {
                let page = try await incidents(tenant: tenant, status: .open, agent: nil, after: after, limit: 200)
                for incident in page.items where incident.suppressedBy == nil {
                    if await resume(incident.id, tenant: tenant) { resumed += 1 }
                }
                after = page.nextCursor
            } while after != nil
            return resumed
        } catch {
            logger.error("resuming held incidents failed", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            return 0
        }
    }

    /// Starts the next attempt of one held incident, then runs it forward.
    private func resume(_ id: String, tenant: String) async -> Bool {
        let started = await locks.run(id) { () async -> Bool in
            do throws(HealingError) {
                guard let (incident, version) = try await self.store.row(Incident.self, tenant: tenant, HealingRows.incidents, id),
                      incident.status == .open, incident.suppressedBy == nil else { return false }
                var next = incident
                var change = HealingChange(tenant: tenant)
                let now = self.clock.now()
                change.log("remediation.resumed", subject: HealingRows.subject(agent: incident.agent), [
                    "incident": .string(id), "attempts": .int(Int64(incident.attempts.count)),
                ])
                try await self.beginNext(&next, change: &change, now: now)
                try await self.save(next, version: version, change: &change, now: now)
                return true
            } catch {
                self.logger.error("resuming a held incident failed", metadata: ["incident": "\(id)", "tenant": "\(tenant)", "error": "\(error)"])
                return false
            }
        }
        if started { await advance(id, tenant: tenant) }
        return started
    }
}
