public import StewardCore

/// The engine's configuration for a simulated fleet: its agents and sources, autopilot for the
/// seed scope, remediation on, and the tier's capabilities.
public enum SimulationConfiguration {
    /// The configuration for `fleet`'s agents under `tier`.
    public static func make(agents: [SimAgentSpec], tier: SimulationTier) -> StewardConfiguration {
        var c = StewardConfiguration.default
        let known = Set(SourceSpec.seedSources.map(\.name))
        c.agents = agents.map { a in
            AgentSpec(name: a.name, domain: a.domain, dependencies: a.dependencies.filter(known.contains), slots: a.slots)
        }
        c.autonomy.mode = .autopilot
        c.remediation.mode = .autopilot
        tier.apply(to: &c)
        return c
    }
}
