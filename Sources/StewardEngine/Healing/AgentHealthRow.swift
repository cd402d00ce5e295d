public import StewardCore

/// The remediation loop's part of an agent's state, kept apart from the signal row so that the
/// intake and the loop never overwrite each other: the open incident and the dashboard state.
public struct AgentHealthRow: Sendable, Hashable, Codable {
    /// The open incident, if any.
    public var incident: String?
    /// Recovering, Escalated or Degraded while an incident is open; Healthy otherwise.
    public var state: AgentHealth
    /// The agent's last incident Steward closed as healed, so that a relapse soon after is known as one.
    public var lastResolved: ResolvedIncident?

    /// Creates a row.
    public init(incident: String?, state: AgentHealth, lastResolved: ResolvedIncident? = nil) {
        self.incident = incident
        self.state = state
        self.lastResolved = lastResolved
    }

    /// The state an incident gives its agent. A step waiting for a person's approval leaves the
    /// next move to a person, so the agent shows Escalated, not a spinner with nothing running.
    public static func state(of incident: Incident) -> AgentHealth {
        switch incident.status {
        case .open, .suppressed: .degraded
        case .remediating, .verifying: .recovering
        case .awaitingApproval, .escalated: .escalated
        case .resolved: .healthy
        }
    }
}

extension HealingRows {
    /// The loop's row per agent (``AgentHealthRow``).
    public static let agentHealth = "agent_health"
}

/// An incident Steward closed as healed, as a later relapse needs it.
public struct ResolvedIncident: Sendable, Hashable, Codable {
    /// Its id.
    public var incident: String
    /// Its class.
    public var classification: Classification
    /// When it closed.
    public var at: Timestamp
    /// The playbooks its last attempt ran (the bandit's playbook and the one it selected).
    public var playbooks: [String]
    /// How many relapses in a row led up to it (0 for a first incident).
    public var relapses: Int
    /// The bandit arm its healing attempt fed, and the reward it was given, so that a relapse can
    /// take that success back (nil in rows written before relapses corrected the arms).
    public var arm: String?
    /// The reward recorded for that attempt.
    public var reward: RemediationReward?
}
