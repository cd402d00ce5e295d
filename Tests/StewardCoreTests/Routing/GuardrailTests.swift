import StewardCore
import Testing

/// The guardrails of seed 004 §2c.1 against the current strategy's metrics.
@Suite struct GuardrailTests {
    static let current = StrategyMetrics(successRate: 0.98, costUSD: 0.01, latencyMs: 1000)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let candidate: StrategyMetrics
        let broken: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "same metrics", candidate: current, broken: []),
        Case(name: "2 points less, exactly at the limit", candidate: .init(successRate: 0.96, costUSD: 0.01, latencyMs: 1000), broken: []),
        Case(name: "3 points less", candidate: .init(successRate: 0.95, costUSD: 0.01, latencyMs: 1000), broken: ["maxSuccessRateReduction"]),
        Case(name: "below 95%", candidate: .init(successRate: 0.94, costUSD: 0.005, latencyMs: 500), broken: ["maxSuccessRateReduction", "minReliability"]),
        Case(name: "cost ×1.1 is allowed", candidate: .init(successRate: 0.98, costUSD: 0.011, latencyMs: 1000), broken: []),
        Case(name: "cost ×1.2", candidate: .init(successRate: 0.99, costUSD: 0.012, latencyMs: 1000), broken: ["maxCostIncrease"]),
        Case(name: "latency ×1.2 is allowed", candidate: .init(successRate: 0.98, costUSD: 0.01, latencyMs: 1200), broken: []),
        Case(name: "latency ×1.5", candidate: .init(successRate: 0.98, costUSD: 0.01, latencyMs: 1500), broken: ["maxLatencyIncrease"]),
        Case(name: "everything worse", candidate: .init(successRate: 0.5, costUSD: 1, latencyMs: 9000),
             broken: ["maxSuccessRateReduction", "minReliability", "maxCostIncrease", "maxLatencyIncrease"]),
    ]

    @Test("Table", arguments: cases)
    func table(_ c: Case) {
        #expect(AutonomyGuardrails().violations(candidate: c.candidate, current: Self.current).map(\.guardrail) == c.broken)
    }

    @Test("Cost growing from nothing breaks the limit; nothing to nothing does not")
    func fromZero() {
        let free = StrategyMetrics(successRate: 0.99, costUSD: 0, latencyMs: 1000)
        let paid = AutonomyGuardrails().violations(candidate: .init(successRate: 0.99, costUSD: 0.001, latencyMs: 1000), current: free)
        #expect(paid.map(\.guardrail) == ["maxCostIncrease"])
        #expect(paid.first?.actual == 0.001)
        #expect(AutonomyGuardrails().violations(candidate: free, current: free).isEmpty)
    }

    @Test("A violation names its limit and the value found")
    func evidence() throws {
        let v = try #require(AutonomyGuardrails().violations(
            candidate: .init(successRate: 0.98, costUSD: 0.015, latencyMs: 1000), current: Self.current).first)
        #expect(v.guardrail == "maxCostIncrease" && v.limit == 1.1 && abs(v.actual - 1.5) < 1e-9)
        #expect(v.reason == "cost grows ×1.5, more than ×1.1")
    }
}
