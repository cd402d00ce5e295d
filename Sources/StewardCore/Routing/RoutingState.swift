/// A skill's routing in one tenant: the strategy in use, the one before it, who changed it and
/// when, and the watch kept on a new strategy. Stored as a state row per (tenant, skill).
public struct RoutingState: Sendable, Hashable, Codable {
    /// How the strategy in use came to be.
    public enum Change: String, Sendable, Hashable, Codable, CaseIterable {
        /// A review switched it within the guardrails.
        case auto
        /// A person approved a proposal.
        case approved
        /// Monitoring rolled a new strategy back.
        case rollback
        /// An operator overrode it.
        case override
    }

    /// The watch on a new strategy (seed 004 §2c.3).
    public struct Monitoring: Sendable, Hashable, Codable {
        /// The strategy watched.
        public var strategy: String
        /// The strategy to return to.
        public var previous: String
        /// The previous strategy's success rate when the change was made.
        public var previousSuccessRate: Double
        /// Executions ending from this moment count.
        public var since: Timestamp
        /// The watch ends at this moment.
        public var until: Timestamp

        /// A watch.
        public init(strategy: String, previous: String, previousSuccessRate: Double, since: Timestamp, until: Timestamp) {
            self.strategy = strategy
            self.previous = previous
            self.previousSuccessRate = previousSuccessRate
            self.since = since
            self.until = until
        }
    }

    /// The skill.
    public var skill: String
    /// The strategy in use.
    public var current: String
    /// The strategy before it.
    public var previous: String?
    /// When it last changed.
    public var changedAt: Timestamp?
    /// Who changed it: `steward` or the operator's name.
    public var changedBy: String?
    /// How.
    public var change: Change?
    /// Why, in a sentence.
    public var reason: String?
    /// No autonomous change before this moment.
    public var cooldownUntil: Timestamp?
    /// The watch on the strategy in use, while it lasts.
    public var monitoring: Monitoring?

    /// The state of a skill that was never changed: its default strategy.
    public init(skill: String, current: String) {
        self.skill = skill
        self.current = current
    }

    /// The state after switching to `strategy` at `now`, with the cooldown and an optional watch.
    public func switching(
        to strategy: String, change: Change, by: String, reason: String, now: Timestamp, cooldownHours: Int, monitoring: Monitoring?
    ) -> RoutingState {
        var next = self
        next.previous = current
        next.current = strategy
        next.changedAt = now
        next.changedBy = by
        next.change = change
        next.reason = reason
        next.cooldownUntil = now.adding(milliseconds: Int64(max(0, cooldownHours)) * 3_600_000)
        next.monitoring = monitoring
        return next
    }

    /// The watch, if it is still on at `now`.
    public func activeMonitoring(at now: Timestamp) -> Monitoring? {
        guard let m = monitoring, m.strategy == current, now < m.until else { return nil }
        return m
    }
}
