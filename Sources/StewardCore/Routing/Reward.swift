/// The reward of seed 004 §2b.2: one score in 0...1 from success rate, cost and latency.
///
/// `score = (reliability·s + cost·1/(1 + c/costScaleUSD) + speed·1/(1 + l/latencyScaleMs)) / (reliability + cost + speed)`
///
/// with `s` the success rate clamped to 0...1, and `c` and `l` the mean cost and latency (negative
/// values count as 0). Each term is in 0...1, so the score is too; it rises with `s` and falls as
/// `c` or `l` grow. A cost equal to `costScaleUSD` earns half the cost term, likewise latency.
public struct Reward: Sendable, Hashable, Codable {
    /// Weight of the success rate.
    public var reliability: Double
    /// Weight of the cost term.
    public var cost: Double
    /// Weight of the latency term.
    public var speed: Double
    /// The cost (USD per execution) that earns half the cost term.
    public var costScaleUSD: Double
    /// The latency (ms) that earns half the latency term.
    public var latencyScaleMs: Double

    /// A reward; the defaults weigh reliability 0.6, cost 0.2 and speed 0.2.
    public init(reliability: Double = 0.6, cost: Double = 0.2, speed: Double = 0.2, costScaleUSD: Double = 0.01, latencyScaleMs: Double = 5000) {
        self.reliability = reliability
        self.cost = cost
        self.speed = speed
        self.costScaleUSD = costScaleUSD
        self.latencyScaleMs = latencyScaleMs
    }

    /// The score of `metrics`, 0...1 (0 when every weight is 0).
    public func score(_ metrics: StrategyMetrics) -> Double {
        let total = reliability + cost + speed
        guard total > 0 else { return 0 }
        let s = min(max(metrics.successRate, 0), 1)
        let c = max(metrics.costUSD, 0), l = max(metrics.latencyMs, 0)
        let costTerm = costScaleUSD > 0 ? 1 / (1 + c / costScaleUSD) : 1
        let speedTerm = latencyScaleMs > 0 ? 1 / (1 + l / latencyScaleMs) : 1
        return (reliability * s + cost * costTerm + speed * speedTerm) / total
    }
}
