public import StewardCore

extension Remediator {
    /// The tenant's daily count of paging incident escalations. Apart from the gate's count of
    /// paging proposals (`escalations`): routine approvals must not use up the pages an agent
    /// that cannot be healed needs.
    static let incidentPages = "incidentEscalations"

    /// Hands the incident to a person with two options, paging within the daily cap of incident
    /// escalations.
    func escalate(_ incident: inout Incident, reason: String, summary: String, change: inout HealingChange, now: Timestamp) async throws(HealingError) {
        let settings = rules.settings
        let day = SpineRows.tenantDay(now.utcDay)
        let used = try await store.row(JSONValue.self, tenant: incident.tenant, SpineRows.daily, day)?.value[Self.incidentPages]?.doubleValue ?? 0
        let paged = used < Double(settings.maxEscalationsPerDay)
        if paged {
            change.tallies.append(Tally(
                tenant: incident.tenant, collection: SpineRows.daily, id: day, increments: [Self.incidentPages: 1],
                limits: [Self.incidentPages: Double(settings.maxEscalationsPerDay)]))
        }
        let options = RemediationOptions.compose(
            for: incident, candidates: rules.playbooks(for: incident.classification), prices: stepPrices, takeover: takeover(for: incident),
            budgetSpent: reason == "BudgetExceeded")
        let escalation = Escalation(
            id: newID("esc"), tenant: incident.tenant, incident: incident.id, to: settings.escalateTo, reason: reason, agent: incident.agent,
            domain: incident.domain, priorityRank: rules.priorityRank(incident.domain), context: incident.lastSignal.context,
            lastTwoAttempts: incident.attempts.suffix(2).map { $0.selected ?? $0.playbook }, recommendedOptions: options,
            lineageRef: "/v1/lineage?incident=\(incident.id)", summary: summary, paged: paged, createdAt: now)
        try change.put(HealingRows.escalations, escalation.id, escalation, status: "open", ref: incident.agent, expectedVersion: 0)
        incident.status = .escalated
        incident.closedAt = now
        incident.escalation = escalation.id
        // The first handover stays the incident's: the KPIs count an escalation when it was made.
        incident.escalatedAt = incident.escalatedAt ?? now
        incident.neededPerson = true
        incident.updatedAt = now
        change.log("escalation.raised", subject: HealingRows.subject(agent: incident.agent), encode(escalation))
        if paged { change.paging.append(escalation) }
    }

    /// A declared Operations agent of the tenant, other than the incident's, that could take
    /// over its work: the COO when there is one, else the first by name; nil when none exists.
    func takeover(for incident: Incident) -> String? {
        let names = rules.configuration.agents
            .filter { $0.tenant == incident.tenant && $0.domain == .operations && $0.name != incident.agent }
            .map(\.name).sorted()
        return names.first { $0 == "COO" } ?? names.first
    }

    /// A person chose one of an escalation's options: it is recorded, and Steward carries it out
    /// (runs the option's playbook, after throttling the agent when the option reduces scope) or,
    /// for an option that hands the work over, closes the incident as resolved by that person.
    public func resolveEscalation(_ id: String, tenant: String, option name: String, by person: String, note: String?) async throws(HealingError) -> Escalation {
        guard let (found, _) = try await store.row(Escalation.self, tenant: tenant, HealingRows.escalations, id) else { throw .notFound("escalation \(id)") }
        let result = await locks.run(found.incident) { () async -> Result<Escalation, HealingError> in
            do throws(HealingError) {
                return .success(try await self.carryOut(id, tenant: tenant, option: name, by: person, note: note))
            } catch {
                return .failure(error)
            }
        }
        let escalation = try result.get()
        await advance(escalation.incident, tenant: tenant)
        return escalation
    }

    private func carryOut(_ id: String, tenant: String, option name: String, by person: String, note: String?) async throws(HealingError) -> Escalation {
        guard let (escalation, escalationVersion) = try await store.row(Escalation.self, tenant: tenant, HealingRows.escalations, id) else {
            throw .notFound("escalation \(id)")
        }
        guard escalation.status != "recovered" else {
            throw .conflict("escalation \(id) is closed: \(escalation.resolution?.note ?? "its agent recovered before anyone acted")")
        }
        guard escalation.status == "open" else { throw .conflict("escalation \(id) was already resolved with \(escalation.resolution?.option ?? "an option")") }
        guard let option = escalation.recommendedOptions.first(where: { $0.name == name }) else {
            throw .invalid([FieldProblem(field: "option", reason: "must be one of \(escalation.recommendedOptions.map(\.name).joined(separator: ", ")), got '\(name)'")])
        }
        guard let (incident, incidentVersion) = try await store.row(Incident.self, tenant: tenant, HealingRows.incidents, escalation.incident) else {
            throw .notFound("incident \(escalation.incident)")
        }
        let now = clock.now()
        var change = HealingChange(tenant: tenant)
        let playbook = option.playbook.flatMap { rules.configuration.playbook(named: $0) }
        // A playbook may not start while remediation is switched off: the choice is kept and the
        // incident held, as the loop holds its own attempts, until remediation is allowed again.
        let stop = playbook == nil ? nil : try await stopReason(tenant: tenant)
        var resolved = escalation
        resolved.status = "resolved"
        resolved.resolution = EscalationResolution(option: name, by: person, note: note, at: now)
        if let playbook, let stop { resolved.resolution?.heldBecause = "\(playbook.name) waits: \(stop)" }
        try change.put(HealingRows.escalations, id, resolved, status: "resolved", ref: escalation.agent, expectedVersion: escalationVersion)
        change.log("escalation.resolved", subject: HealingRows.subject(agent: escalation.agent), [
            "escalation": .string(id), "incident": .string(incident.id), "option": .string(name), "by": .string(person),
            "note": note.map(JSONValue.string) ?? .null,
        ])
        if escalation.paged { change.closedPages.append(resolved) }
        var next = incident
        if option.reduceScope {
            // A throttle with an end, as the loop's own: the healing round gives the slots back.
            var row = try await allocation(incident.agent, tenant: tenant, now: now)
            let minutes = RemediationOptions.reducedScopeMinutes
            let before = row.value.slots
            row.value.slotsBeforeThrottle = row.value.slotsBeforeThrottle ?? row.value.slots
            row.value.slots = rules.settings.concurrency.min
            row.value.maxConcurrent = rules.settings.concurrency.min
            row.value.throttledUntil = now.adding(milliseconds: minutes * 60_000)
            row.value.reason = "scope reduced by \(person) for \(minutes) min (escalation \(id), \(name))"
            row.value.changedAt = now
            try record(row, previousSlots: before, change: &change, cause: incident.id)
        }
        if let playbook {
            let choice = HeldChoice(playbook: playbook.name, option: name, by: person, escalation: id, at: now)
            if let stop {
                next.heldChoice = choice
                hold(&next, reason: stop, change: &change, now: now)
            } else {
                startChosen(choice, playbook: playbook, incident: &next, change: &change, now: now)
            }
        } else {
            resolve(&next, by: person, how: "resolved by \(person): \(name)", change: &change, now: now)
        }
        try await save(next, version: incidentVersion, change: &change, now: now)
        return resolved
    }
}
