/// An incident: one ongoing problem of one agent, from its first problem signal until it is
/// resolved, escalated or suppressed. Its row is the remediation loop's durable state: every
/// step's action id is written before anything waits on it, so a restart resumes where it stopped.
public struct Incident: Sendable, Hashable, Codable {
    /// Its id (`inc_...`).
    public var id: String
    /// The tenant.
    public var tenant: String
    /// The agent it concerns.
    public var agent: String
    /// The agent's domain (priority arbitration orders escalations by it).
    public var domain: Domain
    /// Problem signals of the agent join the open incident with this key.
    public var groupKey: String
    /// Where the incident stands.
    public var status: IncidentStatus
    /// The class and the rule that decided it.
    public var classification: Classification
    /// The classifier rule that fired.
    public var rule: String
    /// The signal that opened it (its metrics are the "before" of every attempt).
    public var firstSignal: StatusSignal
    /// The newest signal that joined it.
    public var lastSignal: StatusSignal
    /// Signals that joined it.
    public var signalCount: Int
    /// The source it is about, for a data-dependency incident.
    public var source: String?
    /// Whether that source was past its freshness target when the incident opened.
    public var sourceWasStale: Bool?
    /// The incident that suppresses this one (inhibition), if any.
    public var suppressedBy: String?
    /// The incident that suppressed it until it was released: what `suppressedBy` said, kept once cleared.
    public var releasedFrom: String?
    /// How the playbook was chosen.
    public var choice: PlaybookChoice?
    /// The attempts so far; the last may be in progress.
    public var attempts: [Attempt]
    /// The escalation raised for it.
    public var escalation: String?
    /// When it was handed to a person.
    public var escalatedAt: Timestamp?
    /// The incident of the same class this one follows soon after, when the agent relapsed.
    public var relapseOf: String?
    /// How many relapses in a row this one is (1 for the first); nil for a first incident.
    public var relapses: Int?
    /// Playbooks that closed the previous incident but did not hold; the choice avoids them.
    public var notHeld: [String]?
    /// US dollars its steps cost.
    public var costUsd: Double
    /// The actions whose charge is counted in `costUsd`.
    public var chargedActions: [String] = []
    /// Whether a step needed a person's approval.
    public var neededPerson: Bool
    /// When it was opened, last changed and closed.
    public var openedAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp
    /// When it was resolved, escalated-and-resolved or suppressed-and-cleared.
    public var closedAt: Timestamp?
    /// Who or what closed it and how.
    public var resolution: String?
    /// Who resolved it: `steward`, or the person who chose an escalation's option.
    public var resolvedBy: String?
    /// A person's chosen playbook waiting for remediation to be allowed (the incident is held).
    public var heldChoice: HeldChoice?

    /// Opens an incident.
    public init(id: String, tenant: String, agent: String, domain: Domain, verdict: ClassifierVerdict, signal: StatusSignal, now: Timestamp) {
        self.id = id
        self.tenant = tenant
        self.agent = agent
        self.domain = domain
        groupKey = "\(tenant)/\(agent)"
        status = .open
        classification = verdict.classification
        rule = verdict.rule
        firstSignal = signal
        lastSignal = signal
        signalCount = 1
        source = nil
        suppressedBy = nil
        choice = nil
        attempts = []
        escalation = nil
        costUsd = 0
        neededPerson = false
        openedAt = now
        updatedAt = now
        closedAt = nil
        resolution = nil
        resolvedBy = nil
    }

    /// Whether it is still open (not resolved, escalated or suppressed-and-cleared).
    public var isOpen: Bool { status.isOpen }

    /// The attempt in progress, if any.
    public var current: Attempt? {
        guard let last = attempts.last, last.verification == nil else { return nil }
        return last
    }
}

/// Where an incident stands.
public enum IncidentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Opened; remediation has not started (remediation off, or waiting for its turn).
    case open
    /// A playbook's steps are running.
    case remediating
    /// A step waits for a person's approval.
    case awaitingApproval = "awaiting_approval"
    /// The steps ran; waiting for a fresh signal to judge them.
    case verifying
    /// Another incident (on a source it depends on) suppresses it.
    case suppressed
    /// Healed.
    case resolved
    /// Handed to a person.
    case escalated

    /// Whether the incident is still in play.
    public var isOpen: Bool { self != .resolved && self != .escalated }
}

/// How a playbook was chosen: every candidate's expected utility and the bandit's part.
public struct PlaybookChoice: Sendable, Hashable, Codable {
    /// The candidates for the class, best expected utility first.
    public var candidates: [ScoredCandidate]
    /// The chosen playbook.
    public var chosen: String
    /// Whether the bandit chose it.
    public var byBandit: Bool
    /// Whether the bandit explored.
    public var explored: Bool
    /// Why, in a sentence.
    public var reason: String

    /// Creates a choice.
    public init(candidates: [ScoredCandidate], chosen: String, byBandit: Bool, explored: Bool, reason: String) {
        self.candidates = candidates
        self.chosen = chosen
        self.byBandit = byBandit
        self.explored = explored
        self.reason = reason
    }
}

extension Incident {
    /// How serious the incident is, from the signal that opened it: an agent that reports errors
    /// and fails most of its work is critical; errors alone are high; a degraded agent medium.
    public var severity: IncidentSeverity { IncidentSeverity(of: firstSignal) }
}

extension IncidentSeverity {
    /// The severity of an incident opened by `signal`.
    public init(of signal: StatusSignal) {
        switch signal.status {
        case .error: self = signal.metrics.successRate < 0.5 ? .critical : .high
        case .degraded: self = .medium
        case .healthy: self = .low
        }
    }
}

extension Incident {
    /// The playbooks its attempts ran: each attempt's own and, for the bandit's, the one it selected.
    public var playbooksRun: Set<String> {
        Set(attempts.map(\.playbook) + attempts.compactMap(\.selected))
    }

    /// What a later attempt counts as tried: the playbooks run, and those that healed the agent's
    /// previous incident without holding.
    public var playbooksTried: Set<String> {
        playbooksRun.union(notHeld ?? [])
    }

    /// Ends its suppression, remembering which incident held it.
    public mutating func releaseSuppression() {
        if let upstream = suppressedBy { releasedFrom = upstream }
        suppressedBy = nil
    }
}
