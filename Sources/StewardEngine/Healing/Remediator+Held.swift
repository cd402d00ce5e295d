import Logging
import StewardCore

extension Remediator {
    /// Holds an incident whose next attempt may not start while remediation is switched off
    /// (`AUTO_REMEDIATE=false` or the kill switch): it stays `open` with the attempts it has, as
    /// an incident opened while switched off does, and resumes when remediation is allowed again.
    func hold(_ incident: inout Incident, reason: String, change: inout HealingChange, now: Timestamp) {
        incident.status = .open
        incident.updatedAt = now
        change.log("remediation.held", subject: HealingRows.subject(agent: incident.agent), [
            "incident": .string(incident.id), "reason": .string(reason), "attempts": .int(Int64(incident.attempts.count)),
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
                try await self.begin(&next, change: &change, now: now)
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
