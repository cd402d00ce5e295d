/// A policy rule of steward.yaml: a condition over the proposal and what it means when it holds.
/// As in Cedar, a matching `block` always overrides a matching `allow`.
public struct PolicyRule: Sendable, Hashable, Codable {
    /// Its name, unique in the policy; decisions cite it as their clause.
    public var name: String
    /// The condition, in the condition language (see docs/expressions.md).
    public var condition: String
    /// What a match does.
    public var effect: PolicyEffect
    /// Whether a match changes decisions (`enforce`) or is only recorded (`warn`, `audit`).
    public var mode: RuleMode
    /// The reason code a match gives (`EXTERNAL_CONTACT`).
    public var reason: String
    /// The sentence a match gives.
    public var explanation: String

    private enum CodingKeys: String, CodingKey {
        case name, condition = "when", effect, mode, reason, explanation
    }

    /// Creates a rule.
    public init(
        name: String, condition: String, effect: PolicyEffect, mode: RuleMode = .enforce, reason: String? = nil,
        explanation: String? = nil
    ) {
        self.name = name
        self.condition = condition
        self.effect = effect
        self.mode = mode
        self.reason = reason ?? effect.defaultReason
        self.explanation = explanation ?? effect.defaultExplanation(rule: name)
    }
}

/// What a matching rule does.
public enum PolicyEffect: String, Sendable, Hashable, Codable, CaseIterable {
    /// Permits running without a person, if every other check agrees.
    case allow
    /// Sends the action to a person.
    case requireApproval = "require_approval"
    /// Refuses the action; overrides every allow.
    case block

    /// The reason code a rule of this effect gives unless it names its own.
    public var defaultReason: String {
        switch self {
        case .allow: "POLICY_ALLOW"
        case .requireApproval: "TENANT_POLICY"
        case .block: "POLICY_BLOCK"
        }
    }

    /// The sentence a rule of this effect gives unless it has its own.
    public func defaultExplanation(rule: String) -> String {
        switch self {
        case .allow: "The policy rule '\(rule)' allows this action to run without a person."
        case .requireApproval: "The policy rule '\(rule)' requires a person to approve this action."
        case .block: "The policy rule '\(rule)' forbids this action."
        }
    }
}

/// Whether a rule's match changes the decision (Kubernetes admission policies' validation actions).
public enum RuleMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// A match decides.
    case enforce
    /// A match is recorded and returned as a warning, without effect: a new rule's shadow run.
    case warn
    /// A match is recorded in the ledger only.
    case audit
}
