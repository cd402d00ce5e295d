public import Logging
public import StewardCore

/// The remediation loop wired the one usual way: the remediator over the spine, and the intake
/// that feeds it signals.
public struct HealingAssembly: Sendable {
    /// The loop.
    public let remediator: Remediator
    /// The signal intake.
    public let intake: SignalIntake

    /// Wires the loop over `store` and `spine`; `seed` fixes the bandit's random choices (random when nil).
    public init(
        store: any Store, spine: ActionSpine, configuration: StewardConfiguration, revision: String, clock: any WallClock, logger: Logger,
        seed: UInt64? = nil, newID: @escaping @Sendable (String) -> String = Remediator.randomID
    ) throws(RuleCompileErrors) {
        let rules = try HealingRules(configuration: configuration, revision: revision)
        var generator = SystemRandomNumberGenerator()
        remediator = Remediator(
            store: store, spine: spine, rules: rules, clock: clock, logger: logger, seed: seed ?? generator.next(), newID: newID)
        intake = SignalIntake(store: store, remediator: remediator, clock: clock, logger: logger)
    }
}
