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
    /// How remediation steps reach it (`restartAgent`, `retryLastTask`, ...); nil: it reads its
    /// dispatched actions from the API and reports their outcome (`record`).
    public var executor: ExecutorSpec?
    /// Impact points its work is worth per hour, for expected utility and the rebalancer.
    public var impactPointsPerHour: Double

    /// Creates an agent.
    public init(
        name: String, tenant: String = TenantSpec.default.id, domain: Domain, dependencies: [String] = [],
        slots: Int = 1, executor: ExecutorSpec? = nil, impactPointsPerHour: Double = 1
    ) {
        self.executor = executor
        self.impactPointsPerHour = impactPointsPerHour
        self.name = name
        self.tenant = tenant
        self.domain = domain
        self.dependencies = dependencies
        self.slots = slots
    }
}
