public import StewardCore

extension Remediator {
    /// The KPIs of seeds 001 §13 and 000 §8 over `window`, from the incident rows, the signals in
    /// the ledger (at most `maxSignals` of them, which the report's `signals` says) and the current
    /// allocations. A week of a 100-agent fleet reporting every minute is a million signals.
    public func kpis(tenant: String, window: KPIWindow, maxSignals: Int = 2_000_000) async throws(HealingError) -> KPIReport {
        var incidents: [IncidentSummary] = []
        var after: String?
        repeat {
            let page = try await self.incidents(tenant: tenant, status: nil, agent: nil, after: after, limit: 1000)
            incidents += page.items.map(summary)
            after = page.nextCursor
        } while after != nil
        // Folded page by page: a week of a fleet's signals is a million rows.
        var signals = SignalTally(window: window)
        var read = 0
        var cursor: Int64 = 0
        while read < maxSignals {
            let page: LedgerPage
            do {
                page = try await store.ledger(tenant: tenant, query: LedgerQuery(
                    afterSeq: cursor, kinds: ["signal.received"], from: window.from, to: window.to, limit: 1000))
            } catch {
                throw .store(error)
            }
            read += page.rows.count
            for row in page.rows {
                guard let payload = try? JSONReader.parse(row.canonicalPayload), let signal = payload["signal"],
                      let agent = signal["agent"]?.stringValue, let alignment = signal["metrics"]?["alignment"]?.doubleValue else { continue }
                signals.add(SignalSample(agent: agent, ts: row.ts, alignment: alignment, directiveId: signal["context"]?["directiveId"]?.stringValue))
            }
            guard let next = page.nextCursor else { break }
            cursor = next
            if read >= maxSignals { signals.complete = false }
        }
        // Allocation history is not kept as samples yet: the current allocation against the
        // agents' last reported queue stands for the window.
        var allocations: [AllocationSample] = []
        for row in try await self.allocations(tenant: tenant) {
            let inUse = try await store.row(AgentRecord.self, tenant: tenant, HealingRows.agents, row.agent)?.value.lastSignal?.context.queueDepth ?? 0
            allocations.append(AllocationSample(agent: row.agent, ts: window.to.adding(milliseconds: -1), slots: row.slots, slotsInUse: min(row.slots, inUse)))
        }
        return KPIReport.compute(
            window: window, incidents: incidents, signals: signals, allocations: allocations, alignmentTarget: rules.settings.slo.alignment)
    }

    /// An incident as the KPI report reads it.
    func summary(_ incident: Incident) -> IncidentSummary {
        let outcome: IncidentOutcome
        switch incident.status {
        case .resolved where incident.resolvedBy == Self.recoveredByAgent:
            // Handed to a person who had not acted when the agent came back: still an escalation.
            outcome = .escalated
        case .resolved: outcome = incident.resolvedBy == "steward" || incident.resolvedBy == nil ? .autoResolved : .resolvedByPerson
        case .escalated: outcome = .escalated
        case .suppressed: outcome = .suppressed
        case .open, .remediating, .awaitingApproval, .verifying: outcome = .open
        }
        let fixed = rules.playbooks(for: incident.classification).first { !$0.isBanditChoice }?.name
        let last = incident.attempts.last
        return IncidentSummary(
            id: incident.id, agent: incident.agent, classification: incident.classification.rawValue, openedAt: incident.openedAt,
            closedAt: incident.status == .resolved || incident.status == .escalated ? incident.closedAt : nil, outcome: outcome,
            attempts: incident.attempts.count, costUsd: incident.costUsd, playbook: last.map { $0.selected ?? $0.playbook },
            chosenByBandit: incident.choice?.byBandit ?? false, defaultPlaybook: fixed, neededPerson: incident.neededPerson,
            staleData: incident.classification == .dataDependency
                && (incident.firstSignal.context.errorCode == .staleData || incident.sourceWasStale == true),
            escalatedAt: incident.escalatedAt, relapse: incident.relapseOf != nil)
    }
}
