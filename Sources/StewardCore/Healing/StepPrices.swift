/// What each primitive costs when it runs, as the budget charges it: an agent primitive is a
/// proposal of its action type, charged that type's `costUsd` (which steward.yaml may override);
/// a builtin that moves slots is charged `AUTOREM_COST_PER_REBALANCE`. Expected utility, rewards
/// and escalation options price steps the same way, so the score that picks a playbook is the
/// bill it runs up (QA r8 orchestration M1).
public struct StepPrices: Sendable, Hashable {
    /// The `AUTOREM_COST_PER_*` settings.
    public var costs: ActionCosts
    /// The effective `costUsd` of the agent primitives' action types, by primitive name.
    public var typeCosts: [String: Double]

    /// Prices from the settings, with the action types' costs where a type names a primitive.
    public init(costs: ActionCosts, types: [String: ActionType] = [:]) {
        self.costs = costs
        var typeCosts: [String: Double] = [:]
        for primitive in Primitive.allCases where !primitive.isBuiltin {
            if let type = types[primitive.rawValue] { typeCosts[primitive.rawValue] = type.costUsd }
        }
        self.typeCosts = typeCosts
    }

    /// What one step of `primitive` costs.
    public func price(_ primitive: Primitive) -> Double {
        typeCosts[primitive.rawValue] ?? primitive.cost(costs)
    }

    /// What a playbook's steps cost together.
    public func price(_ playbook: Playbook) -> Double {
        playbook.steps.reduce(0) { $0 + price($1.primitive) }
    }
}
