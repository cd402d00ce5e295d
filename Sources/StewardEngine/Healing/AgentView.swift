public import StewardCore

/// An agent as `GET /v1/agents` shows it: its signal row, its remediation state and its slots.
public struct AgentView: Sendable, Hashable, Codable {
    /// The name.
    public var name: String
    /// The domain.
    public var domain: Domain
    /// Healthy, Degraded, Recovering or Escalated.
    public var state: AgentHealth
    /// Whether a playbook is running for it (the tile's spinner).
    public var remediating: Bool
    /// The open (or escalated) incident.
    public var incident: String?
    /// The newest signal applied.
    public var lastSignal: StatusSignal?
    /// When it was received.
    public var lastSeenAt: Timestamp?
    /// Concurrency slots allocated.
    public var slots: Int
    /// Whether it registered itself with its first signal.
    public var autoRegistered: Bool
    /// Signals received.
    public var signals: Int
}

/// A page of rows and the cursor of the next.
public struct HealingPage<Item: Sendable & Encodable>: Sendable, Encodable {
    /// The rows.
    public var items: [Item]
    /// Pass as `after` for the next page; nil on the last.
    public var nextCursor: String?
}
