/// The reward of one remediation attempt, as seed 000 §5 defines it for the playbook bandit:
/// `reward = (alignment_delta + successRate_delta) − time_to_recover_minutes − action_cost`.
///
/// Units are kept exactly as the seed writes them: the two deltas are fractions (after − before,
/// each in −1...1), recovery time is in minutes and cost in US dollars. No rescaling is applied, so
/// in practice minutes dominate: one minute of recovery outweighs a full swing in alignment, and a
/// cent of cost barely registers. The bandit therefore mostly learns "which playbook recovers
/// fastest", with the deltas and cost acting as tie-breakers between similarly fast playbooks.
public struct RemediationReward: Sendable, Hashable, Codable {
    /// Alignment after the attempt minus before, as a fraction (0.90 → 0.96 is 0.06).
    public var alignmentDelta: Double
    /// Success rate after the attempt minus before, as a fraction.
    public var successRateDelta: Double
    /// Minutes from the attempt's start until the agent was healthy again (or gave up).
    public var timeToRecoverMinutes: Double
    /// What the attempt's steps cost, in US dollars.
    public var actionCostUsd: Double

    /// Creates a reward from its four parts.
    public init(alignmentDelta: Double, successRateDelta: Double, timeToRecoverMinutes: Double, actionCostUsd: Double) {
        self.alignmentDelta = alignmentDelta
        self.successRateDelta = successRateDelta
        self.timeToRecoverMinutes = timeToRecoverMinutes
        self.actionCostUsd = actionCostUsd
    }

    /// (alignmentDelta + successRateDelta) − timeToRecoverMinutes − actionCostUsd; higher is better.
    public var value: Double { (alignmentDelta + successRateDelta) - timeToRecoverMinutes - actionCostUsd }
}
