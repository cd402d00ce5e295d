import StewardCore
import Synchronization

extension Remediator {
    /// Moves slots by ROI (seed 000 §3) or throttles low-ROI agents, recording each change.
    func rebalance(tenant: String, reserve: Int?, roiFloor: Double?, cause: String, change: inout HealingChange, now: Timestamp) async throws(HealingError) -> String {
        let settings = rules.settings
        let agents = try await decoded.rows(AgentRecord.self, ProjectionQuery(tenant: tenant, collection: HealingRows.agents, limit: 1000), store: store)
            .map(\.value)
        let rows = try await allocations(agents.map(\.name), tenant: tenant, now: now)
        var loads: [AgentLoad] = []
        for agent in agents {
            guard let row = rows[agent.name] else { continue }
            let signal = agent.lastSignal
            loads.append(AgentLoad(
                agent: agent.name, domain: agent.domain, slots: row.value.slots,
                slotsInUse: min(row.value.slots, signal?.context.queueDepth ?? 0),
                impactPointsPerHour: rules.declaredAgent(agent.name, tenant: tenant)?.impactPointsPerHour ?? 1,
                backlogAgeMinutes: signal?.metrics.backlogAgeMinutes ?? 0, queueDepth: signal?.context.queueDepth ?? 0))
        }
        let floor = roiFloor ?? settings.roiFloor
        let plan = reserve.map { ConcurrencyRebalancer.throttleLowROI(loads, reserveSlots: $0, roiFloor: floor, limits: settings.concurrency, priority: settings.priority) }
            ?? ConcurrencyRebalancer.plan(loads, limits: settings.concurrency, queueSlaMinutes: settings.queueSlaMinutes, roiFloor: floor, priority: settings.priority)
        guard plan.changed else { return "no slot needs to move" }
        for (name, slots) in plan.allocations.sorted(by: { $0.key < $1.key }) {
            guard var row = rows[name], row.value.slots != slots else { continue }
            let before = row.value.slots
            let reasons = plan.moves.filter { $0.from == name || $0.to == name }.map(\.reason) + plan.preemptions.filter { $0.agent == name }.map(\.reason)
            row.value.slots = slots
            row.value.reason = reasons.isEmpty ? "rebalanced (\(cause))" : reasons.joined(separator: "; ")
            row.value.changedAt = now
            try record(row, previousSlots: before, change: &change, cause: cause)
        }
        return plan.moves.map { "\($0.slots) slot(s) \($0.from) → \($0.to)" }.joined(separator: ", ")
            + (plan.preemptions.isEmpty ? "" : "; preempted: \(plan.preemptions.map(\.agent).joined(separator: ", "))")
    }

