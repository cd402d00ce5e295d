/// An escalation to a person (seed 001 §7): two pre-composed options, never raw logs.
public struct Escalation: Sendable, Hashable, Codable {
    /// Its id (`esc_...`).
    public var id: String
    /// The tenant.
    public var tenant: String
    /// The incident it hands over.
    public var incident: String
    /// Who it goes to (`CEO`).
    public var to: String
    /// Why (`AutoRemediationFailed`, `StepRejected`, `NoPlaybook`, `Flapping`, `RiskGate`, `RemediationBlocked`).
    public var reason: String
    /// The agent.
    public var agent: String
    /// The agent's domain; the inbox orders by its priority.
    public var domain: Domain
    /// Its rank in `AUTOREM_PRIORITY` (0 first).
    public var priorityRank: Int
    /// The signal's context.
    public var context: SignalContext
    /// The playbooks of the last two attempts.
    public var lastTwoAttempts: [String]
    /// A safe option first, then an aggressive one.
    public var recommendedOptions: [RemediationOption]
    /// Where the attempts' lineage is: `lineage?incident=<id>`, and the last entry's sequence.
    public var lineageRef: String
    /// What the person should know, in a sentence.
    public var summary: String
    /// Whether a person was paged (false past `AUTOREM_MAX_ESCALATIONS_PER_DAY`; it still waits in the inbox).
    public var paged: Bool
    /// `open` or `resolved`.
    public var status: String
    /// When it was raised.
    public var createdAt: Timestamp
    /// How it was resolved.
    public var resolution: EscalationResolution?

    /// Creates an open escalation.
    public init(
        id: String, tenant: String, incident: String, to: String, reason: String, agent: String, domain: Domain, priorityRank: Int,
        context: SignalContext, lastTwoAttempts: [String], recommendedOptions: [RemediationOption], lineageRef: String, summary: String,
        paged: Bool, createdAt: Timestamp
    ) {
        self.id = id
        self.tenant = tenant
        self.incident = incident
        self.to = to
        self.reason = reason
        self.agent = agent
        self.domain = domain
        self.priorityRank = priorityRank
        self.context = context
        self.lastTwoAttempts = lastTwoAttempts
        self.recommendedOptions = recommendedOptions
        self.lineageRef = lineageRef
        self.summary = summary
        self.paged = paged
        self.status = "open"
        self.createdAt = createdAt
        self.resolution = nil
    }
}

/// One option offered to the person.
public struct RemediationOption: Sendable, Hashable, Codable {
    /// Its name (`ReduceScopeAndRetry`, `ReduceScope`, `Run<playbook>`, …).
    public var name: String
    /// `safe` or `aggressive`.
    public var kind: String
    /// Why it is worth choosing.
    public var why: String
    /// The playbook Steward runs when it is chosen; nil when choosing it hands the work to a person.
    public var playbook: String?
    /// Whether the agent is throttled to its minimum concurrency first.
    public var reduceScope: Bool

    /// Creates an option.
    public init(name: String, kind: String, why: String, playbook: String? = nil, reduceScope: Bool = false) {
        self.name = name
        self.kind = kind
        self.why = why
        self.playbook = playbook
        self.reduceScope = reduceScope
    }
}

/// How a person resolved an escalation.
public struct EscalationResolution: Sendable, Hashable, Codable {
    /// The option chosen, by name.
    public var option: String
    /// Who chose it.
    public var by: String
    /// Their note.
    public var note: String?
    /// When.
    public var at: Timestamp
    /// Why the chosen playbook has not started yet (the kill switch is engaged, or remediation is
    /// off); it runs when remediation is allowed again. Nil when it started at once.
    public var heldBecause: String?

    /// Creates a resolution.
    public init(option: String, by: String, note: String?, at: Timestamp) {
        self.option = option
        self.by = by
        self.note = note
        self.at = at
    }
}
