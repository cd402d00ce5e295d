import StewardCore
import Testing

/// `make_routing_decision` of seed 004 §2c.2, with the semantics docs/telemetry.md gives it.
@Suite struct RoutingDecisionTests {
    static let now = Timestamp(millisecondsSinceEpoch: 1_772_366_400_000)

    static func measured(_ name: String, _ rate: Double, _ cost: Double, _ latency: Double, n: Int = 100) -> StrategyMeasurement {
        StrategyMeasurement(strategy: name, metrics: .init(successRate: rate, costUSD: cost, latencyMs: latency), source: .measured, sampleSize: n)
    }

    static func decide(
        _ measurements: [StrategyMeasurement], current: String = "current", lastChange: Timestamp? = nil,
        guardrails: AutonomyGuardrails = .init()
    ) throws -> RoutingDecision {
        try #require(RoutingDecision.make(
            skill: "review", current: current, measurements: measurements, reward: Reward(), guardrails: guardrails,
            context: .init(lastChangeAt: lastChange, now: now)))
    }

    @Test("A better strategy within every guardrail is auto-approved")
    func autoApproved() throws {
        let d = try Self.decide([Self.measured("current", 0.98, 0.0105, 3500), Self.measured("fast", 0.975, 0.0095, 2800)])
        #expect(d.status == .AUTO_APPROVED)
        #expect(d.candidate?.measurement.strategy == "fast" && d.violations.isEmpty)
        #expect(d.rationale.hasPrefix("Move current → fast: 20% faster (-700ms), 10% cheaper (-0.001 USD), same reliability (delta=-0.5% within margin)"))
    }

    @Test("The current strategy scoring best is no change")
    func noChange() throws {
        let d = try Self.decide([Self.measured("current", 0.99, 0.005, 1000), Self.measured("slow", 0.99, 0.005, 2000)])
        #expect(d.status == .NO_CHANGE && d.candidate == nil)
    }

    @Test("A tie keeps the current strategy")
    func tie() throws {
        let d = try Self.decide([Self.measured("other", 0.99, 0.005, 1000), Self.measured("current", 0.99, 0.005, 1000)])
        #expect(d.status == .NO_CHANGE)
    }

    @Test("The best strategy breaking a guardrail is deferred, naming it")
    func deferred() throws {
        // Much faster and cheaper, but 4 points less reliable: it scores best and breaks the bound.
        let d = try Self.decide([Self.measured("current", 0.99, 0.02, 8000), Self.measured("risky", 0.95, 0.001, 200)])
        #expect(d.status == .DEFERRED)
        #expect(d.violations.map(\.guardrail) == ["maxSuccessRateReduction"])
        #expect(d.rationale.contains("Needs approval: success rate falls by 4.0 points"))
    }

    @Test("A worse strategy breaking guardrails does not hold back a better one (unlike the seed's sketch)")
    func onlyTheBestCounts() throws {
        let d = try Self.decide([
            Self.measured("current", 0.98, 0.0105, 3500), Self.measured("fast", 0.98, 0.0095, 2800), Self.measured("bad", 0.5, 0.1, 9000),
        ])
        #expect(d.status == .AUTO_APPROVED && d.candidate?.measurement.strategy == "fast")
    }

    /// QA optimize F2: the best within the guardrails is selected (seed 004 §2c.2), not the best
    /// scoring one that breaks them, which held the compliant improvement back for good.
    @Test("The best strategy within the guardrails wins over a better-scoring one that breaks them")
    func theBestWithinTheGuardrails() throws {
        let d = try Self.decide([
            Self.measured("current", 0.98, 0.0105, 3500), Self.measured("fast", 0.98, 0.0095, 2800), Self.measured("risky", 0.80, 0.001, 500),
        ])
        #expect(d.strategies.map(\.score).max() == d.strategies.first { $0.measurement.strategy == "risky" }?.score)
        #expect(d.status == .AUTO_APPROVED && d.candidate?.measurement.strategy == "fast" && d.violations.isEmpty)
        // With nothing better within them, the best-scoring one goes to a person, naming what it breaks.
        let only = try Self.decide([Self.measured("current", 0.98, 0.0105, 3500), Self.measured("risky", 0.80, 0.001, 500)])
        #expect(only.status == .DEFERRED && only.candidate?.measurement.strategy == "risky")
        #expect(only.violations.map(\.guardrail) == ["maxSuccessRateReduction", "minReliability"])
    }

    @Test("Inside the cooldown a better strategy is deferred; after it, approved")
    func cooldown() throws {
        let m = [Self.measured("current", 0.98, 0.0105, 3500), Self.measured("fast", 0.98, 0.0095, 2800)]
        let recent = try Self.decide(m, lastChange: Self.now.adding(milliseconds: -5 * 3_600_000))
        #expect(recent.status == .DEFERRED && recent.violations.map(\.guardrail) == ["cooldownHours"])
        let old = try Self.decide(m, lastChange: Self.now.adding(milliseconds: -6 * 3_600_000))
        #expect(old.status == .AUTO_APPROVED)
    }

    @Test("A current strategy without a measured record needs approval when the guardrail says so")
    func newSkill() throws {
        let declared = StrategyMeasurement(
            strategy: "current", metrics: .init(successRate: 0.98, costUSD: 0.0105, latencyMs: 3500), source: .declared, sampleSize: 4)
        let m = [declared, Self.measured("fast", 0.98, 0.0095, 2800)]
        #expect(try Self.decide(m).violations.map(\.guardrail) == ["approvalRequiredForNewSkills"])
        var relaxed = AutonomyGuardrails()
        relaxed.approvalRequiredForNewSkills = false
        #expect(try Self.decide(m, guardrails: relaxed).status == .AUTO_APPROVED)
    }

    @Test("A candidate known only by its priors is never switched to alone")
    func declaredCandidate() throws {
        let declared = StrategyMeasurement(
            strategy: "fast", metrics: .init(successRate: 0.98, costUSD: 0.0095, latencyMs: 2800), source: .declared, sampleSize: 0)
        let d = try Self.decide([Self.measured("current", 0.98, 0.0105, 3500), declared])
        #expect(d.status == .DEFERRED && d.violations.map(\.guardrail) == ["measuredCandidate"])
    }

    @Test("An unknown current strategy gives no decision")
    func unknownCurrent() {
        #expect(RoutingDecision.make(
            skill: "s", current: "gone", measurements: [Self.measured("a", 1, 0, 0)], reward: Reward(), guardrails: .init(),
            context: .init(lastChangeAt: nil, now: Self.now)) == nil)
    }

    @Test("A proposal carries both strategies' metrics and the deltas")
    func proposal() throws {
        let d = try Self.decide([Self.measured("current", 0.99, 0.02, 8000), Self.measured("risky", 0.95, 0.001, 200)])
        let p = try #require(RoutingProposal(id: "rp-1", decision: d, at: Self.now))
        #expect(p.from == "current" && p.to == "risky" && p.status == .pending)
        #expect(abs(p.deltas.successRate + 0.04) < 1e-9 && abs(p.deltas.latencyMs + 7800) < 1e-9)
        let auto = try Self.decide([Self.measured("current", 0.98, 0.0105, 3500), Self.measured("fast", 0.98, 0.0095, 2800)])
        #expect(RoutingProposal(id: "rp-2", decision: auto, at: Self.now) == nil)
    }
}
