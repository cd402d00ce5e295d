public import StewardCore

/// The remediation loop's part of an agent's state, kept apart from the signal row so that the
/// intake and the loop never overwrite each other: the open incident and the dashboard state.
public struct AgentHealthRow: Sendable, Hashable, Codable {
    /// The open incident, if any.
    public var incident: String?
    /// Recovering, Escalated or Degraded while an incident is open; Healthy otherwise.
    public var state: AgentHealth

    /// Creates a row.
    public init(incident: String?, state: AgentHealth) {
        self.incident = incident
        self.state = state
    }

    /// The state an incident gives its agent.
    public static func state(of incident: Incident) -> AgentHealth {
        switch incident.status {
        case .open, .suppressed: .degraded
        case .remediating, .awaitingApproval, .verifying: .recovering
        case .escalated: .escalated
        case .resolved: .healthy
        }
    }
}

extension HealingRows {
    /// The loop's row per agent (``AgentHealthRow``).
    public static let agentHealth = "agent_health"
}
