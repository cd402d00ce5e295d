import Logging
public import StewardCore

extension Routing {
    /// Watches newly stored executions (seed 004 §2c.3): for each skill whose new strategy is
    /// under watch and which this batch reported on, judges the strategy's executions since the
    /// change and rolls back to the previous strategy when the rule says so. Never throws:
    /// ingest has already stored the records.
    public func watch(_ batch: StoredExecutions) async {
        var skills: Set<String> = []
        for record in batch.records where record.routingStrategy != nil && settings.strategies(of: record.skillName) != nil {
            skills.insert(record.skillName)
        }
        for skill in skills.sorted() {
            do {
                try await watch(skill: skill, batch: batch)
            } catch {
                logger.error("routing watch failed", metadata: ["tenant": "\(batch.tenant)", "skill": "\(skill)", "error": "\(error)"])
            }
        }
    }

    private func watch(skill name: String, batch: StoredExecutions) async throws(SpineError) {
        let skill = try strategies(of: name)
        let (state, version, _) = try await state(tenant: batch.tenant, of: skill)
        guard let watch = state.activeMonitoring(at: batch.at),
              batch.records.contains(where: { $0.skillName == name && $0.routingStrategy == watch.strategy })
        else { return }
        let facts: [ExecutionFact]
        do {
            // Records may end a little after the server's clock (telemetry.maxFutureSkewSeconds).
            facts = try await store.executionFacts(tenant: batch.tenant, skill: name, from: watch.since, to: batch.at.adding(milliseconds: 86_400_000))
        } catch {
            throw .store(error)
        }
        let rule = RollbackRule(guardrails: settings.guardrails, minimumSample: settings.minimumSample)
        guard case .rollBack(let guardrail, let reason, let n, let rate) = rule.judge(
            facts.filter { $0.strategy == watch.strategy }, previousSuccessRate: watch.previousSuccessRate)
        else { return }
        let now = clock.now()
        let next = state.switching(
            to: watch.previous, change: .rollback, by: "steward", reason: "rolled back: \(reason)", now: now,
            cooldownHours: settings.guardrails.cooldownHours, monitoring: nil)
        let payload: JSONValue = [
            "skill": .string(name), "from": .string(watch.strategy), "to": .string(watch.previous), "guardrail": .string(guardrail),
            "reason": .string(reason), "sampleSize": .int(Int64(n)), "successRate": .double(rate),
            "previousSuccessRate": .double(watch.previousSuccessRate), "changedAt": state.changedAt.map { .string($0.rfc3339) } ?? .null,
            "cooldownUntil": next.cooldownUntil.map { .string($0.rfc3339) } ?? .null,
        ]
        do {
            try await commit(StoreCommit(
                drafts: [try draft(batch.tenant, "routing.rolled_back", subject: "skill:\(name)", actor: "steward", payload, now: now)],
                projections: [try row(next, tenant: batch.tenant)],
                preconditions: [ProjectionPrecondition(tenant: batch.tenant, collection: Self.states, id: name, expectedVersion: version)]),
                what: "the routing of \(name)")
        } catch {
            // Another request or replica changed the routing first (perhaps rolling back itself).
            if case .conflict = error { return }
            throw error
        }
        announce(
            "routing.rolled_back", tenant: batch.tenant, skill: name,
            text: "Steward rolled \(name) back from \(watch.strategy) to \(watch.previous): \(reason).", payload: payload, now: now)
    }
}

/// Execution records just stored by one ingest, for those who watch them.
public struct StoredExecutions: Sendable {
    /// The tenant.
    public var tenant: String
    /// The records stored, in batch order.
    public var records: [SkillExecution]
    /// When they were stored (the server's clock).
    public var at: Timestamp

    /// A stored batch.
    public init(tenant: String, records: [SkillExecution], at: Timestamp) {
        self.tenant = tenant
        self.records = records
        self.at = at
    }
}

/// The observers of stored execution batches.
public typealias ExecutionObservers = Observers<StoredExecutions>
