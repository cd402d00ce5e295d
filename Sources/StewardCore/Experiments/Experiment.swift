/// An A/B experiment on one skill's routing (seed 004 §2b.3): a share of keys follows the
/// treatment strategy, the rest the control, until the duration ends, a guardrail rolls it back or
/// an operator stops it. Stored as a state row (collection `experiments`) beside its ledger entries.
public struct Experiment: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var skill: String
    /// The strategy in force (control) and the candidate (treatment).
    public var control: String
    public var treatment: String
    /// The share of keys routed to the treatment, in (0, 1).
    public var trafficSplit: Double
    public var durationDays: Int
    /// Executions each arm needs before any verdict or guardrail decision.
    public var minimumSample: Int
    /// The tests' significance level (0.05 by default).
    public var significanceLevel: Double
    public var goals: [GoalMetric]
    public var guardrails: [Guardrail]
    public var status: ExperimentStatus
    public var createdAt: Timestamp
    public var createdBy: String
    /// When the duration runs out; executions that started from `createdAt` on are its samples.
    public var endsAt: Timestamp
    /// When and why it stopped running.
    public var endedAt: Timestamp?
    public var endReason: String?
    /// The goal metrics' verdict, once concluded.
    public var verdict: ExperimentVerdict?
    /// The guardrail that rolled it back.
    public var breach: GuardrailResult?
    /// The promotion a winning treatment becomes, and the operator's decision on it.
    public var proposal: PromotionProposal?

    /// Whether `/v1/route` splits traffic for it.
    public var isRunning: Bool { status == .running }
}

/// Where an experiment stands.
public enum ExperimentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case running
    /// An operator stopped it.
    case stopped
    /// A guardrail stopped it: the route is back on control.
    case rolledBack = "rolled_back"
    /// The goal metrics gave their verdict.
    case completed
}

/// The goal metrics' verdict.
public struct ExperimentVerdict: Sendable, Hashable, Codable {
    public var outcome: VerdictOutcome
    public var decidedAt: Timestamp
    public var goals: [GoalResult]
    /// Executions of each arm counted.
    public var controlCount: Int
    public var treatmentCount: Int
}

/// What the goal metrics say.
public enum VerdictOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case treatmentWins = "treatment_wins"
    case noDifference = "no_difference"
    case controlWins = "control_wins"
    /// The duration ended before both arms reached the minimum sample.
    case insufficientSample = "insufficient_sample"
}

/// One goal metric's comparison and what it says.
public struct GoalResult: Sendable, Hashable, Codable {
    public var goal: GoalMetric
    public var comparison: MetricComparison
    /// `treatment_better`, `control_better` or `no_difference`.
    public var outcome: String
}

/// One guardrail's comparison and whether it was breached.
public struct GuardrailResult: Sendable, Hashable, Codable {
    public var guardrail: Guardrail
    public var comparison: MetricComparison
    /// A significant regression beyond the allowed one.
    public var breached: Bool
}

/// A winning treatment offered for promotion (seed 004 §2b.4), and the operator's answer.
public struct PromotionProposal: Sendable, Hashable, Codable {
    public var status: ProposalStatus
    public var strategy: String
    /// A sentence for the operator: what improved, by how much, with what confidence.
    public var rationale: String
    public var proposedAt: Timestamp
    public var decidedAt: Timestamp?
    public var decidedBy: String?
    public var reason: String?
}

/// An operator's answer to a promotion proposal; `deferred` may still be approved or rejected.
public enum ProposalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case approved
    case rejected
    case deferred

    /// Whether the operator may still decide.
    public var isOpen: Bool { self == .pending || self == .deferred }
}
