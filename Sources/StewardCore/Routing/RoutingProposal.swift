/// A routing change awaiting a person (seed 004 §2b.4): the decision that deferred it, with
/// both strategies' metrics, scores, deltas and broken guardrails, and what people did with it.
public struct RoutingProposal: Sendable, Hashable, Codable {
    /// Where the proposal stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for a person.
        case pending
        /// Put off by a person; it can still be approved or rejected.
        case deferred
        /// Approved and applied.
        case approved
        /// Rejected, with a reason.
        case rejected

        /// Whether a person can still decide it.
        public var isOpen: Bool { self == .pending || self == .deferred }
    }

    /// The proposal's id.
    public var id: String
    /// The skill.
    public var skill: String
    /// The strategy in use when it was made.
    public var from: String
    /// The proposed strategy.
    public var to: String
    /// Where it stands.
    public var status: Status
    /// When it was made.
    public var createdAt: Timestamp
    /// The review's decision: metrics, scores, violations and rationale.
    public var evidence: RoutingDecision
    /// Candidate minus current: success rate, cost and latency.
    public var deltas: StrategyMetrics
    /// The last person to act on it.
    public var decidedBy: String?
    /// When they did.
    public var decidedAt: Timestamp?
    /// Their note, or the reason of a rejection.
    public var note: String?

    /// A pending proposal from a DEFERRED decision; nil for any other decision.
    public init?(id: String, decision: RoutingDecision, at now: Timestamp) {
        guard decision.status == .DEFERRED, let candidate = decision.candidate else { return nil }
        self.id = id
        skill = decision.skill
        from = decision.current.measurement.strategy
        to = candidate.measurement.strategy
        status = .pending
        createdAt = now
        evidence = decision
        let a = decision.current.measurement.metrics, b = candidate.measurement.metrics
        deltas = StrategyMetrics(successRate: b.successRate - a.successRate, costUSD: b.costUSD - a.costUSD, latencyMs: b.latencyMs - a.latencyMs)
    }

    /// The proposal after a person's `status` at `now`.
    public func deciding(_ status: Status, by: String, note: String?, at now: Timestamp) -> RoutingProposal {
        var next = self
        next.status = status
        next.decidedBy = by
        next.decidedAt = now
        next.note = note
        return next
    }
}
