/// The DecisionCostGate's answer (seed 003 §5.3): is it worth deciding this right now?
public struct CostVerdict: Sendable, Hashable, Codable {
    /// ALLOW, DEFER or SKIP.
    public var verdict: Verdict
    /// The reason code (`WORTH_DECIDING`, `PERSON_REQUESTED`, `RECENT_DECISION`, `ACTION_SATURATION`, `BUDGET_LOW`).
    public var reason: String
    /// Why, in a sentence.
    public var detail: String
    /// For DEFER: when to try again.
    public var retryAt: Timestamp?

    /// The three answers.
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        case allow = "ALLOW"
        case defer_ = "DEFER"
        case skip = "SKIP"
    }

    /// Creates a verdict.
    public init(verdict: Verdict, reason: String, detail: String, retryAt: Timestamp? = nil) {
        self.verdict = verdict
        self.reason = reason
        self.detail = detail
        self.retryAt = retryAt
    }
}
