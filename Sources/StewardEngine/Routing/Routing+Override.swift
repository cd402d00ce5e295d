public import StewardCore

extension Routing {
    /// An operator's override (seed 004 §2c.4): back to the previous strategy at once, or to the
    /// one named. Starts the cooldown; a person's choice is not watched for a rollback.
    public func override(
        skill name: String, to strategy: String?, reason: String, tenant: String, principal: String, actor: String
    ) async throws(SpineError) -> RoutingState {
        var problems: [FieldProblem] = []
        if reason.isEmpty { problems.append(.init(field: "reason", reason: "is required")) }
        let skill = try strategies(of: name)
        if let strategy, skill.strategy(named: strategy) == nil {
            problems.append(.init(field: "strategy", reason: "'\(strategy)' is not a strategy of \(name); configured: \(skill.strategies.map(\.name).joined(separator: ", "))"))
        }
        let (state, version, _) = try await state(tenant: tenant, of: skill)
        let target = strategy ?? state.previous
        if strategy == nil && target == nil {
            problems.append(.init(field: "strategy", reason: "is required: \(name) has no previous strategy to revert to"))
        }
        guard problems.isEmpty, let target else { throw .invalid(problems) }
        let now = clock.now()
        let next = state.switching(
            to: target, change: .override, by: principal, reason: reason, now: now, cooldownHours: settings.guardrails.cooldownHours, monitoring: nil)
        let payload: JSONValue = [
            "skill": .string(name), "from": .string(state.current), "to": .string(target), "by": .string(principal), "reason": .string(reason),
            "cooldownUntil": next.cooldownUntil.map { .string($0.rfc3339) } ?? .null,
        ]
        try await commit(StoreCommit(
            drafts: [try draft(tenant, "routing.overridden", subject: "skill:\(name)", actor: actor, payload, now: now)],
            projections: [try row(next, tenant: tenant)],
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.states, id: name, expectedVersion: version)]),
            what: "the routing of \(name)")
        announce(
            "routing.overridden", tenant: tenant, skill: name, text: "\(principal) set the routing of \(name) to \(target): \(reason)",
            payload: payload, now: now)
        return next
    }
}

extension Routing {
    /// An experiment's winner, approved by a person (seed 004 §2b.4): the routing moves to it, and
    /// unlike an override the new strategy is watched for `monitorHours` and rolled back on a
    /// regression, as an approved routing proposal is.
    public func promote(
        skill name: String, to strategy: String, reason: String, tenant: String, principal: String, actor: String
    ) async throws(SpineError) -> RoutingState {
        let skill = try strategies(of: name)
        guard skill.strategy(named: strategy) != nil else {
            throw .conflict("strategy \(strategy) of \(name) is no longer configured")
        }
        let (state, version, _) = try await state(tenant: tenant, of: skill)
        let now = clock.now()
        // The regression watch compares the new strategy's success with what it replaces.
        let before = try await measure(tenant: tenant, skill, now: now).first { $0.strategy == state.current }?.metrics.successRate ?? 1
        let next = switched(state, to: strategy, change: .approved, by: principal, reason: reason, previousSuccessRate: before, now: now)
        try await commit(StoreCommit(
            drafts: [try changeEntry(next, decision: nil, proposal: nil, tenant: tenant, actor: actor, now: now)],
            projections: [try row(next, tenant: tenant)],
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.states, id: name, expectedVersion: version)]),
            what: "the routing of \(name)")
        announce(
            "routing.changed", tenant: tenant, skill: name, text: "\(principal) moved \(name) from \(state.current) to \(strategy): \(reason)",
            payload: ["skill": .string(name), "from": .string(state.current), "to": .string(strategy), "by": .string(principal), "reason": .string(reason)],
            now: now)
        return next
    }
}
