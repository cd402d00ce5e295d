/// OutcomeTaxonomyV1 (seed 003 §5.5): what became of an action, without collapsing a bad idea,
/// bad timing and a bad execution into one "failed".
public enum OutcomeLabel: String, Sendable, Hashable, Codable, CaseIterable {
    /// A person rejected the proposal (or it expired as rejected).
    case ideaRejected = "IDEA_REJECTED"
    /// A person edited it, then approved it.
    case ideaEdited = "IDEA_EDITED"
    /// Execution was attempted and failed.
    case executionFailed = "EXECUTION_FAILED"
    /// Execution was attempted and succeeded.
    case executionSucceeded = "EXECUTION_SUCCEEDED"
    /// Later: the recipient never answered.
    case noResponse = "NO_RESPONSE"
    /// Later: the recipient answered negatively.
    case negativeResponse = "NEGATIVE_RESPONSE"

    /// Labels that arrive after execution, through `POST /v1/actions/{id}/outcome`.
    public var isLater: Bool { self == .noResponse || self == .negativeResponse }
}
