/// How much a tenant or account lets Steward do without a person (seed 003 §5.1).
public enum AutonomyMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Steward proposes only; nothing executes until a person triggers it.
    case assist
    /// Every action needs a person's approval.
    case approve
    /// Policy decides: allowed low-risk, reversible, idempotent actions inside the scope run alone.
    case autopilot
    /// Autopilot plus time- or event-triggered runs, for accounts that opted in.
    case scheduled

    /// Whether any action may run without a person in this mode.
    public var allowsAutonomy: Bool { self == .autopilot || self == .scheduled }
}
