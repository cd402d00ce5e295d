public import StewardCore

/// An agent's concurrency slots as Steward allocates them (`GET /v1/allocations`).
public struct AllocationRow: Sendable, Hashable, Codable {
    /// The agent.
    public var agent: String
    /// Slots it may use.
    public var slots: Int
    /// A throttle's cap, until `throttledUntil`.
    public var maxConcurrent: Int?
    /// When the throttle ends.
    public var throttledUntil: Timestamp?
    /// The slots it had before the throttle took them, given back when the throttle ends.
    public var slotsBeforeThrottle: Int?
    /// Why it last changed.
    public var reason: String
    /// When it last changed.
    public var changedAt: Timestamp

    /// Creates a row.
    public init(
        agent: String, slots: Int, maxConcurrent: Int? = nil, throttledUntil: Timestamp? = nil, slotsBeforeThrottle: Int? = nil, reason: String,
        changedAt: Timestamp
    ) {
        self.agent = agent
        self.slots = slots
        self.maxConcurrent = maxConcurrent
        self.throttledUntil = throttledUntil
        self.slotsBeforeThrottle = slotsBeforeThrottle
        self.reason = reason
        self.changedAt = changedAt
    }
}

extension AllocationRow {
    /// The projection status of a row under a throttle that ends, which the healing round looks for.
    static let throttledStatus = "throttled"

    /// Its projection status: throttled while a throttle with an end holds it.
    var status: String { throttledUntil != nil ? Self.throttledStatus : "allocated" }
}
