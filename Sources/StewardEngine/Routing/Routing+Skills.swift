public import StewardCore

extension Routing {
    /// Every configured skill's routing: current and previous strategy, each strategy's metrics
    /// and score, the cooldown and the watch on a new strategy.
    public func skills(tenant: String) async throws(SpineError) -> [JSONValue] {
        let now = clock.now()
        var views: [JSONValue] = []
        for skill in settings.skills where !skill.strategies.isEmpty {
            let (state, _, stored) = try await state(tenant: tenant, of: skill)
            let measurements = try await measure(tenant: tenant, skill, now: now)
            let strategies: [JSONValue] = zip(skill.strategies, measurements).map { strategy, m in
                [
                    "name": .string(strategy.name), "description": .string(strategy.description), "reasoning": .string(strategy.reasoning),
                    "expected": (try? encode(strategy.expected)) ?? .null, "metrics": (try? encode(m.metrics)) ?? .null,
                    "source": .string(m.source.rawValue), "sampleSize": .int(Int64(m.sampleSize)), "score": .double(settings.reward.score(m.metrics)),
                ]
            }
            let cooldown = state.cooldownUntil.flatMap { $0 > now ? $0 : nil }
            views.append([
                "skill": .string(skill.skill), "current": .string(state.current), "default": .string(skill.defaultStrategy?.name ?? ""),
                "source": .string(stored && state.changedAt != nil ? "current" : "default"),
                "previous": state.previous.map(JSONValue.string) ?? .null, "changedAt": state.changedAt.map { .string($0.rfc3339) } ?? .null,
                "changedBy": state.changedBy.map(JSONValue.string) ?? .null, "change": state.change.map { .string($0.rawValue) } ?? .null,
                "reason": state.reason.map(JSONValue.string) ?? .null, "cooldownUntil": cooldown.map { .string($0.rfc3339) } ?? .null,
                "monitoring": try await monitoring(state, tenant: tenant, now: now), "strategies": .array(strategies),
            ])
        }
        return views
    }

    /// The watch on the current strategy as shown: since, until and what the rule sees so far.
    private func monitoring(_ state: RoutingState, tenant: String, now: Timestamp) async throws(SpineError) -> JSONValue {
        guard let watch = state.activeMonitoring(at: now) else { return .null }
        let facts: [ExecutionFact]
        do {
            facts = try await store.executionFacts(tenant: tenant, skill: state.skill, from: watch.since, to: now.adding(milliseconds: 86_400_000))
        } catch {
            throw .store(error)
        }
        let rule = RollbackRule(guardrails: settings.guardrails, minimumSample: settings.minimumSample)
        var view: [String: JSONValue] = [
            "strategy": .string(watch.strategy), "previous": .string(watch.previous), "previousSuccessRate": .double(watch.previousSuccessRate),
            "since": .string(watch.since.rfc3339), "until": .string(watch.until.rfc3339),
        ]
        switch rule.judge(facts.filter { $0.strategy == watch.strategy }, previousSuccessRate: watch.previousSuccessRate) {
        case .keep(let run, let n, let rate):
            view["consecutiveFailures"] = .int(Int64(run))
            view["sampleSize"] = .int(Int64(n))
            view["successRate"] = rate.map(JSONValue.double) ?? .null
        case .rollBack(_, _, let n, let rate):
            view["sampleSize"] = .int(Int64(n))
            view["successRate"] = .double(rate)
        }
        return .object(view)
    }
}
