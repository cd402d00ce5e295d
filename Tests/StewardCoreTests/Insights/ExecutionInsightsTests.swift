import Testing
import StewardCore

@Suite("Execution insights")
struct ExecutionInsightsTests {
    /// 2026-12-01T00:00:00Z.
    static let day = Timestamp(rfc3339: "2026-12-01T00:00:00Z")?.millisecondsSinceEpoch ?? 0
    static let hour: Int64 = 3_600_000

    static func fact(_ skill: String, ok: Bool = true, hour h: Int64 = 0, latency: Int64 = 100, cost: Double? = nil, tier: String? = nil,
                     provider: String? = nil, pct: Double? = nil, remaining: Int64? = nil, tokens: Int64 = 0, day d: Int64 = 0) -> ExecutionFact {
        let start = day + d * Timestamp.millisecondsPerDay + h * hour
        return ExecutionFact(
            skill: skill, provider: provider, startMs: start, endMs: start + latency, succeeded: ok, latencyMs: latency, costUSD: cost,
            tier: tier, quotaPct: pct, quotaRemaining: remaining, tokens: tokens)
    }

    @Test func reliabilityRanksByRateThenCount() {
        let facts = [Self.fact("a"), Self.fact("a"), Self.fact("b"), Self.fact("c"), Self.fact("c", ok: false), Self.fact("d", ok: false)]
        let ranking = SkillReliability.ranking(facts)
        #expect(ranking.map(\.skill) == ["a", "b", "c", "d"])
        #expect(ranking[0].executions == 2 && ranking[2].successRate == 0.5 && ranking[3].successes == 0)
    }

    @Test func costCountsUnknownCostsApartAndFiltersByTier() {
        let facts = [
            Self.fact("a", cost: 0.02, tier: "Standard"), Self.fact("a", cost: 0.04, tier: "Standard"), Self.fact("a", tier: "Standard"),
            Self.fact("b", cost: 0, tier: "Free"), Self.fact("c", tier: "Premium"),
        ]
        let all = SkillCost.breakdown(facts)
        #expect(all.map(\.skill) == ["a", "b", "c"])
        #expect(all[0].executions == 3 && all[0].unknownCostExecutions == 1 && abs(all[0].totalCostUSD - 0.06) < 1e-12)
        #expect(all[0].averageCostUSD.map { abs($0 - 0.03) < 1e-12 } == true)
        #expect(all[2].averageCostUSD == nil && all[2].unknownCostExecutions == 1)
        #expect(SkillCost.breakdown(facts, tier: "Free").map(\.skill) == ["b"])
    }

    @Test func latencyByHourUsesTheBaselineHistogram() {
        var facts = (1...100).map { Self.fact("a", hour: 14, latency: Int64($0) * 10) }
        facts += [Self.fact("a", hour: 2, latency: 500), Self.fact("a", hour: 2, latency: 700, day: 1)]
        let hours = HourlyLatency.byHour(facts)
        #expect(hours.map(\.hour) == [2, 14])
        #expect(hours[0].executions == 2 && hours[0].p50Ms == 500 && hours[0].p95Ms == 700)
        #expect(hours[1].executions == 100 && hours[1].p50Ms == 500 && hours[1].p95Ms == 950)
    }

    @Test func quotaPerDayWithTheSeedsRunway() {
        let facts = [
            Self.fact("a", provider: "openai", pct: 10, remaining: 900), Self.fact("a", provider: "openai", pct: 40, remaining: 600),
            Self.fact("a", provider: "openai", pct: 40, remaining: 600, day: 1), Self.fact("a", provider: "openai"),
            Self.fact("b", pct: 0, remaining: 100),
        ]
        let q = QuotaUtilization.of(facts)
        #expect(q.days.map(\.date) == ["2026-12-01", "2026-12-01", "2026-12-02"])
        #expect(q.days[0].skill == "b" && q.days[1].maxQuotaPctUsed == 40 && q.days[1].averageQuotaRemaining == 750 && q.days[1].executions == 2)
        let openai = q.runways.first { $0.provider == "openai" }
        #expect(openai?.averageDailyPctUsed == 40 && openai?.runwayDays == 2.5)
        #expect(openai?.sentence == "Consistently using 40% of the daily openai quota of a: runway for 2.5 days at this rate.")
        #expect(q.runways.first { $0.skill == "b" }?.runwayDays == nil)
        // One day is said as one (QA telemetry r3 #8: "runway for 1 days").
        let full = QuotaUtilization.of([Self.fact("c", provider: "openai", pct: 99, remaining: 10)])
        #expect(full.runways.first?.sentence.hasSuffix("runway for 1 day at this rate.") == true, "\(full.runways.first?.sentence ?? "")")
    }

    /// QA telemetry F9: most rate-limit headers give only what remains; the configured daily
    /// limit turns it into a percent used and a runway.
    @Test func aReportedRemainingCountsAgainstTheConfiguredLimit() {
        let facts = [Self.fact("gh", provider: "github", remaining: 1_000), Self.fact("gh", provider: "github", remaining: 4_000)]
        let q = QuotaUtilization.of(facts, quotas: [ProviderQuota(provider: "GitHub", dailyLimit: 5_000, unit: .requests)])
        #expect(q.days.map(\.maxQuotaPctUsed) == [80])
        #expect(q.runways.first?.runwayDays == 1.25)
        #expect(QuotaUtilization.of(facts).days.map(\.maxQuotaPctUsed) == [nil], "no limit, no percent")
    }

    /// QA optimize F11: agents that leave the quota to Steward report no quota fields; the
    /// runway then comes from their own use against the configured limit.
    @Test func withoutReportedFiguresTheSkillsCountedUseGivesTheRunway() {
        let quotas = [ProviderQuota(provider: "google", dailyLimit: 10_000, unit: .tokens), ProviderQuota(provider: "github", dailyLimit: 100, unit: .requests)]
        let facts = [
            Self.fact("t", provider: "google", tokens: 3_000), Self.fact("t", provider: "google", tokens: 2_000),
            Self.fact("t", provider: "google", tokens: 2_500, day: 1),
            // A day with a reported figure keeps it: the provider's view includes other users.
            Self.fact("t", provider: "google", tokens: 1_000, day: 2), Self.fact("t", provider: "google", pct: 70, day: 2),
            Self.fact("gh", provider: "github"), Self.fact("gh", provider: "github"),
            // No configured quota: nothing to count against.
            Self.fact("x", provider: "mistral", tokens: 5_000),
        ]
        let q = QuotaUtilization.of(facts, quotas: quotas)
        let google = q.days.filter { $0.provider == "google" }
        #expect(google.map(\.maxQuotaPctUsed) == [50, 25, 70] && google.map(\.source) == ["counted", "counted", "reported"])
        #expect(google.map(\.executions) == [2, 1, 1])
        #expect(q.days.first { $0.provider == "github" }?.maxQuotaPctUsed == 2)
        #expect(!q.days.contains { $0.provider == "mistral" })
        let runway = q.runways.first { $0.provider == "google" }
        #expect(runway?.days == 3 && runway?.runwayDays == 100 / ((50.0 + 25 + 70) / 3))
        #expect(QuotaUtilization.of(facts).days.allSatisfy { $0.source == "reported" }, "without configured quotas only reported figures count")
    }
}
