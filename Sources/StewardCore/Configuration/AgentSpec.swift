/// An agent of the fleet as steward.yaml declares it.
public struct AgentSpec: Sendable, Hashable, Codable {
    /// The name the agent reports in its signals (`CRO`, `ChiefOfStaff`).
    public var name: String
    /// The tenant it belongs to.
    public var tenant: String
    /// The business domain it serves; decides its rank in priority arbitration.
    public var domain: Domain
    /// The sources its work reads, whose freshness is checked before it is retried.
    public var dependencies: [String]
    /// The concurrency slots it starts with, before the rebalancer moves any.
    public var slots: Int

    /// Creates an agent.
    public init(
        name: String, tenant: String = TenantSpec.default.id, domain: Domain, dependencies: [String] = [],
        slots: Int = 1
    ) {
        self.name = name
        self.tenant = tenant
        self.domain = domain
        self.dependencies = dependencies
        self.slots = slots
    }
}
