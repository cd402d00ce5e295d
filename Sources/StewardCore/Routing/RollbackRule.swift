/// When a new strategy is rolled back (seed 004 §2c.3): after the configured number of
/// consecutive failures, or, once a minimum sample is in, when its success rate falls more than
/// `maxSuccessRateReduction` below the previous strategy's or below `minReliability`.
public struct RollbackRule: Sendable, Hashable {
    /// The guardrails that bound the new strategy.
    public var guardrails: AutonomyGuardrails
    /// Executions needed before the success rate is judged.
    public var minimumSample: Int

    /// A rule.
    public init(guardrails: AutonomyGuardrails, minimumSample: Int) {
        self.guardrails = guardrails
        self.minimumSample = minimumSample
    }

    /// What monitoring found.
    public enum Verdict: Sendable, Hashable {
        /// Keep the new strategy.
        case keep(consecutiveFailures: Int, sampleSize: Int, successRate: Double?)
        /// Roll back: which guardrail fired and why.
        case rollBack(guardrail: String, reason: String, sampleSize: Int, successRate: Double)
    }

    /// Judges the executions of the new strategy since it took over (`facts`, any order: they
    /// are taken in order of their end) against the previous strategy's success rate.
    public func judge(_ facts: [ExecutionFact], previousSuccessRate: Double?) -> Verdict {
        let ordered = facts.sorted { ($0.endMs, $0.startMs) < ($1.endMs, $1.startMs) }
        var run = 0
        for fact in ordered.reversed() {
            guard !fact.succeeded else { break }
            run += 1
        }
        let n = ordered.count
        let rate = n > 0 ? Double(ordered.filter(\.succeeded).count) / Double(n) : nil
        let limit = guardrails.maxConsecutiveFailuresBeforeRevert
        if limit > 0, run >= limit, let rate {
            return .rollBack(
                guardrail: "maxConsecutiveFailuresBeforeRevert", reason: "\(run) consecutive failures (limit \(limit))", sampleSize: n,
                successRate: rate)
        }
        if let rate, n >= max(1, minimumSample) {
            if let previous = previousSuccessRate, previous - rate > guardrails.maxSuccessRateReduction + AutonomyGuardrails.slack {
                return .rollBack(
                    guardrail: "maxSuccessRateReduction",
                    reason: "success rate \(AutonomyGuardrails.percent(rate)) over \(n) executions is \(AutonomyGuardrails.points(previous - rate)) below the previous strategy's \(AutonomyGuardrails.percent(previous))",
                    sampleSize: n, successRate: rate)
            }
            if rate < guardrails.minReliability - AutonomyGuardrails.slack {
                return .rollBack(
                    guardrail: "minReliability",
                    reason: "success rate \(AutonomyGuardrails.percent(rate)) over \(n) executions is below \(AutonomyGuardrails.percent(guardrails.minReliability))",
                    sampleSize: n, successRate: rate)
            }
        }
        return .keep(consecutiveFailures: run, sampleSize: n, successRate: rate)
    }
}
