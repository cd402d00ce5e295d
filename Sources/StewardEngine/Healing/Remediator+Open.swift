import Logging
import StewardCore

extension Remediator {
    /// Opens an incident for a problem signal: classifies it, checks inhibition, chooses a
    /// playbook and starts the first attempt, in one commit. Nil when another event opened one first.
    func open(_ signal: StatusSignal, agent: AgentRecord, health: AgentHealthRow?, healthVersion: Int64) async throws(HealingError) -> String? {
        var (health, healthVersion) = (health, healthVersion)
        // A refused commit is retried while the agent still has no incident: the opening also
        // writes a relapse's arm, which a concluding attempt of the same class may have changed.
        for _ in 0..<3 {
            var change = HealingChange(tenant: agent.tenant)
            let now = clock.now()
            guard let incident = try await prepareOpening(signal, agent: agent, health: health, healthVersion: healthVersion, now: now, change: &change)
            else { return nil }
            if try await store.apply(change.commit(actor: "steward", revision: rules.revision, now: now)) {
                await announce(incident, change: change)
                return incident.status == .escalated ? nil : incident.id
            }
            let current = try await store.row(AgentHealthRow.self, tenant: agent.tenant, HealingRows.agentHealth, agent.name)
            guard current?.value.incident == nil else { return nil }
            (health, healthVersion) = (current?.value, current?.version ?? 0)
        }
        return nil
    }

    /// Writes into `change` everything that opening an incident for `signal` commits: the
    /// incident and its first attempt, the agent's remediation row (conditioned on
    /// `healthVersion`) and the entries. Nil when no classifier rule matches. `pending` are agents'
    /// rows written in the same commit, which the classifier must see as the store will.
    func prepareOpening(
        _ signal: StatusSignal, agent: AgentRecord, health: AgentHealthRow?, healthVersion: Int64, now: Timestamp,
        pending: [String: AgentRecord] = [:], change: inout HealingChange
    ) async throws(HealingError) -> Incident? {
        let tenant = agent.tenant
        let facts = try await classifierFacts(signal, agent: agent, now: now, pending: pending)
        guard let verdict = rules.classifier.classify(facts) else {
            logger.warning("no classifier rule matched a problem signal", metadata: ["tenant": "\(tenant)", "agent": "\(agent.name)"])
            return nil
        }
        let id = newID("inc")
        var incident = Incident(id: id, tenant: tenant, agent: agent.name, domain: agent.domain, verdict: verdict, signal: signal, now: now)
        let subject = HealingRows.subject(agent: agent.name)
        change.log("incident.opened", subject: subject, [
            "incident": .string(id), "classification": .string(verdict.classification.rawValue), "rule": .string(verdict.rule),
            "ruleIndex": .int(Int64(verdict.index)), "signalTs": .string(signal.ts.rfc3339), "groupKey": .string(incident.groupKey),
            "ruleErrors": .array(verdict.errors.map(JSONValue.string)), "severity": .string(incident.severity.rawValue),
            "agent": .string(agent.name),
        ])
        try await inhibit(&incident, failing: facts.failingDependencies, signal: signal, change: &change)
        let relapsed = noteRelapse(&incident, after: health?.lastResolved, change: &change, now: now)
        if incident.status != .suppressed {
            // The kill switch's row and the class's arms in one read.
            let keys = [DocumentKey(SpineRows.autonomy, SpineRows.tenantAutonomy)] + armKeys(incident.classification)
            let docs: [ProjectionDocument]
            do { docs = try await store.projections(tenant: tenant, keys: keys) } catch { throw .store(error) }
            let armDocs = docs.filter { $0.collection == HealingRows.arms }
            var arms = try arms(armDocs)
            if relapsed, let last = health?.lastResolved {
                let versions = Dictionary(armDocs.map { ($0.id, $0.version) }, uniquingKeysWith: max)
                try retractHeal(last, agent: agent.name, arms: &arms, versions: versions, change: &change, now: now)
            }
            var autonomy: TenantAutonomy?
            if let row = docs.first(where: { $0.collection == SpineRows.autonomy }) { autonomy = try store.decodeRow(TenantAutonomy.self, row) }
            if relapsed, (incident.relapses ?? 0) > rules.settings.relapseLimit {
                try await escalate(
                    &incident, reason: "Flapping",
                    summary: "\(agent.name) relapsed \(incident.relapses ?? 0) times within \(rules.settings.relapseWindowMinutes) minutes of being healed; the fixes do not hold.",
                    change: &change, now: now)
            } else if let stop = stopReason(autonomy: autonomy) {
                change.log("remediation.held", subject: subject, ["incident": .string(id), "reason": .string(stop)])
            } else {
                try await begin(&incident, change: &change, now: now, arms: arms)
            }
        }
        try change.put(HealingRows.incidents, id, incident, status: incident.status.rawValue, ref: agent.name, expectedVersion: 0)
        try change.put(
            HealingRows.agentHealth, agent.name, AgentHealthRow(incident: id, state: AgentHealthRow.state(of: incident)),
            expectedVersion: healthVersion)
        return incident
    }

    /// What follows an opening's commit: pages, builtin steps and the breakers' count.
    func announce(_ incident: Incident, change: HealingChange) async {
        for escalation in change.paging { await spine.alerts.escalation(escalation) }
        for step in change.builtins { await builtinSteps.notify(step) }
        await openedIncidents.notify(incident)
    }

