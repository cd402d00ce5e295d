/// A strategy's metrics as the router uses them: measured from its executions once there are
/// enough of them, else its declared priors.
public struct StrategyMeasurement: Sendable, Hashable, Codable {
    /// Where the metrics came from.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable { case measured, declared }

    /// The strategy's name.
    public var strategy: String
    /// The metrics in use.
    public var metrics: StrategyMetrics
    /// measured or declared.
    public var source: Source
    /// Executions of the strategy in the window (also when too few to be used).
    public var sampleSize: Int

    /// A measurement.
    public init(strategy: String, metrics: StrategyMetrics, source: Source, sampleSize: Int) {
        self.strategy = strategy
        self.metrics = metrics
        self.source = source
        self.sampleSize = sampleSize
    }

    /// Measures `strategy` from the executions in `facts` that name it. With fewer than
    /// `minimumSample` of them the declared priors stand. The cost is the mean of the known
    /// costs; when no execution knew its cost, the declared cost stands.
    public static func of(_ strategy: RoutingStrategy, facts: [ExecutionFact], minimumSample: Int) -> StrategyMeasurement {
        var n = 0, successes = 0, latency = 0.0, cost = 0.0, costs = 0
        for fact in facts where fact.strategy == strategy.name {
            n += 1
            if fact.succeeded { successes += 1 }
            latency += Double(fact.latencyMs)
            if let c = fact.costUSD {
                cost += c
                costs += 1
            }
        }
        guard n >= max(1, minimumSample) else {
            return StrategyMeasurement(strategy: strategy.name, metrics: strategy.expected, source: .declared, sampleSize: n)
        }
        let metrics = StrategyMetrics(
            successRate: Double(successes) / Double(n), costUSD: costs > 0 ? cost / Double(costs) : strategy.expected.costUSD,
            latencyMs: latency / Double(n))
        return StrategyMeasurement(strategy: strategy.name, metrics: metrics, source: .measured, sampleSize: n)
    }
}
