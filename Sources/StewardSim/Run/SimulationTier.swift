public import StewardCore

/// Which of Steward's capabilities a simulation runs with (seed 000's two tiers).
public enum SimulationTier: String, Sendable, Hashable, Codable, CaseIterable {
    /// The first matching playbook only: no bandit, no freshness contracts, no rebalancer.
    case tier1
    /// Everything on.
    case tier2

    /// `configuration` with this tier's capabilities.
    public func apply(to configuration: inout StewardConfiguration) {
        guard self == .tier1 else { return }
        configuration.remediation.bandit.enabled = false
        // No freshness contracts: no source is watched, so stale data is found only by failures.
        configuration.sources = []
        configuration.agents = configuration.agents.map { agent in
            var a = agent
            a.dependencies = []
            return a
        }
    }

    /// Whether the concurrency rebalancer runs.
    public var rebalances: Bool { self == .tier2 }
}