    /// What the classifier's rules read besides the signal.
    func classifierFacts(
        _ signal: StatusSignal, agent: AgentRecord, now: Timestamp, pending: [String: AgentRecord] = [:]
    ) async throws(HealingError) -> ClassifierFacts {
        let others = try await claimants(of: signal.context.directiveId, tenant: agent.tenant, except: agent.name, now: now, pending: pending)
        return ClassifierFacts(
            signal: signal, domain: agent.domain, healthyStreak: agent.healthyStreakBefore, recentFailures: agent.recentFailures.count,
            directiveClaimants: signal.context.directiveId == nil ? 0 : others.count + 1,
            failingDependencies: try await failingSources(of: signal, agent: agent.name, tenant: agent.tenant, now: now),
            slo: rules.settings.slo)
    }

    /// Other agents whose recent signals claim `directive`; `pending` rows, not yet committed,
    /// stand in for the stored ones of the same agents.
    func claimants(
        of directive: String?, tenant: String, except agent: String, now: Timestamp, pending: [String: AgentRecord] = [:]
    ) async throws(HealingError) -> [AgentRecord] {
        guard let directive else { return [] }
        let window = Int64(rules.settings.signals.claimWindowMinutes) * 60_000
        let stored = try await store.rows(AgentRecord.self, ProjectionQuery(tenant: tenant, collection: HealingRows.agents, ref: directive, limit: 100))
            .map(\.value).filter { pending[$0.name] == nil }
        // In the store's order, by name.
        return (stored + pending.values)
            .filter { $0.name != agent && $0.lastSignal?.context.directiveId == directive && ($0.lastSeenAt.map { now.milliseconds(since: $0) <= window } ?? false) }
            .sorted { $0.name < $1.name }
    }

    /// The agent's sources (declared and in the signal) that are stale or have an open incident.
    func failingSources(of signal: StatusSignal, agent: String, tenant: String, now: Timestamp) async throws(HealingError) -> [String] {
        var names = rules.declaredAgent(agent, tenant: tenant)?.dependencies ?? []
        for name in signal.context.dependencies where !names.contains(name) { names.append(name) }
        var failing: [String] = []
        for name in names {
            let row = try await store.row(SourceRow.self, tenant: tenant, HealingRows.sources, name)?.value
            let spec = rules.configuration.source(named: name)
            guard spec != nil || row != nil else { continue }  // a name nobody declared or refreshed says nothing
            // A source nobody ever reported refreshing is unknown, not failing: classifying every
            // problem of its readers as DATA_DEP would hide the real cause.
            let stale = row?.lastRefreshedAt != nil && (row?.isStale(spec, now: now) ?? false)
            if row?.incident != nil || row?.reachable == false || stale {
                failing.append(name)
            }
        }
        return failing
    }

    /// Suppresses an incident caused by a source that already has an incident (inhibition, as
    /// Alertmanager does it), or makes a data-dependency incident the one about its source.
    func inhibit(_ incident: inout Incident, failing: [String], signal: StatusSignal, change: inout HealingChange) async throws(HealingError) {
        for name in failing {
            guard let source = try await store.row(SourceRow.self, tenant: incident.tenant, HealingRows.sources, name),
                  let upstream = source.value.incident, upstream != incident.id,
                  let open = try await store.row(Incident.self, tenant: incident.tenant, HealingRows.incidents, upstream), open.value.isOpen
            else { continue }
            incident.status = .suppressed
            incident.suppressedBy = upstream
            incident.source = name
            change.log("incident.suppressed", subject: HealingRows.subject(agent: incident.agent), [
                "incident": .string(incident.id), "suppressedBy": .string(upstream), "source": .string(name),
                "reason": .string("source \(name) already has incident \(upstream) (agent \(open.value.agent)); this one is its downstream effect"),
            ])
            return
        }
        guard incident.classification == .dataDependency, let name = failing.first ?? signal.context.dependencies.first else { return }
        incident.source = name
        let current = try await store.row(SourceRow.self, tenant: incident.tenant, HealingRows.sources, name)
        incident.sourceWasStale = current.map { $0.value.lastRefreshedAt != nil && $0.value.isStale(rules.configuration.source(named: name), now: incident.openedAt) }
        var row = current?.value ?? SourceRow(name: name)
        row.incident = incident.id
        try change.put(HealingRows.sources, name, row, expectedVersion: current?.version ?? 0)
    }

    /// Why new remediation may not start now (AUTO_REMEDIATE off, kill switch engaged), or nil.
    func stopReason(tenant: String) async throws(HealingError) -> String? {
        guard rules.settings.autoRemediate else { return stopReason(autonomy: nil) }
        return stopReason(autonomy: try await store.row(TenantAutonomy.self, tenant: tenant, SpineRows.autonomy, SpineRows.tenantAutonomy)?.value)
    }

    /// ``stopReason(tenant:)`` given the tenant's autonomy row.
    func stopReason(autonomy: TenantAutonomy?) -> String? {
        guard rules.settings.autoRemediate else { return "AUTO_REMEDIATE is off: signals are recorded, nothing is remediated" }
        if let kill = autonomy?.killSwitch, kill.engaged {
            return "the kill switch is engaged\(kill.reason.map { ": \($0)" } ?? ""); remediation waits until it is released"
        }
        return nil
    }
}
