import StewardCore
import Testing

/// The reward of seed 004 §2b.2 as docs/telemetry.md writes it.
@Suite struct RewardTests {
    static let reward = Reward()

    @Test("The documented example recomputes by hand")
    func documented() {
        // 0.6·0.98 + 0.2·1/(1 + 0.0105/0.01) + 0.2·1/(1 + 3500/5000) = 0.588 + 0.097561 + 0.117647
        let score = Self.reward.score(StrategyMetrics(successRate: 0.98, costUSD: 0.0105, latencyMs: 3500))
        #expect(abs(score - 0.803208) < 1e-6)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let metrics: StrategyMetrics
        let expected: Double
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "perfect and free", metrics: .init(successRate: 1, costUSD: 0, latencyMs: 0), expected: 1),
        Case(name: "always failing, at the scales", metrics: .init(successRate: 0, costUSD: 0.01, latencyMs: 5000), expected: 0.2),
        Case(name: "success rate above 1 is clamped", metrics: .init(successRate: 1.5, costUSD: 0, latencyMs: 0), expected: 1),
        Case(name: "negative cost counts as 0", metrics: .init(successRate: 0, costUSD: -1, latencyMs: 0), expected: 0.4),
    ]

    @Test("Table", arguments: cases)
    func table(_ c: Case) {
        #expect(abs(Self.reward.score(c.metrics) - c.expected) < 1e-9)
    }

    @Test("Bounded in 0...1 and monotone in each metric")
    func monotone() {
        var previous = -1.0
        for rate in stride(from: 0.0, through: 1.0, by: 0.05) {
            let s = Self.reward.score(.init(successRate: rate, costUSD: 0.01, latencyMs: 1000))
            #expect(s > previous && s >= 0 && s <= 1)
            previous = s
        }
        previous = 2
        for cost in stride(from: 0.0, through: 1.0, by: 0.01) {
            let s = Self.reward.score(.init(successRate: 0.9, costUSD: cost, latencyMs: 1000))
            #expect(s < previous && s >= 0)
            previous = s
        }
        previous = 2
        for latency in stride(from: 0.0, through: 100_000, by: 500) {
            let s = Self.reward.score(.init(successRate: 0.9, costUSD: 0.01, latencyMs: latency))
            #expect(s < previous && s >= 0)
            previous = s
        }
        #expect(Self.reward.score(.init(successRate: 1, costUSD: 1e9, latencyMs: 1e12)) > 0.6 - 1e-6)
    }

    @Test("Weights need not sum to 1; all zero scores 0")
    func weights() {
        let doubled = Reward(reliability: 1.2, cost: 0.4, speed: 0.4)
        let m = StrategyMetrics(successRate: 0.97, costUSD: 0.0095, latencyMs: 2800)
        #expect(abs(doubled.score(m) - Self.reward.score(m)) < 1e-12)
        #expect(Reward(reliability: 0, cost: 0, speed: 0).score(m) == 0)
    }
}
