import Logging
import StewardCore

extension Remediator {
    /// Starts remediation for every suppressed incident of `tenant` whose source's incident has
    /// been closed (resolved, or handed to a person) for `remediation.verifyGraceSeconds`: the
    /// problem outlived the source's incident. Without this an agent that went down with its
    /// source and stopped reporting would stay suppressed for ever, as nothing else wakes it.
    /// The grace gives a dependent that recovers with its source the time to say so (its healthy
    /// signal closes the suppressed incident) before Steward acts on it. Returns how many started.
    @discardableResult
    public func releaseSuppressed(tenant: String) async -> Int {
        do throws(HealingError) {
            guard try await stopReason(tenant: tenant) == nil else { return 0 }
            var released = 0
            var after: String?
            repeat {
                let page = try await incidents(tenant: tenant, status: .suppressed, agent: nil, after: after, limit: 200)
                for incident in page.items {
                    if await release(incident.id, tenant: tenant) { released += 1 }
                }
                after = page.nextCursor
            } while after != nil
            return released
        } catch {
            logger.error("releasing suppressed incidents failed", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            return 0
        }
    }

    /// Releases one suppressed incident when its source's incident closed long enough ago, then
    /// runs it forward; false when it stays suppressed.
    private func release(_ id: String, tenant: String) async -> Bool {
        let started = await locks.run(id) { () async -> Bool in
            do throws(HealingError) {
                guard let (incident, version) = try await self.store.row(Incident.self, tenant: tenant, HealingRows.incidents, id),
                      incident.status == .suppressed else { return false }
                let now = self.clock.now()
                var sourceStatus = "gone"
                if let upstream = incident.suppressedBy,
                   let source = try await self.store.row(Incident.self, tenant: tenant, HealingRows.incidents, upstream)?.value {
                    // An incident's last change is its closing once it is no longer open.
                    let grace = Int64(self.rules.settings.verifyGraceSeconds) * 1000
                    guard !source.isOpen, now.milliseconds(since: source.updatedAt) >= grace else { return false }
                    sourceStatus = source.status.rawValue
                }
                var next = incident
                var change = HealingChange(tenant: tenant)
                change.log("incident.released", subject: HealingRows.subject(agent: incident.agent), [
                    "incident": .string(id), "suppressedBy": incident.suppressedBy.map(JSONValue.string) ?? .null,
                    "sourceIncidentStatus": .string(sourceStatus),
                    "reason": .string("the problem outlived the source's incident"),
                ])
                next.releaseSuppression()
                try await self.reclassifyReleased(&next, change: &change, now: now)
                try await self.begin(&next, change: &change, now: now)
                try await self.save(next, version: version, change: &change, now: now)
                return true
            } catch {
                self.logger.error("releasing a suppressed incident failed", metadata: ["incident": "\(id)", "tenant": "\(tenant)", "error": "\(error)"])
                return false
            }
        }
        if started { await advance(id, tenant: tenant) }
        return started
    }
}

extension Remediator {
    /// A released incident is classified again on its newest signal: the source's incident that
    /// may have decided its class (`dependency.failing`) is over, and data repairs on a source
    /// that is fine again would not fix, say, a timeout.
    func reclassifyReleased(_ incident: inout Incident, change: inout HealingChange, now: Timestamp) async throws(HealingError) {
        try await reclassify(&incident, because: "its source's incident is over: classified again on its newest signal", change: &change, now: now)
    }

    /// Classifies the incident again on its newest signal when that signal still reports a
    /// problem; a different class is recorded (`incident.reclassified`) and its playbooks are the
    /// ones tried from then on.
    func reclassify(_ incident: inout Incident, because reason: String, change: inout HealingChange, now: Timestamp) async throws(HealingError) {
        guard incident.lastSignal.reportsProblem(slo: rules.settings.slo),
              let agent = try await store.row(AgentRecord.self, tenant: incident.tenant, HealingRows.agents, incident.agent)?.value else { return }
        let facts = try await classifierFacts(incident.lastSignal, agent: agent, now: now)
        guard let verdict = rules.classifier.classify(facts), verdict.classification != incident.classification else { return }
        change.log("incident.reclassified", subject: HealingRows.subject(agent: incident.agent), [
            "incident": .string(incident.id), "from": .string(incident.classification.rawValue), "to": .string(verdict.classification.rawValue),
            "rule": .string(verdict.rule), "reason": .string(reason),
        ])
        incident.classification = verdict.classification
        incident.rule = verdict.rule
    }
}
