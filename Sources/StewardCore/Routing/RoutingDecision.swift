/// What a routing review decided for one skill (seed 004 §2c.2: "select best strategy within
/// guardrails").
///
/// Of the strategies that score better than the current one, the best within the metric
/// guardrails is the candidate; only when none is within them is the best-scoring one proposed to a
/// person, naming what it breaks. Strategies that score worse cannot hold a change back.
public struct RoutingDecision: Sendable, Hashable, Codable {
    /// The outcome.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// The best strategy is within every guardrail: switch now.
        case AUTO_APPROVED
        /// A better strategy exists but a person must approve it.
        case DEFERRED
        /// The current strategy scores best.
        case NO_CHANGE
    }

    /// A strategy's measurement and score.
    public struct Scored: Sendable, Hashable, Codable {
        /// The measurement.
        public var measurement: StrategyMeasurement
        /// Its reward.
        public var score: Double

        /// A scored measurement.
        public init(measurement: StrategyMeasurement, score: Double) {
            self.measurement = measurement
            self.score = score
        }
    }

    /// The skill.
    public var skill: String
    /// The outcome.
    public var status: Status
    /// The strategy in use.
    public var current: Scored
    /// The best-scoring other strategy, when it beats the current one.
    public var candidate: Scored?
    /// Every configured strategy, in configuration order.
    public var strategies: [Scored]
    /// Why a DEFERRED decision needs a person: broken guardrails and other blocks.
    public var violations: [GuardrailViolation]
    /// A sentence for a person (seed 004 §2b.4's proposal text).
    public var rationale: String

    /// What else holds a change back besides the metrics.
    public struct Context: Sendable, Hashable {
        /// When the skill's routing last changed (nil: never).
        public var lastChangeAt: Timestamp?
        /// The moment of the decision.
        public var now: Timestamp

        /// A context.
        public init(lastChangeAt: Timestamp?, now: Timestamp) {
            self.lastChangeAt = lastChangeAt
            self.now = now
        }
    }

    /// Decides for `skill`, whose strategy in use is `current`, from its strategies' measurements.
    ///
    /// Nothing scoring better than the current strategy (ties go to it): NO_CHANGE. Otherwise the
    /// candidate is the best-scoring strategy whose move breaks no metric guardrail against the
    /// current strategy's metrics (on a tie the one configured first), else the best-scoring one;
    /// AUTO_APPROVED when it breaks nothing, DEFERRED naming each guardrail it breaks, plus
    /// `cooldownHours` while the last change is recent, `approvalRequiredForNewSkills` while the
    /// current strategy has no measured record, and `measuredCandidate` when the candidate is
    /// known only by its declared priors.
    public static func make(
        skill: String, current: String, measurements: [StrategyMeasurement], reward: Reward, guardrails: AutonomyGuardrails, context: Context
    ) -> RoutingDecision? {
        let scored = measurements.map { Scored(measurement: $0, score: reward.score($0.metrics)) }
        guard let now = scored.first(where: { $0.measurement.strategy == current }) else { return nil }
        var best = now, bestWithin: Scored?
        for s in scored where s.score > now.score + 1e-12 {
            if s.score > best.score + 1e-12 { best = s }
            let within = guardrails.violations(candidate: s.measurement.metrics, current: now.measurement.metrics).isEmpty
            if within, s.score > (bestWithin?.score ?? -.infinity) + 1e-12 { bestWithin = s }
        }
        guard best.measurement.strategy != current else {
            return RoutingDecision(
                skill: skill, status: .NO_CHANGE, current: now, candidate: nil, strategies: scored, violations: [],
                rationale: "\(current) scores best (\(RoutingRationale.score(now.score))); no change")
        }
        best = bestWithin ?? best
        var violations = guardrails.violations(candidate: best.measurement.metrics, current: now.measurement.metrics)
        if let last = context.lastChangeAt, guardrails.cooldownHours > 0 {
            let until = last.adding(milliseconds: Int64(guardrails.cooldownHours) * 3_600_000)
            if context.now < until {
                violations.append(GuardrailViolation(
                    guardrail: "cooldownHours", limit: Double(guardrails.cooldownHours), actual: Double(context.now.milliseconds(since: last)) / 3_600_000,
                    reason: "the routing changed at \(last.rfc3339); the cooldown lasts until \(until.rfc3339)"))
            }
        }
        if guardrails.approvalRequiredForNewSkills && now.measurement.source == .declared {
            violations.append(GuardrailViolation(
                guardrail: "approvalRequiredForNewSkills", limit: 1, actual: Double(now.measurement.sampleSize),
                reason: "\(current) has no measured record yet (\(now.measurement.sampleSize) executions)"))
        }
        if best.measurement.source == .declared {
            violations.append(GuardrailViolation(
                guardrail: "measuredCandidate", limit: 1, actual: Double(best.measurement.sampleSize),
                reason: "\(best.measurement.strategy) is known only by its declared priors (\(best.measurement.sampleSize) executions)"))
        }
        return RoutingDecision(
            skill: skill, status: violations.isEmpty ? .AUTO_APPROVED : .DEFERRED, current: now, candidate: best, strategies: scored,
            violations: violations, rationale: RoutingRationale.text(from: now, to: best, violations: violations, guardrails: guardrails))
    }
}
