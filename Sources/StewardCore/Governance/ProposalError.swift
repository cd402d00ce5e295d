/// Why a scope expansion proposal could not be approved; each case names the field at fault and
/// says why in a sentence, for the API's problem document.
public enum ProposalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The proposal lapsed at `expiresAt`; the approval came at `at`.
    case expired(proposal: String, expiresAt: Timestamp, at: Timestamp)
    /// The proposal is no longer waiting for approvals.
    case notPending(proposal: String, status: ScopeExpansionProposal.Status)
    /// `principal` already approved it; each approval must come from a different person.
    case sameApproverTwice(proposal: String, principal: String)
    /// `principal` holds none of the roles still needed.
    case missingRole(proposal: String, principal: String, needed: [String])
    /// `previous`, applied earlier, is in its validation period until `until`; no further
    /// expansion is approved before then.
    case validating(proposal: String, previous: String, until: Timestamp)

    /// The field at fault.
    public var field: String {
        switch self {
        case .expired: "expiresAt"
        case .notPending: "status"
        case .sameApproverTwice: "approvals"
        case .missingRole: "requiredApprovals"
        case .validating: "expansion.validationPeriod"
        }
    }

    /// Why, in a sentence.
    public var reason: String {
        switch self {
        case .expired(let proposal, let expiresAt, _):
            "proposal \(proposal) expired at \(expiresAt.rfc3339); draft a new one"
        case .notPending(let proposal, let status):
            "proposal \(proposal) is \(status.rawValue), not pending"
        case .sameApproverTwice(let proposal, let principal):
            "\(principal) already approved proposal \(proposal); another person must give the next approval"
        case .missingRole(let proposal, let principal, let needed):
            "\(principal) holds none of the roles proposal \(proposal) still needs: \(needed.joined(separator: ", "))"
        case .validating(let proposal, let previous, let until):
            "proposal \(previous) is in its validation period until \(until.rfc3339); proposal \(proposal) may be approved from then"
        }
    }

    /// `field: reason`.
    public var description: String { "\(field): \(reason)" }
}
