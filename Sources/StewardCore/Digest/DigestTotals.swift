/// The closing line of a daily digest: how many actions in each section, and what the day cost.
public struct DigestTotals: Sendable, Hashable, Codable {
    /// Actions autopilot ran that day.
    public var autopilot: Int
    /// Actions waiting for a person.
    public var awaiting: Int
    /// Actions the cost gate deferred.
    public var deferred: Int
    /// Actions blocked that day.
    public var blocked: Int
    /// Actions whose execution started that day, autopilot or approved.
    public var executed: Int
    /// The US dollars those executions charged to the tenant's budget.
    public var chargedUsd: Double

    /// Creates totals.
    public init(autopilot: Int, awaiting: Int, deferred: Int, blocked: Int, executed: Int, chargedUsd: Double) {
        self.autopilot = autopilot
        self.awaiting = awaiting
        self.deferred = deferred
        self.blocked = blocked
        self.executed = executed
        self.chargedUsd = chargedUsd
    }
}
