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