    /// Before a retry: refresh a stale source, read its fallback, or degrade (seed 000 §4).
    func refreshOrFallBack(
        _ source: String, reportedStale: Bool = false, index: Int, attempt: inout Attempt, incident: Incident, run: inout StepRun, change: inout HealingChange,
        now: Timestamp
    ) async throws(HealingError) {
        let tenant = incident.tenant
        let spec = rules.configuration.source(named: source) ?? SourceSpec(name: source)
        let row = try await store.row(SourceRow.self, tenant: tenant, HealingRows.sources, source)?.value ?? SourceRow(name: source)
        var fallback: (spec: SourceSpec, state: SourceState?)?
        if let name = spec.fallback {
            let other = try await store.row(SourceRow.self, tenant: tenant, HealingRows.sources, name)?.value
            fallback = (rules.configuration.source(named: name) ?? SourceSpec(name: name), other.map(Self.state))
        }
        // A refresh that failed minutes ago is tried again here: only a recent failure, or this
        // attempt's own refetch, says the source cannot be reached now (seed 000 §4 refetches
        // before falling back or degrading).
        var primary = Self.state(row)
        let failedHere = attempt.steps.contains { $0.primitive == .refetchSource && $0.status == .failed && $0.args["source"]?.stringValue == source }
        primary.reachable = !row.failedRecently(now: now) && !failedHere
        let plan = FreshnessContract.plan(
            for: spec, state: primary, fallback: fallback, refreshFailed: !primary.reachable, reportedStale: reportedStale, now: now)
        run.detail = plan.explanation
        if reportedStale, !FreshnessContract.check(spec, state: Self.state(row), now: now).isStale {
            run.detail += " (\(incident.agent) reported it stale after its last refresh)"
        }
        let subject = HealingRows.subject(agent: incident.agent)
        switch plan {
        case .proceed:
            break
        case .refresh:
            attempt.plan.insert(contentsOf: [
                PlaybookStep(.refreshCache), PlaybookStep(.refetchSource, ["source": .string(source)]), PlaybookStep(.validateInputs),
            ], at: index + 1)
        case .useFallback(_, let other):
            run.response = .object(["source": .string(source), "fallback": .string(other)])
            attempt.plan.insert(contentsOf: [PlaybookStep(.refetchSource, ["source": .string(other)]), PlaybookStep(.validateInputs)], at: index + 1)
            change.log("source.fallback", subject: subject, ["source": .string(source), "fallback": .string(other), "incident": .string(incident.id)])
        case .degrade(_, let mode, let scope):
            run.response = .object(["source": .string(source), "degraded": .bool(true), "mode": .string(mode.description), "scope": .string(scope)])
            change.log("source.degraded", subject: subject, [
                "source": .string(source), "mode": .string(mode.description), "scope": .string(scope), "incident": .string(incident.id),
            ])
        }
    }

    static func state(_ row: SourceRow) -> SourceState {
        SourceState(name: row.name, lastRefreshedAt: row.lastRefreshedAt, lastKnownGoodAt: row.lastKnownGoodAt, reachable: row.reachable, lastError: row.lastError)
    }

    /// Records what a refetch step did to its source's freshness.
    func noteSource(_ run: StepRun, incident: Incident, change: inout HealingChange, now: Timestamp) async throws(HealingError) {
        guard run.primitive == .refetchSource, let name = run.args["source"]?.stringValue else { return }
        let current = try await store.row(SourceRow.self, tenant: incident.tenant, HealingRows.sources, name)
        var row = current?.value ?? SourceRow(name: name)
        row.record(refreshedAt: run.status == .succeeded ? now : nil, error: run.detail, now: now)
        try change.put(HealingRows.sources, name, row, expectedVersion: current?.version ?? 0)
        change.log("source.refetched", subject: "source:\(name)", ["source": .string(name), "ok": .bool(run.status == .succeeded), "incident": .string(incident.id)])
    }

    /// The bandit's pick among `names` for the incident's class, exploring only allowed arms. A
    /// playbook already tried for the incident (run by an earlier attempt, or one that healed the
    /// last incident without holding) is left out while another remains.
    func banditPick(_ names: [String], incident: Incident) async throws(HealingError) -> (chosen: String, explored: Bool, reason: String) {
        let tried = incident.playbooksTried
        let untried = names.filter { !tried.contains($0) }
        let skipped = untried.isEmpty ? [] : names.filter { !untried.contains($0) }
        let note = skipped.isEmpty ? "" : "; passed over as already tried: \(skipped.joined(separator: ", "))"
        let names = untried.isEmpty ? names : untried
        let arms = try await armStats(incident.tenant, incident.classification)
        let allowed = try await allowedPlaybooks(names, incident: incident)
        var utilities: [String: Double] = [:]
        for name in names {
            if let playbook = rules.configuration.playbook(named: name) { utilities[name] = utility(of: playbook, incident: incident, arms: arms).value }
        }
        let bandit = rules.settings.bandit
        let picked = generator.withLock { g in
            PlaybookBandit.choose(candidates: names, stats: arms, allowed: allowed, utilities: utilities, strategy: bandit.strategy, epsilon: bandit.exploration, using: &g)
        }
        guard let picked else { return (names[0], false, "the only candidate" + note) }
        return (picked.chosen, picked.explored, picked.reason + note)
    }
}
