/// The weekly governance report of seed 002 for stakeholders: metrics, readiness, the proposal it
/// led to and the breakers, as JSON (Codable, or ``json()``), Markdown and a self-contained HTML page.
public struct GovernanceReport: Sendable, Hashable, Codable {
    /// Its identifier.
    public var id: String
    /// The tenant it covers.
    public var tenant: String
    /// When it was generated.
    public var generatedAt: Timestamp
    /// The span covered.
    public var period: AutonomyMetrics.Period
    /// The autonomy level in force.
    public var level: AutonomyLevel
    /// The period's metrics.
    public var metrics: AutonomyMetrics
    /// The readiness assessment.
    public var readiness: ReadinessReport
    /// The scope expansion proposal drafted from it, if any.
    public var proposalId: String?
    /// The circuit breakers and how often each has tripped.
    public var breakers: [BreakerSummary]

    /// Creates a report.
    public init(
        id: String, tenant: String, generatedAt: Timestamp, period: AutonomyMetrics.Period, level: AutonomyLevel,
        metrics: AutonomyMetrics, readiness: ReadinessReport, proposalId: String? = nil, breakers: [BreakerSummary] = []
    ) {
        self.id = id
        self.tenant = tenant
        self.generatedAt = generatedAt
        self.period = period
        self.level = level
        self.metrics = metrics
        self.readiness = readiness
        self.proposalId = proposalId
        self.breakers = breakers
    }

    /// The report as canonical JSON (sorted keys, no whitespace), as the ledger writes JSON.
    public func json() throws(CanonicalJSONError) -> String {
        String(decoding: try CanonicalJSON.encode(self), as: UTF8.self)
    }
}

/// One circuit breaker as the report lists it.
public struct BreakerSummary: Sendable, Hashable, Codable {
    /// The breaker's name.
    public var name: String
    /// Its state now (`closed`, `open`, `half_open`, `forced_open`, `disabled`).
    public var state: String
    /// How often it has tripped (all time; the period's trips are in `metrics.safety`).
    public var trips: Int

    /// Creates a summary.
    public init(name: String, state: String, trips: Int) {
        self.name = name
        self.state = state
        self.trips = trips
    }
}
