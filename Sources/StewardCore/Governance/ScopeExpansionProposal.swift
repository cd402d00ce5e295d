/// Seed 002's ScopeExpansionProposal: the governance agent asks people to raise the autonomy level
/// and whitelist more action types, with the evidence, the risk and who must approve.
public struct ScopeExpansionProposal: Sendable, Hashable, Codable {
    /// Its identifier.
    public var proposalId: String
    /// When it was drafted.
    public var timestamp: Timestamp
    /// Always `autonomy-governance-agent`, as the seed fixes it.
    public var proposedBy: String
    /// The change asked for.
    public var expansion: Expansion
    /// The evidence.
    public var rationale: Rationale
    /// What could go wrong and how it is contained.
    public var riskAssessment: Risk
    /// Roles that must each approve, e.g. `tech-lead`, `ops-lead` (seed 002 open question 2).
    public var requiredApprovals: [String]
    /// Where it is in its life.
    public var status: Status
    /// The approvals given so far, in order.
    public var approvals: [ProposalApproval]
    /// When it lapses if not fully approved.
    public var expiresAt: Timestamp

    /// The author every proposal names.
    public static let author = "autonomy-governance-agent"

    /// Creates a proposal.
    public init(
        proposalId: String, timestamp: Timestamp, expansion: Expansion, rationale: Rationale, riskAssessment: Risk,
        requiredApprovals: [String], status: Status = .pending, approvals: [ProposalApproval] = [], expiresAt: Timestamp
    ) {
        self.proposalId = proposalId
        self.timestamp = timestamp
        proposedBy = Self.author
        self.expansion = expansion
        self.rationale = rationale
        self.riskAssessment = riskAssessment
        self.requiredApprovals = requiredApprovals
        self.status = status
        self.approvals = approvals
        self.expiresAt = expiresAt
    }

    /// The change asked for.
    public struct Expansion: Sendable, Hashable, Codable {
        /// The level now.
        public var currentPhase: AutonomyLevel
        /// The level asked for.
        public var targetPhase: AutonomyLevel
        /// Action types to add to the autopilot scope.
        public var commandsToWhitelist: [String]
        /// Days to watch the new scope before the next expansion.
        public var validationPeriod: Int

        /// Creates an expansion.
        public init(currentPhase: AutonomyLevel, targetPhase: AutonomyLevel, commandsToWhitelist: [String], validationPeriod: Int) {
            self.currentPhase = currentPhase
            self.targetPhase = targetPhase
            self.commandsToWhitelist = commandsToWhitelist
            self.validationPeriod = validationPeriod
        }
    }

    /// The evidence behind the proposal.
    public struct Rationale: Sendable, Hashable, Codable {
        /// The period's metrics.
        public var metrics: AutonomyMetrics
        /// The readiness assessment that found the tenant ready.
        public var readiness: ReadinessReport
        /// Sentences with the figures that justify it.
        public var keyAchievements: [String]

        /// Creates a rationale.
        public init(metrics: AutonomyMetrics, readiness: ReadinessReport, keyAchievements: [String]) {
            self.metrics = metrics
            self.readiness = readiness
            self.keyAchievements = keyAchievements
        }
    }

    /// The seed's riskAssessment.
    public struct Risk: Sendable, Hashable, Codable {
        /// low, medium or high.
        public var level: RiskLevel
        /// What contains the risk.
        public var mitigations: [String]
        /// How to undo the expansion.
        public var rollbackPlan: String

        /// Creates a risk assessment.
        public init(level: RiskLevel, mitigations: [String], rollbackPlan: String) {
            self.level = level
            self.mitigations = mitigations
            self.rollbackPlan = rollbackPlan
        }
    }

    /// Where a proposal is in its life.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for approvals.
        case pending
        /// Every required role approved; not yet applied.
        case approved
        /// Someone refused it.
        case rejected
        /// It lapsed before it was fully approved.
        case expired
        /// The new level and scope are in force.
        case applied
    }
}

/// One approval of a scope expansion proposal.
public struct ProposalApproval: Sendable, Hashable, Codable {
    /// Who approved.
    public var by: String
    /// The required role the approval covers.
    public var role: String
    /// When.
    public var at: Timestamp
    /// Anything the approver added.
    public var note: String?

    /// Creates an approval.
    public init(by: String, role: String, at: Timestamp, note: String? = nil) {
        self.by = by
        self.role = role
        self.at = at
        self.note = note
    }
}
