/// What Steward measured that the data-decided checklist items look at, gathered by the caller.
public struct ReadinessFacts: Sendable, Hashable, Codable {
    /// The period's metrics: success, approval and rollback rates and their counts.
    public var metrics: AutonomyMetrics
    /// The tenant's first action ever; "6+ months running" counts from it. Nil if none yet.
    public var firstActionAt: Timestamp?
    /// Critical incidents attributed to autonomous actions in the period.
    public var criticalIncidentsFromCommands: Int
    /// Circuit-breaker rules configured.
    public var breakersConfigured: Int
    /// Of those, the enabled ones.
    public var breakersEnabled: Int
    /// Whether real-time monitoring (metrics, alerts) is running.
    public var monitoringOperational: Bool
    /// The last kill-switch drill (engaged and released on purpose); nil if never.
    public var lastKillSwitchDrill: Timestamp?
    /// Whether the last chaos drills passed; nil if none were run.
    public var chaosDrillsPassing: Bool?
    /// When chaos drills last ran.
    public var lastChaosDrill: Timestamp?
    /// Share of action types covered by evals, 0–1; nil until measured, when an attestation decides.
    public var evalCoverage: Double?
    /// Breaker trips in the period whose action was `revert_to_l3`.
    public var revertTrips: Int
    /// When the last applied expansion's validation period ends, while it still runs: no further
    /// expansion is proposed or approved before then.
    public var validationEndsAt: Timestamp?
    /// Whole days at L3 or L3+ since the first action (seed 002's "6+ months running at L3");
    /// nil when not measured, and then the days since the first action count.
    public var daysAtL3: Int?

    /// Creates facts; critical incidents from commands default to the critical attributions in `metrics`.
    public init(
        metrics: AutonomyMetrics, firstActionAt: Timestamp?, criticalIncidentsFromCommands: Int? = nil,
        breakersConfigured: Int = 0, breakersEnabled: Int = 0, monitoringOperational: Bool = false,
        lastKillSwitchDrill: Timestamp? = nil, chaosDrillsPassing: Bool? = nil, lastChaosDrill: Timestamp? = nil,
        evalCoverage: Double? = nil, revertTrips: Int = 0, validationEndsAt: Timestamp? = nil
    ) {
        self.metrics = metrics
        self.firstActionAt = firstActionAt
        self.criticalIncidentsFromCommands = criticalIncidentsFromCommands ?? metrics.attributions.count(where: \.isCritical)
        self.breakersConfigured = breakersConfigured
        self.breakersEnabled = breakersEnabled
        self.monitoringOperational = monitoringOperational
        self.lastKillSwitchDrill = lastKillSwitchDrill
        self.chaosDrillsPassing = chaosDrillsPassing
        self.lastChaosDrill = lastChaosDrill
        self.evalCoverage = evalCoverage
        self.revertTrips = revertTrips
        self.validationEndsAt = validationEndsAt
    }
}
