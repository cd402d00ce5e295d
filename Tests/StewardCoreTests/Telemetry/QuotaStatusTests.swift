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

    /// QA console L4: 11 of 20 was answered as 55.00000000000001, 700 of 10,000 as 7.000000000000001.
    @Test func percentagesCarryNoBinaryNoiseAndAreAnsweredToTwoDecimals() throws {
        for (used, limit, exact, answered) in [(11, 20, 55.0, 55.0), (700, 10_000, 7, 7), (8_010, 10_000, 80.1, 80.1), (1, 3, 100.0 / 3, 33.33)] as [(Int64, Int64, Double, Double)] {
            let status = QuotaStatus.of(ProviderQuota(provider: "p", dailyLimit: limit), counted: used, unseen: 0, now: Self.noon)
            #expect(status.pctUsed == exact, "\(used) of \(limit)")
            let encoded = try JSONValueEncoder.encode(status)
            #expect(encoded["pctUsed"] == .double(answered), "\(used) of \(limit): \(String(describing: encoded["pctUsed"]))")
            #expect(encoded["level"] == .string(status.level.rawValue) && encoded["usedToday"] == .int(used))
        }
        // The level compares the unrounded figure: 80.004% is above 80%, though it reads 80.
        let just = QuotaStatus.of(ProviderQuota(provider: "p", dailyLimit: 100_000), counted: 80_004, unseen: 0, now: Self.noon)
        #expect(just.level == .RED && Percent.reported(just.pctUsed) == 80)
        #expect(Percent.reported(-0.004) == 0 && Percent.reported(12.345678) == 12.35)
    }

    /// QA optimize F7: a sentence about passing 80% does not say "(80%)".
    @Test func percentagesInSentencesKeepTheirDecimals() {
        #expect(Percent.text(80.01) == "80.01" && Percent.text(80) == "80" && Percent.text(95.5) == "95.5" && Percent.text(100.0049) == "100")
    }
}
