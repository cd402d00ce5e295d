/// The learned statistics of one (tenant, action type, agent): its posterior chance of success and
/// how many of each outcome label it has had. A store keeps one row per tenant and ``id``.
public struct ActionStats: Sendable, Hashable, Codable {
    /// The tenant.
    public var tenant: String
    /// The action type's name.
    public var actionType: String
    /// The agent that proposes it.
    public var agent: String
    /// What the labels so far say about its chance of success.
    public var posterior: BetaPosterior
    /// How many of each label it has had, by ``OutcomeLabel`` raw value.
    public var counts: [String: Int]
    /// When the latest label was recorded; nil before any.
    public var updatedAt: Timestamp?

    /// Creates statistics; by default nothing has been learned yet.
    public init(
        tenant: String, actionType: String, agent: String, posterior: BetaPosterior = .prior, counts: [String: Int] = [:],
        updatedAt: Timestamp? = nil
    ) {
        self.tenant = tenant
        self.actionType = actionType
        self.agent = agent
        self.posterior = posterior
        self.counts = counts
        self.updatedAt = updatedAt
    }

    /// The row id within the tenant: stable, so a store can upsert by it.
    public static func id(actionType: String, agent: String) -> String { "\(actionType)|\(agent)" }

    /// This row's id; see ``id(actionType:agent:)``.
    public var id: String { Self.id(actionType: actionType, agent: agent) }

    /// How many times `label` has been recorded.
    public func count(of label: OutcomeLabel) -> Int { counts[label.rawValue] ?? 0 }

    /// These statistics after one more label recorded at `at`.
    ///
    /// `updatedAt` never moves backwards, so replaying labels out of order ends in the same row.
    public func recording(_ label: OutcomeLabel, at: Timestamp) -> ActionStats {
        var next = self
        next.posterior = posterior.updated(with: label)
        next.counts[label.rawValue, default: 0] += 1
        next.updatedAt = updatedAt.map { max($0, at) } ?? at
        return next
    }
}
