/// One agent's share of the fleet's concurrency as the rebalancer sees it (requirement 000 §3).
public struct AgentLoad: Sendable, Hashable, Codable {
    /// The agent's name, e.g. `CRO`; the key of every allocation.
    public var agent: String
    /// The domain it works for, which decides who is served first.
    public var domain: Domain
    /// Concurrency slots allocated to it now.
    public var slots: Int
    /// How many of those slots are running work; the rest are idle and move first.
    public var slotsInUse: Int
    /// Impact points it delivers per hour, the numerator of its ROI.
    public var impactPointsPerHour: Double
    /// How long its oldest queued item has waited, in minutes; over the queue SLA it is a breach.
    public var backlogAgeMinutes: Double
    /// How many items wait in its queue.
    public var queueDepth: Int

    /// Creates an agent load.
    public init(
        agent: String, domain: Domain, slots: Int, slotsInUse: Int, impactPointsPerHour: Double,
        backlogAgeMinutes: Double, queueDepth: Int
    ) {
        self.agent = agent
        self.domain = domain
        self.slots = slots
        self.slotsInUse = slotsInUse
        self.impactPointsPerHour = impactPointsPerHour
        self.backlogAgeMinutes = backlogAgeMinutes
        self.queueDepth = queueDepth
    }
}

extension AgentLoad {
    /// Slots running work, never more than are allocated nor fewer than none (reports can lag).
    var busySlots: Int { Swift.min(Swift.max(slotsInUse, 0), Swift.max(slots, 0)) }

    /// A total order over every field, so that when an agent is listed twice the same entry wins
    /// whatever the input order (identical entries are interchangeable).
    static func canonicallyPrecedes(_ a: AgentLoad, _ b: AgentLoad) -> Bool {
        if a.agent != b.agent { return a.agent < b.agent }
        if a.slots != b.slots { return a.slots > b.slots }
        if a.slotsInUse != b.slotsInUse { return a.slotsInUse > b.slotsInUse }
        if a.impactPointsPerHour != b.impactPointsPerHour || a.impactPointsPerHour.isNaN != b.impactPointsPerHour.isNaN {
            return !a.impactPointsPerHour.isTotallyOrdered(belowOrEqualTo: b.impactPointsPerHour)
        }
        if a.backlogAgeMinutes != b.backlogAgeMinutes || a.backlogAgeMinutes.isNaN != b.backlogAgeMinutes.isNaN {
            return !a.backlogAgeMinutes.isTotallyOrdered(belowOrEqualTo: b.backlogAgeMinutes)
        }
        if a.queueDepth != b.queueDepth { return a.queueDepth > b.queueDepth }
        return a.domain.rawValue < b.domain.rawValue
    }
}
