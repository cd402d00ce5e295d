/// The gate's answer for one proposal: the outcome, why, which rule, a sentence for a person, the
/// configuration it was made under, and every check with its verdict.
public struct GateDecision: Sendable, Hashable, Codable {
    /// AUTO_EXECUTE, REQUIRE_APPROVAL, DEFER or BLOCK.
    public var outcome: GateOutcome
    /// The deciding reason code (`EXTERNAL_CONTACT`, `KILL_SWITCH`, `POLICY_ALLOW`).
    public var reason: String
    /// The rule or setting that decided.
    public var policyClause: String?
    /// A sentence a seller or an auditor understands.
    public var explanation: String
    /// The revision (content hash) of the configuration in force.
    public var configRevision: String
    /// Every check in order.
    public var checks: [GateCheck]
    /// Rules in `warn` mode that matched: recorded and returned, without effect.
    public var warnings: [RuleFinding]
    /// Rules in `audit` mode that matched: recorded only.
    public var audits: [RuleFinding]
    /// When a deferred proposal goes through the gate again.
    public var deferUntil: Timestamp?
    /// The cost gate's verdict.
    public var costGate: CostVerdict
    /// The risk score and its parts.
    public var risk: RiskAssessment
    /// The expected utility of running it.
    public var utility: ExpectedUtility
    /// The two options a person is offered when the risk gate escalates.
    public var escalation: EscalationOptions?
    /// When the decision was made.
    public var decidedAt: Timestamp

    /// Creates a decision.
    public init(
        outcome: GateOutcome, reason: String, policyClause: String?, explanation: String, configRevision: String,
        checks: [GateCheck], warnings: [RuleFinding], audits: [RuleFinding], deferUntil: Timestamp?, costGate: CostVerdict,
        risk: RiskAssessment, utility: ExpectedUtility, escalation: EscalationOptions?, decidedAt: Timestamp
    ) {
        self.outcome = outcome
        self.reason = reason
        self.policyClause = policyClause
        self.explanation = explanation
        self.configRevision = configRevision
        self.checks = checks
        self.warnings = warnings
        self.audits = audits
        self.deferUntil = deferUntil
        self.costGate = costGate
        self.risk = risk
        self.utility = utility
        self.escalation = escalation
        self.decidedAt = decidedAt
    }
}

extension GateDecision {
    /// Whether the decision put an action in motion (ran it or asked a person): what the cost
    /// gate's recency counts. Refusals and deferrals do not hold back the next run.
    public var producesAction: Bool { outcome == .autoExecute || outcome == .requireApproval }
}

/// A `warn` or `audit` rule that matched, or a rule that failed to evaluate.
public struct RuleFinding: Sendable, Hashable, Codable {
    /// The rule's name.
    public var rule: String
    /// What it would have done in `enforce` mode.
    public var effect: PolicyEffect
    /// Its reason code.
    public var reason: String
    /// Its explanation.
    public var explanation: String

    /// Creates a finding.
    public init(rule: String, effect: PolicyEffect, reason: String, explanation: String) {
        self.rule = rule
        self.effect = effect
        self.reason = reason
        self.explanation = explanation
    }
}
