/// The closing line of a daily digest: how many actions in each section, and what the day cost.
public struct DigestTotals: Sendable, Hashable, Codable {
    /// Actions autopilot ran that day.
    public var autopilot: Int
    /// Actions a person approved that started that day.
    public var approved: Int
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

    private enum CodingKeys: String, CodingKey { case autopilot, approved, awaiting, deferred, blocked, executed, chargedUsd }

    /// Reads totals; ones stored before approvals were counted apart count none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        autopilot = try c.decode(Int.self, forKey: .autopilot)
        approved = try c.decodeIfPresent(Int.self, forKey: .approved) ?? 0
        awaiting = try c.decode(Int.self, forKey: .awaiting)
        deferred = try c.decode(Int.self, forKey: .deferred)
        blocked = try c.decode(Int.self, forKey: .blocked)
        executed = try c.decode(Int.self, forKey: .executed)
        chargedUsd = try c.decode(Double.self, forKey: .chargedUsd)
    }

    /// Creates totals.
    public init(autopilot: Int, approved: Int = 0, awaiting: Int, deferred: Int, blocked: Int, executed: Int, chargedUsd: Double) {
        self.autopilot = autopilot
        self.approved = approved
        self.awaiting = awaiting
        self.deferred = deferred
        self.blocked = blocked
        self.executed = executed
        self.chargedUsd = chargedUsd
    }
}
