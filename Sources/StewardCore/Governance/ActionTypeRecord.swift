/// How one action type fared over a period: the evidence for whitelisting it for autopilot.
public struct ActionTypeRecord: Sendable, Hashable, Codable {
    /// The action type's name.
    public var type: String
    /// Proposals of this type.
    public var proposed: Int
    /// Of those, the ones the gate auto-executed.
    public var autoExecuted: Int
    /// Executions that succeeded.
    public var succeeded: Int
    /// Executions that failed.
    public var failed: Int
    /// Executions rolled back.
    public var rolledBack: Int
    /// succeeded ÷ (succeeded + failed); 0 without executions.
    public var successRate: Double

    /// Creates a record; the success rate is computed.
    public init(type: String, proposed: Int = 0, autoExecuted: Int = 0, succeeded: Int = 0, failed: Int = 0, rolledBack: Int = 0) {
        self.type = type
        self.proposed = proposed
        self.autoExecuted = autoExecuted
        self.succeeded = succeeded
        self.failed = failed
        self.rolledBack = rolledBack
        successRate = AutonomyMetrics.Rates.ratio(succeeded, succeeded + failed)
    }

    /// Executions whose result is known.
    public var executions: Int { succeeded + failed }

    /// This record with `successRate` computed again from its counts, after they were changed in place.
    var withSuccessRate: ActionTypeRecord {
        ActionTypeRecord(
            type: type, proposed: proposed, autoExecuted: autoExecuted, succeeded: succeeded, failed: failed, rolledBack: rolledBack)
    }
}
