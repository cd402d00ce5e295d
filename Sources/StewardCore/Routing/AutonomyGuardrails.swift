/// The bounds of autonomous routing changes (seed 004 §2c.1). A change that breaks one is left to
/// a person.
public struct AutonomyGuardrails: Sendable, Hashable, Codable {
    /// The most the success rate may fall, in absolute terms (0.02: two points).
    public var maxSuccessRateReduction: Double
    /// The success rate a strategy must keep.
    public var minReliability: Double
    /// The most the cost may grow, as a factor of the current strategy's (1.1: +10%).
    public var maxCostIncrease: Double
    /// The most the latency may grow, as a factor of the current strategy's (1.2: +20%).
    public var maxLatencyIncrease: Double
    /// The least time between two changes of a skill's routing.
    public var cooldownHours: Int
    /// Consecutive failures under a new strategy that roll it back.
    public var maxConsecutiveFailuresBeforeRevert: Int
    /// A skill whose current strategy has no measured record yet is never changed without a person.
    public var approvalRequiredForNewSkills: Bool

    /// Guardrails; the defaults are the seed's.
    public init(
        maxSuccessRateReduction: Double = 0.02, minReliability: Double = 0.95, maxCostIncrease: Double = 1.1,
        maxLatencyIncrease: Double = 1.2, cooldownHours: Int = 6, maxConsecutiveFailuresBeforeRevert: Int = 3,
        approvalRequiredForNewSkills: Bool = true
    ) {
        self.maxSuccessRateReduction = maxSuccessRateReduction
        self.minReliability = minReliability
        self.maxCostIncrease = maxCostIncrease
        self.maxLatencyIncrease = maxLatencyIncrease
        self.cooldownHours = cooldownHours
        self.maxConsecutiveFailuresBeforeRevert = maxConsecutiveFailuresBeforeRevert
        self.approvalRequiredForNewSkills = approvalRequiredForNewSkills
    }

    /// The guardrails a move from `current` to `candidate` metrics breaks, in declaration order.
    public func violations(candidate: StrategyMetrics, current: StrategyMetrics) -> [GuardrailViolation] {
        var found: [GuardrailViolation] = []
        let drop = current.successRate - candidate.successRate
        if drop > maxSuccessRateReduction + Self.slack {
            found.append(GuardrailViolation(
                guardrail: "maxSuccessRateReduction", limit: maxSuccessRateReduction, actual: drop,
                reason: "success rate falls by \(Self.points(drop)), more than \(Self.points(maxSuccessRateReduction))"))
        }
        if candidate.successRate < minReliability - Self.slack {
            found.append(GuardrailViolation(
                guardrail: "minReliability", limit: minReliability, actual: candidate.successRate,
                reason: "success rate \(Self.percent(candidate.successRate)) is below \(Self.percent(minReliability))"))
        }
        if let v = Self.growth("cost", candidate.costUSD, over: current.costUSD, limit: maxCostIncrease, key: "maxCostIncrease") {
            found.append(v)
        }
        if let v = Self.growth("latency", candidate.latencyMs, over: current.latencyMs, limit: maxLatencyIncrease, key: "maxLatencyIncrease") {
            found.append(v)
        }
        return found
    }

    /// Keeps a candidate exactly at a limit within it despite rounding in the metrics.
    static let slack = 1e-9

    /// The violation when `value` grows past `limit` times `base`. Growth from 0 is measured
    /// against nothing, so it always breaks the limit (its `actual` is then the new value).
    static func growth(_ what: String, _ value: Double, over base: Double, limit: Double, key: String) -> GuardrailViolation? {
        if base > 0 {
            let factor = value / base
            guard factor > limit + slack else { return nil }
            return GuardrailViolation(
                guardrail: key, limit: limit, actual: factor, reason: "\(what) grows ×\(rounded(factor)), more than ×\(rounded(limit))")
        }
        guard value > 0 else { return nil }
        return GuardrailViolation(guardrail: key, limit: limit, actual: value, reason: "\(what) grows from 0 to \(value)")
    }

    static func rounded(_ x: Double) -> String { String((x * 1000).rounded() / 1000) }
    static func percent(_ x: Double) -> String { String((x * 1000).rounded() / 10) + "%" }
    static func points(_ x: Double) -> String { String((x * 1000).rounded() / 10) + " points" }
}

/// One guardrail a change would break: which, its limit, the value found and a sentence.
public struct GuardrailViolation: Sendable, Hashable, Codable {
    /// The guardrail's configuration key (`maxCostIncrease`, `cooldownHours`, ...).
    public var guardrail: String
    /// Its configured limit.
    public var limit: Double
    /// The value the change would reach.
    public var actual: Double
    /// Why, for a person.
    public var reason: String

    /// A violation.
    public init(guardrail: String, limit: Double, actual: Double, reason: String) {
        self.guardrail = guardrail
        self.limit = limit
        self.actual = actual
        self.reason = reason
    }
}
