/// A provider's daily free-tier quota (steward.yaml `telemetry.quotas`).
public struct ProviderQuota: Sendable, Hashable, Codable {
    /// The provider, as execution records name it.
    public var provider: String
    /// How much may be used per day.
    public var dailyLimit: Int64
    /// What is counted: the tokens of its records, or one request per record.
    public var unit: Unit
    /// The UTC hour at which the day's quota starts again.
    public var resetHourUTC: Int

    /// Counted units.
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable { case tokens, requests }

    /// The names of steward.yaml, so `config check` lists each setting under the key the file uses.
    enum CodingKeys: String, CodingKey {
        case provider, dailyLimit, unit
        case resetHourUTC = "resetHourUtc"
    }

    public init(provider: String, dailyLimit: Int64, unit: Unit = .tokens, resetHourUTC: Int = 0) {
        self.provider = provider
        self.dailyLimit = dailyLimit
        self.unit = unit
        self.resetHourUTC = resetHourUTC
    }

    /// The start of the quota day holding `moment`.
    public func dayStart(at moment: Timestamp) -> Timestamp {
        let day: Int64 = 86_400_000
        let offset = Int64(resetHourUTC) * 3_600_000
        let shifted = moment.millisecondsSinceEpoch - offset
        let start = (shifted >= 0 ? shifted / day : (shifted - day + 1) / day) * day + offset
        return Timestamp(millisecondsSinceEpoch: start)
    }

    /// How much one record uses.
    public func usage(of record: SkillExecution) -> Int64 { unit == .tokens ? record.tokensUsed : 1 }
}

/// Where a provider's quota stands (seed 004 §1b.5): use, level, reset and projected exhaustion.
public struct QuotaStatus: Sendable, Hashable, Codable {
    public var provider: String
    public var unit: ProviderQuota.Unit
    public var dailyLimit: Int64
    /// Used today: what Steward counted from records, plus what the provider reported beyond
    /// that count (use of the same quota by others), through a record's
    /// `free_tier_quota_used_today` or limit − `free_tier_quota_remaining`.
    public var usedToday: Int64
    public var remaining: Int64
    /// Percent of the limit used (0...100+), unrounded: levels and alerts compare it exactly;
    /// the encoded form (the API's answer, a quota entry's payload) has two decimals.
    public var pctUsed: Double
    /// GREEN, YELLOW above 50%, RED above 80%.
    public var level: Level
    public var exhausted: Bool
    public var resetsAt: Timestamp
    /// Days until the quota resets (fractional).
    public var daysUntilReset: Double
    /// When today's rate of use would reach the limit, if before the reset.
    public var projectedExhaustion: Timestamp?

    /// Encodes every field as declared, `pctUsed` to two decimals (``Percent/reported(_:)``).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(provider, forKey: .provider)
        try c.encode(unit, forKey: .unit)
        try c.encode(dailyLimit, forKey: .dailyLimit)
        try c.encode(usedToday, forKey: .usedToday)
        try c.encode(remaining, forKey: .remaining)
        try c.encode(Percent.reported(pctUsed), forKey: .pctUsed)
        try c.encode(level, forKey: .level)
        try c.encode(exhausted, forKey: .exhausted)
        try c.encode(resetsAt, forKey: .resetsAt)
        try c.encode(daysUntilReset, forKey: .daysUntilReset)
        try c.encodeIfPresent(projectedExhaustion, forKey: .projectedExhaustion)
    }

    /// Quota levels.
    public enum Level: String, Sendable, Hashable, Codable { case GREEN, YELLOW, RED }

    /// The status of `quota` with `counted` use so far today and `unseen` use by others, at `now`.
    public static func of(_ quota: ProviderQuota, counted: Int64, unseen: Int64, now: Timestamp) -> QuotaStatus {
        let used = counted + max(0, unseen)
        let pct = Percent.of(used, in: quota.dailyLimit)
        let start = quota.dayStart(at: now)
        let resets = start.adding(milliseconds: 86_400_000)
        let elapsed = Double(max(now.milliseconds(since: start), 1))
        var projected: Timestamp?
        if used > 0 && used < quota.dailyLimit {
            let rate = Double(used) / elapsed
            let at = now.adding(milliseconds: Int64((Double(quota.dailyLimit - used) / rate).rounded(.up)))
            if at < resets { projected = at }
        }
        return QuotaStatus(
            provider: quota.provider, unit: quota.unit, dailyLimit: quota.dailyLimit, usedToday: used,
            remaining: max(0, quota.dailyLimit - used), pctUsed: pct, level: pct > 80 ? .RED : pct > 50 ? .YELLOW : .GREEN,
            exhausted: used >= quota.dailyLimit, resetsAt: resets, daysUntilReset: Double(resets.milliseconds(since: now)) / 86_400_000,
            projectedExhaustion: projected)
    }
}
