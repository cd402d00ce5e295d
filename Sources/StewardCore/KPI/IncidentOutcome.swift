/// How an incident ended, as far as the KPIs of seed 001 §13 and seed 000 §8 care.
public enum IncidentOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// Still in play.
    case open
    /// Healed by a playbook without a person.
    case autoResolved
    /// Healed, but a person had to act (an approval, or a fix by hand).
    case resolvedByPerson
    /// Handed to a person; the autonomy loop gave up on it.
    case escalated
    /// Silenced, e.g. by an incident on a source it depends on; neither healed nor escalated.
    case suppressed

    /// Whether a playbook or a person healed it, the outcomes that count towards MTTR.
    public var isResolved: Bool { self == .autoResolved || self == .resolvedByPerson }
}
