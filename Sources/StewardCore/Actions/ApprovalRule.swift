/// Who must approve an action of a type, and what happens when nobody does.
public struct ApprovalRule: Sendable, Hashable, Codable {
    /// Distinct people who must approve (the two-person rule is 2).
    public var approvers: Int
    /// How long a request waits for its approvers, in minutes.
    public var expiresAfterMinutes: Int
    /// The decision applied when it expires.
    public var onExpiry: ExpiryDecision
    /// Whether the key that proposed an action may approve it (false separates the duties).
    public var proposerMayApprove: Bool

    /// Creates an approval rule.
    public init(approvers: Int = 1, expiresAfterMinutes: Int = 24 * 60, onExpiry: ExpiryDecision = .reject, proposerMayApprove: Bool = true) {
        self.approvers = approvers
        self.expiresAfterMinutes = expiresAfterMinutes
        self.onExpiry = onExpiry
        self.proposerMayApprove = proposerMayApprove
    }

    /// Decodes a rule; one stored before `proposerMayApprove` existed lets the proposer approve.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        approvers = try c.decode(Int.self, forKey: .approvers)
        expiresAfterMinutes = try c.decode(Int.self, forKey: .expiresAfterMinutes)
        onExpiry = try c.decode(ExpiryDecision.self, forKey: .onExpiry)
        proposerMayApprove = try c.decodeIfPresent(Bool.self, forKey: .proposerMayApprove) ?? true
    }

    /// One approver, a day to decide, rejected when nobody does.
    public static let `default` = ApprovalRule()
}

/// The decision an unanswered approval request falls to.
public enum ExpiryDecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// Expire as rejected (the outcome is IDEA_REJECTED).
    case reject
    /// Expire as approved, and execute.
    case approve
}
