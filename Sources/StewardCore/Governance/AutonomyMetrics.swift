/// How autonomous commands fared over one period (seed 002 "Autonomy Metrics"), with the incidents
/// behind `incidents.fromAutonomousActions` and a record per action type for choosing what to whitelist.
///
/// Rates are 0, never NaN, when their denominator is 0, as the seed's formulas are written for a
/// dashboard that must always show a number.
public struct AutonomyMetrics: Sendable, Hashable, Codable {
    /// The span covered: `start` included, `end` excluded.
    public var period: Period
    /// What happened to commands in the period.
    public var commands: Commands
    /// The seed's four rates, derived from `commands`.
    public var rates: Rates
    /// Incidents opened in the period.
    public var incidents: Incidents
    /// Safety mechanisms that fired in the period.
    public var safety: Safety
    /// One explanation per incident counted in `incidents.fromAutonomousActions`, in ledger order.
    public var attributions: [IncidentAttribution]
    /// One record per action type seen in the period, sorted by type.
    public var byActionType: [ActionTypeRecord]

    /// Creates metrics; the rates are computed from `commands`.
    public init(
        period: Period, commands: Commands, incidents: Incidents, safety: Safety,
        attributions: [IncidentAttribution] = [], byActionType: [ActionTypeRecord] = []
    ) {
        self.period = period
        self.commands = commands
        self.rates = Rates(commands)
        self.incidents = incidents
        self.safety = safety
        self.attributions = attributions
        self.byActionType = byActionType
    }

    /// Executions whose result is known: succeeded + failed, the success rate's denominator.
    public var executions: Int { commands.succeeded + commands.failed }
}

extension AutonomyMetrics {
    /// A half-open span of time, `[start, end)`.
    public struct Period: Sendable, Hashable, Codable {
        /// The first instant counted.
        public var start: Timestamp
        /// The first instant no longer counted.
        public var end: Timestamp

        /// Creates a period.
        public init(start: Timestamp, end: Timestamp) {
            self.start = start
            self.end = end
        }

        /// Whether `ts` falls in `[start, end)`.
        public func contains(_ ts: Timestamp) -> Bool { start <= ts && ts < end }
    }

    /// Command counts, as seed 002 names them.
    public struct Commands: Sendable, Hashable, Codable {
        /// Commands the period decided: its proposals (so hour counters sum it exactly).
        public var total: Int
        /// Proposals decided in the period (re-decisions of deferred actions are not new proposals).
        public var proposed: Int
        /// Approved by a person, or by policy when the gate auto-executed.
        public var approved: Int
        /// Rejected by a person.
        public var rejected: Int
        /// Executions that succeeded.
        public var succeeded: Int
        /// Executions that failed.
        public var failed: Int
        /// Executed actions rolled back.
        public var rolledBack: Int

        /// Creates counts; all default to 0.
        public init(
            total: Int = 0, proposed: Int = 0, approved: Int = 0, rejected: Int = 0, succeeded: Int = 0, failed: Int = 0,
            rolledBack: Int = 0
        ) {
            self.total = total
            self.proposed = proposed
            self.approved = approved
            self.rejected = rejected
            self.succeeded = succeeded
            self.failed = failed
            self.rolledBack = rolledBack
        }
    }

    /// The seed's rates; each is 0 when its denominator is 0, except the success rate.
    public struct Rates: Sendable, Hashable, Codable {
        /// succeeded ÷ (succeeded + failed); nil when no command finished, since 0 would read as
        /// "every command failed" (JSON `null`).
        public var successRate: Double?
        /// approved ÷ proposed.
        public var approvalRate: Double
        /// rolledBack ÷ succeeded.
        public var rollbackRate: Double
        /// failed ÷ total.
        public var errorRate: Double

        /// The rates of `commands`.
        public init(_ commands: Commands) {
            let finished = commands.succeeded + commands.failed
            successRate = finished > 0 ? Self.ratio(commands.succeeded, finished) : nil
            approvalRate = Self.ratio(commands.approved, commands.proposed)
            rollbackRate = Self.ratio(commands.rolledBack, commands.succeeded)
            errorRate = Self.ratio(commands.failed, commands.total)
        }

        /// Writes a missing success rate as `null` rather than leaving the member out.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(successRate, forKey: .successRate)
            try container.encode(approvalRate, forKey: .approvalRate)
            try container.encode(rollbackRate, forKey: .rollbackRate)
            try container.encode(errorRate, forKey: .errorRate)
        }

        /// part ÷ whole, or 0 when whole is 0.
        static func ratio(_ part: Int, _ whole: Int) -> Double {
            whole > 0 ? Double(part) / Double(whole) : 0
        }
    }

    /// Incident counts.
    public struct Incidents: Sendable, Hashable, Codable {
        /// Incidents opened in the period.
        public var total: Int
        /// Of those, the critical ones.
        public var critical: Int
        /// Of those, the ones attributed to an autonomous action (see ``IncidentAttribution``).
        public var fromAutonomousActions: Int

        /// Creates counts; all default to 0.
        public init(total: Int = 0, critical: Int = 0, fromAutonomousActions: Int = 0) {
            self.total = total
            self.critical = critical
            self.fromAutonomousActions = fromAutonomousActions
        }
    }

    /// How often the safety mechanisms fired.
    public struct Safety: Sendable, Hashable, Codable {
        /// Proposals the gate blocked (policy, breaker, kill switch, budget).
        public var constraintViolations: Int
        /// Kill-switch engagements.
        public var emergencyAborts: Int
        /// Circuit-breaker trips.
        public var safetyGateTriggers: Int

        /// Creates counts; all default to 0.
        public init(constraintViolations: Int = 0, emergencyAborts: Int = 0, safetyGateTriggers: Int = 0) {
            self.constraintViolations = constraintViolations
            self.emergencyAborts = emergencyAborts
            self.safetyGateTriggers = safetyGateTriggers
        }
    }
}
