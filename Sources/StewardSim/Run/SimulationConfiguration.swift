public import StewardCore

/// The engine's configuration for a simulated fleet: its agents and sources, autopilot for the
/// seed scope, remediation on, and the tier's capabilities.
public enum SimulationConfiguration {
    /// The configuration for `fleet`'s agents under `tier`, whose agents report every
    /// `signalIntervalSeconds`: `base` (a steward.yaml's: its policy, playbooks, classifier,
    /// action types and settings) with the scenario's agents in its place, as tenant `default`.
    public static func make(
        agents: [SimAgentSpec], tier: SimulationTier, signalIntervalSeconds: Int = 60, base: StewardConfiguration = .default
    ) -> StewardConfiguration {
        var c = base
        // The fleet runs as tenant `default`, with the file's settings for it if it has any.
        c.tenants = [base.tenants.first { $0.id == TenantSpec.default.id } ?? .default]
        c.autonomy.accounts = c.autonomy.accounts.filter { $0.tenant == TenantSpec.default.id }
        let known = Set(c.sources.map(\.name))
        c.agents = agents.map { a in
            AgentSpec(name: a.name, domain: a.domain, dependencies: a.dependencies.filter(known.contains), slots: a.slots)
        }
        c.autonomy.mode = .autopilot
        c.remediation.mode = .autopilot
        // A verification waits for the agent's next signal: give it two reporting intervals, as the
        // default 120 s gives agents that report every minute, so a slow reporter is not judged
        // "inconclusive" (a failed attempt) while it is well.
        c.remediation.verifyTimeoutSeconds = max(c.remediation.verifyTimeoutSeconds, 2 * signalIntervalSeconds)
        tier.apply(to: &c)
        return c
    }
}
