import StewardCore

/// `steward demo`'s fleet and the configuration it runs under.
public enum DemoScenario {
    /// The seed fleet of six at demo speed: a status every 5 s, a fault somewhere every 15 s or
    /// so, a missing secret (which no playbook fixes) every few minutes, fixed by "a person" after
    /// three, and proposals often enough that some wait for approval and some fail. It opens with
    /// a script, so the first half-minute shows each thing whatever the seed: an email waiting for
    /// approval, a timeout healed, a fault nothing fixes escalated after two attempts, and a burst
    /// of work from a wedged agent that trips the error-rate breaker.
    public static let yaml = """
        name: demo
        signalIntervalSeconds: 5
        proposalsPerAgentPerHour: 30
        highRiskProposalShare: 0.3
        actionFailureRate: 0.1
        faultyActionFailureRate: 0.6
        manualFixMinutes: 3
        sourceRefreshFactor: 2
        sources: [MarketIntel, ContentBriefs, SalesPipeline]
        generatedAgents: 0
        faults:
          timeout:            { rate: 9,   recoverySeconds: 3, selfClearProbability: 0.2, selfClearSeconds: 60 }
          rate_limit:         { rate: 5,   recoverySeconds: 3, selfClearProbability: 0.3, selfClearSeconds: 45 }
          temp_network:       { rate: 5,   recoverySeconds: 3, selfClearProbability: 0.3, selfClearSeconds: 30 }
          stale_input:        { rate: 6,   recoverySeconds: 5 }
          missing_input:      { rate: 2,   recoverySeconds: 5 }
          missing_secret:     { rate: 2 }
          config_missing:     { rate: 1,   recoverySeconds: 8, fixableShare: 0.85 }
          directive_conflict: { rate: 3,   recoverySeconds: 5 }
          backlog_surge:      { rate: 4,   recoverySeconds: 8 }
          unfixable:          { rate: 0.5 }
          flapping:           { rate: 1,   recoverySeconds: 3, selfClearProbability: 0.5, selfClearSeconds: 120, periodSeconds: 20 }
          slow_recovery:      { rate: 1,   recoverySeconds: 25 }
        opening:
          - { atSeconds: 4,  agent: CMO, propose: send_email }
          - { atSeconds: 6,  agent: CRO, fault: timeout }
          - { atSeconds: 8,  agent: Content, fault: unfixable }
          - { atSeconds: 20, agent: ChiefOfStaff, fault: slow_recovery }
          - { atSeconds: 21, agent: ChiefOfStaff, propose: create_internal_note, count: 12 }
        """

    /// steward.yaml for the demo: the fleet's agents, autopilot over the seed scope, remediation
    /// on with a verification grace of 30 s (the demo's agents recover within 25 s), and the
    /// default breakers and playbooks.
    public static func configuration(agents: [SimAgentSpec]) -> String {
        let known = Set(SourceSpec.seedSources.map(\.name))
        var lines = [
            "# Written by `steward demo` for its simulated fleet.",
            "autonomy:", "  mode: autopilot",
            "remediation:", "  mode: autopilot", "  verifyGraceSeconds: 30",
            "agents:",
        ]
        for agent in agents {
            let deps = agent.dependencies.filter(known.contains).map { "\"\($0)\"" }.joined(separator: ", ")
            lines.append("  - {name: \"\(agent.name)\", domain: \(agent.domain.rawValue), slots: \(agent.slots), dependencies: [\(deps)]}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
