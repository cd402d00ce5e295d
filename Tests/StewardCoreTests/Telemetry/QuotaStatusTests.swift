import Testing
import StewardCore

@Suite("Quota status")
struct QuotaStatusTests {
    static let noon = Timestamp(rfc3339: "2026-12-05T12:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)

    @Test func theQuotaDayStartsAtItsResetHour() {
        let midnight = ProviderQuota(provider: "p", dailyLimit: 10)
        #expect(midnight.dayStart(at: Self.noon).rfc3339 == "2026-12-05T00:00:00.000Z")
        let seven = ProviderQuota(provider: "p", dailyLimit: 10, resetHourUTC: 7)
        #expect(seven.dayStart(at: Self.noon).rfc3339 == "2026-12-05T07:00:00.000Z")
        #expect(seven.dayStart(at: Timestamp(rfc3339: "2026-12-05T06:59:59Z") ?? Self.noon).rfc3339 == "2026-12-04T07:00:00.000Z")
        #expect(seven.dayStart(at: Timestamp(millisecondsSinceEpoch: -1)).rfc3339 == "1969-12-31T07:00:00.000Z")
    }

    @Test func levelsRemainingResetAndProjectedExhaustion() {
        let quota = ProviderQuota(provider: "openai", dailyLimit: 1_000)
        let green = QuotaStatus.of(quota, counted: 500, unseen: 0, now: Self.noon)
        #expect(green.level == .GREEN && green.remaining == 500 && !green.exhausted && green.pctUsed == 50)
        #expect(green.resetsAt.rfc3339 == "2026-12-06T00:00:00.000Z" && green.daysUntilReset == 0.5)
        // 500 in 12 hours: the other 500 take 12 more hours, which is exactly the reset: not before it.
        #expect(green.projectedExhaustion == nil)
        let yellow = QuotaStatus.of(quota, counted: 600, unseen: 0, now: Self.noon)
        #expect(yellow.level == .YELLOW && yellow.projectedExhaustion?.rfc3339 == "2026-12-05T20:00:00.000Z")
        let red = QuotaStatus.of(quota, counted: 700, unseen: 150, now: Self.noon)
        #expect(red.level == .RED && red.usedToday == 850 && red.remaining == 150)
        let out = QuotaStatus.of(quota, counted: 900, unseen: 200, now: Self.noon)
        #expect(out.exhausted && out.remaining == 0 && out.pctUsed > 100 && out.projectedExhaustion == nil)
    }
}
