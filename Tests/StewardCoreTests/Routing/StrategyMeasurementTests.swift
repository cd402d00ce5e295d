import StewardCore
import Testing

/// Strategy metrics from executions, or the declared priors below the minimum sample.
@Suite struct StrategyMeasurementTests {
    static let strategy = RoutingStrategy(name: "fast", expected: .init(successRate: 0.97, costUSD: 0.0095, latencyMs: 2800))

    static func fact(_ strategy: String?, ok: Bool, latency: Int64 = 1000, cost: Double? = 0.01, end: Int64 = 0) -> ExecutionFact {
        ExecutionFact(skill: "s", strategy: strategy, startMs: end - latency, endMs: end, succeeded: ok, latencyMs: latency, costUSD: cost)
    }

    @Test("Below the minimum sample the priors stand, with the sample size")
    func declared() {
        let facts = (0..<29).map { _ in Self.fact("fast", ok: true) }
        let m = StrategyMeasurement.of(Self.strategy, facts: facts, minimumSample: 30)
        #expect(m.source == .declared && m.sampleSize == 29 && m.metrics == Self.strategy.expected)
    }

    @Test("From the minimum sample on, only the strategy's own executions are measured")
    func measured() {
        var facts = (0..<27).map { _ in Self.fact("fast", ok: true, latency: 1000, cost: 0.01) }
        facts += (0..<3).map { _ in Self.fact("fast", ok: false, latency: 2000, cost: nil) }
        facts += (0..<50).map { _ in Self.fact("other", ok: false) } + [Self.fact(nil, ok: false)]
        let m = StrategyMeasurement.of(Self.strategy, facts: facts, minimumSample: 30)
        #expect(m.source == .measured && m.sampleSize == 30)
        #expect(abs(m.metrics.successRate - 0.9) < 1e-12)
        #expect(abs(m.metrics.latencyMs - 1100) < 1e-9)
        // The mean of the known costs.
        #expect(abs(m.metrics.costUSD - 0.01) < 1e-12)
    }

    @Test("Without any known cost the declared cost stands")
    func unknownCost() {
        let facts = (0..<30).map { _ in Self.fact("fast", ok: true, cost: nil) }
        #expect(StrategyMeasurement.of(Self.strategy, facts: facts, minimumSample: 30).metrics.costUSD == 0.0095)
    }
}
