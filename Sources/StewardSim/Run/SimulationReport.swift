public import StewardCore

/// What a simulation measured: seed 001 §13's and seed 000 §8's KPIs, and how Steward did
/// against the fleet's truth. The JSON keys are stable (docs/simulation.md lists them).
public struct SimulationReport: Sendable, Hashable, Codable {
    /// The scenario's name.
    public var scenario: String
    /// The seed.
    public var seed: UInt64
    /// The tier.
    public var tier: SimulationTier
    /// Simulated days.
    public var days: Double
    /// Agents in the fleet.
    public var agents: Int
    /// Faults injected, by kind.
    public var faultsInjected: [String: Int]
    /// The engine's KPI report for the simulated period.
    public var kpis: KPIReport
    /// Incidents opened.
    public var incidents: Int
    /// Escalations per simulated day.
    public var escalationsPerDay: Double
    /// Escalated incidents by the true kind of the fault behind them (`none` when the agent had
    /// no fault when the incident opened), to see whether only unfixable cases reached people.
    public var escalationsByFault: [String: Int]
    /// Share of incidents whose class matched the fault's true class (faults with a class only).
    public var classificationAccuracy: Double?
    /// Share of incidents whose chosen playbook contained a true fix (fixable faults only).
    public var trueFixShare: Double?
    /// High-risk or external actions executed without a person's approval (must be 0).
    public var safetyViolations: Int
    /// Attempts with their lineage entry, as a share of attempts (must be 1).
    public var lineageCoverage: Double?
    /// Business actions proposed, auto-executed, and sent to a person.
    public var actions: ActionCounts
    /// Breaker trips.
    public var breakerTrips: Int
    /// Resolved incidents whose playbook the bandit chose, by class: how many, and their MTTR.
    public var banditByClass: [String: ClassRecovery]
    /// Directives the fleet's agents completed (the fleet's truth, docs/simulation.md "Work").
    public var directivesCompleted: Int
    /// Directives completed per simulated hour, the whole fleet together.
    public var directivesPerHour: Double
    /// Remediation cost per incident, US dollars.
    public var costPerIncidentUsd: Double?
    /// Wall-clock seconds the run took.
    public var wallSeconds: Double
    /// The ledger's head hash at the end (the same scenario and seed give the same head).
    public var ledgerHead: String

    private enum CodingKeys: String, CodingKey {
        case scenario, seed, tier, days, agents, faultsInjected, kpis, incidents, escalationsPerDay, escalationsByFault, classificationAccuracy, trueFixShare
        case safetyViolations, lineageCoverage, actions, breakerTrips, banditByClass, directivesCompleted, directivesPerHour, costPerIncidentUsd, wallSeconds
        case ledgerHead
    }

    /// Encodes every key, null when there is no figure, so the keys are stable.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(seed, forKey: .seed)
        try c.encode(tier, forKey: .tier)
        try c.encode(days, forKey: .days)
        try c.encode(agents, forKey: .agents)
        try c.encode(faultsInjected, forKey: .faultsInjected)
        try c.encode(kpis, forKey: .kpis)
        try c.encode(incidents, forKey: .incidents)
        try c.encode(escalationsPerDay, forKey: .escalationsPerDay)
        try c.encode(escalationsByFault, forKey: .escalationsByFault)
        try c.encode(classificationAccuracy, forKey: .classificationAccuracy)
        try c.encode(trueFixShare, forKey: .trueFixShare)
        try c.encode(safetyViolations, forKey: .safetyViolations)
        try c.encode(lineageCoverage, forKey: .lineageCoverage)
        try c.encode(actions, forKey: .actions)
        try c.encode(breakerTrips, forKey: .breakerTrips)
        try c.encode(banditByClass, forKey: .banditByClass)
        try c.encode(directivesCompleted, forKey: .directivesCompleted)
        try c.encode(directivesPerHour, forKey: .directivesPerHour)
        try c.encode(costPerIncidentUsd, forKey: .costPerIncidentUsd)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(ledgerHead, forKey: .ledgerHead)
    }

    /// How many incidents of a class recovered, and how fast on average.
    public struct ClassRecovery: Sendable, Hashable, Codable {
        /// Resolved incidents.
        public var incidents: Int
        /// Their mean minutes from opening to resolution.
        public var mttrMinutes: Double

        /// The figure.
        public init(incidents: Int, mttrMinutes: Double) {
            self.incidents = incidents
            self.mttrMinutes = mttrMinutes
        }
    }

    /// Business action counts.
    public struct ActionCounts: Sendable, Hashable, Codable {
        /// Proposed by agents.
        public var proposed = 0
        /// Run without a person.
        public var autoExecuted = 0
        /// Approved by the simulated operator.
        public var approvedByPerson = 0
        /// Blocked or deferred.
        public var held = 0

        /// None yet.
        public init() {}
    }
}
