/// The state of an agent as the fleet tiles show it (seed 001 §9).
public enum AgentHealth: String, Sendable, Hashable, Codable, CaseIterable {
    /// Its last signal reported no problem and no incident is open.
    case healthy = "Healthy"
    /// It reported a problem that Steward has not started remediating (suppressed, or remediation is off).
    case degraded = "Degraded"
    /// A playbook is running or being verified for it.
    case recovering = "Recovering"
    /// Remediation gave up and a person decides.
    case escalated = "Escalated"
    /// Declared in steward.yaml, but no signal has been received from it yet.
    case unknown = "Unknown"
}

/// Why the remediation loop did something, or did not.
public enum Classification: String, Sendable, Hashable, Codable, CaseIterable {
    /// Agents working against each other (seed 001 §4).
    case conflict = "CONFLICT"
    /// A failure that a retry is likely to fix.
    case transient = "TRANSIENT"
    /// Too much work for the slots it has.
    case capacity = "CAPACITY"
    /// Its inputs are missing, stale or failing.
    case dataDependency = "DATA_DEP"
    /// Its configuration or secrets are wrong.
    case config = "CONFIG"
}
