import StewardCore
import Testing

/// The sentences people read.
@Suite struct RoutingRationaleTests {
    @Test("Metrics read as a person writes them")
    func metrics() {
        #expect(RoutingRationale.metrics(.init(successRate: 0.98, costUSD: 0.0105, latencyMs: 3499.6)) == "success 98.0%, cost 0.0105 USD, latency 3500 ms")
        // A mean of costs carries float noise; the sentence does not (QA optimize F8).
        #expect(RoutingRationale.metrics(.init(successRate: 1, costUSD: 0.005000000000000002, latencyMs: 800)) == "success 100.0%, cost 0.005 USD, latency 800 ms")
    }

    @Test("A slower, dearer, more reliable candidate says so")
    func worse() throws {
        let current = RoutingDecision.Scored(
            measurement: .init(strategy: "a", metrics: .init(successRate: 0.9, costUSD: 0.01, latencyMs: 1000), source: .measured, sampleSize: 40),
            score: 0.5)
        let candidate = RoutingDecision.Scored(
            measurement: .init(strategy: "b", metrics: .init(successRate: 0.99, costUSD: 0.011, latencyMs: 1100), source: .measured, sampleSize: 30),
            score: 0.6)
        let text = RoutingRationale.text(from: current, to: candidate, violations: [], guardrails: .init())
        #expect(text == "Move a → b: 10% slower (+100ms), 10% dearer (+0.001 USD), more reliable (delta=+9.0%); score 0.5 → 0.6 (measured from 30 executions).")
    }
}
