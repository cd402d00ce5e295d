/// A primitive a playbook step names (seed 001 §5 and seed 000 §7).
///
/// Builtins change Steward's own state (priorities, slots, throttles, freshness checks, the
/// bandit's choice); agent primitives act on an agent, so they are proposals through the action
/// spine to the agent's executor, with the gate, budgets and ledger applying to them.
public enum Primitive: String, Sendable, Hashable, Codable, CaseIterable {
    case applyPriorityRules, throttleAgent, reallocateSlots, rebalanceByROI, throttleLowROI, estimateImpact
    case checkFreshness, refreshIfStale, selectByBandit, executeSelected
    case restartAgent, retryLastTask, reassignOverlaps, splitDirective, refreshCache, refetchSource, validateInputs
    case checkSecrets, schemaMigrateIfNeeded

    /// Whether Steward performs it itself, without an executor.
    public var isBuiltin: Bool {
        switch self {
        case .applyPriorityRules, .throttleAgent, .reallocateSlots, .rebalanceByROI, .throttleLowROI, .estimateImpact,
            .checkFreshness, .refreshIfStale, .selectByBandit, .executeSelected:
            true
        default:
            false
        }
    }

    /// What it costs in US dollars, from the `AUTOREM_COST_PER_*` settings.
    public func cost(_ costs: ActionCosts) -> Double {
        switch self {
        case .restartAgent: costs.restart
        case .retryLastTask: costs.retry
        case .reallocateSlots, .rebalanceByROI, .throttleLowROI: costs.rebalance
        case .refetchSource, .refreshCache: costs.fetch
        default: 0
        }
    }
}
