/// One incident, reduced to what the KPI report needs; built from the incident store.
public struct IncidentSummary: Sendable, Hashable, Codable {
    /// The incident's id.
    public var id: String
    /// The agent it concerns.
    public var agent: String
    /// Its class, a ``Classification`` raw value such as `CONFLICT` or `TRANSIENT`.
    public var classification: String
    /// When it was opened.
    public var openedAt: Timestamp
    /// When it left play (healed, escalated or suppressed); nil while open.
    public var closedAt: Timestamp?
    /// How it ended.
    public var outcome: IncidentOutcome
    /// Remediation attempts made.
    public var attempts: Int
    /// What its remediation cost in total, in US dollars.
    public var costUsd: Double
    /// The playbook that ran last; nil if none ran.
    public var playbook: String?
    /// Whether the bandit chose that playbook (rather than the fixed default or expected utility).
    public var chosenByBandit: Bool
    /// The class's fixed default playbook, the baseline of bandit lift; nil if it has none.
    public var defaultPlaybook: String?
    /// Whether a person was needed: a step needed approval, or it was escalated.
    public var neededPerson: Bool
    /// Whether it was a STALE_DATA (freshness) incident.
    public var staleData: Bool
    /// When it was handed to a person, if it was: the escalation counts then, however it ended.
    public var escalatedAt: Timestamp?
    /// Whether it is a relapse: its choice passed over the fixes that did not hold, so it is no
    /// control for the bandit's choices.
    public var relapse: Bool

    /// Creates a summary; the flags default to false and the optional parts to nil.
    public init(
        id: String, agent: String, classification: String, openedAt: Timestamp, closedAt: Timestamp? = nil,
        outcome: IncidentOutcome, attempts: Int = 0, costUsd: Double = 0, playbook: String? = nil,
        chosenByBandit: Bool = false, defaultPlaybook: String? = nil, neededPerson: Bool = false,
        staleData: Bool = false, escalatedAt: Timestamp? = nil, relapse: Bool = false
    ) {
        self.id = id
        self.agent = agent
        self.classification = classification
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.outcome = outcome
        self.attempts = attempts
        self.costUsd = costUsd
        self.playbook = playbook
        self.chosenByBandit = chosenByBandit
        self.defaultPlaybook = defaultPlaybook
        self.neededPerson = neededPerson
        self.staleData = staleData
        self.escalatedAt = escalatedAt
        self.relapse = relapse
    }

    /// When it counts as an escalation: when it was handed over; for a summary that does not say,
    /// an escalated one at its closing (or opening); nil if it was never escalated.
    public var escalationTime: Timestamp? {
        escalatedAt ?? (outcome == .escalated ? closedAt ?? openedAt : nil)
    }

    /// Minutes from opening to closing, at least 0 (a clock skew must not make recovery negative);
    /// nil while open.
    public var minutesToClose: Double? {
        closedAt.map { max(0, Double($0.milliseconds(since: openedAt))) / 60_000 }
    }
}
