/// Free-tier quota utilisation (seed 004 §2b.1, analysis 4), per UTC day of `timestamp_end` and
/// provider and skill: the highest percent used and the average remaining, over the executions
/// that reported them; or, for a provider with a configured quota whose executions reported
/// neither, the skill's own use that day as Steward counts it.
public struct QuotaDay: Sendable, Hashable, Codable {
    /// `YYYY-MM-DD`, UTC.
    public var date: String
    /// nil when the executions did not name one.
    public var provider: String?
    public var skill: String
    /// Executions that reported a quota figure (`counted`: the executions counted).
    public var executions: Int
    public var maxQuotaPctUsed: Double?
    public var averageQuotaRemaining: Double?
    /// `reported` (the executions' quota fields) or `counted` (their tokens or requests against the configured daily limit).
    public var source: String
}

/// How long a quota lasts at the rate it is used: "If consistently using 40% of daily quota, we
/// have runway for 2.5 days at this rate" (seed 004 §2b.1).
public struct QuotaRunway: Sendable, Hashable, Codable {
    public var provider: String?
    public var skill: String
    /// Days with a percent-used figure.
    public var days: Int
    /// The mean over those days of each day's highest percent used.
    public var averageDailyPctUsed: Double
    /// 100 / averageDailyPctUsed; nil when nothing was used.
    public var runwayDays: Double?
    /// The seed's sentence.
    public var sentence: String
}

/// The day rows and runways of one analysis.
public struct QuotaUtilization: Sendable, Hashable, Codable {
    public var days: [QuotaDay]
    public var runways: [QuotaRunway]

    private struct Key: Hashable, Comparable {
        var provider: String?
        var skill: String
        static func < (a: Key, b: Key) -> Bool { (a.provider ?? "", a.skill) < (b.provider ?? "", b.skill) }
    }

    /// The utilisation of `facts`. An execution that reported only the quota remaining has its
    /// percent used computed from its provider's configured daily limit in `quotas` (rate-limit
    /// headers give the remaining). A skill's day without any reported figure, on a provider with
    /// a configured quota, is the skill's own use as Steward counts it (tokens or requests over
    /// the daily limit), so agents that leave the quota to Steward still get a runway.
    public static func of(_ facts: [ExecutionFact], quotas: [ProviderQuota] = []) -> QuotaUtilization {
        let limits = Dictionary(quotas.map { ($0.provider.lowercased(), $0.dailyLimit) }, uniquingKeysWith: { first, _ in first })
        let units = Dictionary(quotas.map { ($0.provider.lowercased(), $0.unit) }, uniquingKeysWith: { first, _ in first })
        var groups: [Key: [String: (count: Int, maxPct: Double?, remaining: [Int64], counted: Bool)]] = [:]
        var counted: [Key: [String: (count: Int, used: Int64)]] = [:]
        for fact in facts {
            let day = Timestamp(millisecondsSinceEpoch: fact.endMs).utcDay
            guard fact.quotaPct != nil || fact.quotaRemaining != nil else {
                if let provider = fact.provider?.lowercased(), let unit = units[provider] {
                    var row = counted[Key(provider: fact.provider, skill: fact.skill), default: [:]][day] ?? (0, 0)
                    row.count += 1
                    row.used += unit == .tokens ? fact.tokens : 1
                    counted[Key(provider: fact.provider, skill: fact.skill), default: [:]][day] = row
                }
                continue
            }
            var row = groups[Key(provider: fact.provider, skill: fact.skill), default: [:]][day] ?? (0, nil, [], false)
            row.count += 1
            var pct = fact.quotaPct
            if pct == nil, let remaining = fact.quotaRemaining, let limit = fact.provider.flatMap({ limits[$0.lowercased()] }), limit > 0 {
                pct = min(100, max(0, Percent.of(limit - remaining, in: limit)))
            }
            if let pct { row.maxPct = max(row.maxPct ?? pct, pct) }
            if let remaining = fact.quotaRemaining { row.remaining.append(remaining) }
            groups[Key(provider: fact.provider, skill: fact.skill), default: [:]][day] = row
        }
        // Counted days fill in only where nothing was reported for that skill and day.
        for (key, byDay) in counted {
            guard let limit = key.provider.flatMap({ limits[$0.lowercased()] }), limit > 0 else { continue }
            for (day, row) in byDay where groups[key]?[day] == nil {
                groups[key, default: [:]][day] = (row.count, min(100, Percent.of(row.used, in: limit)), [], true)
            }
        }
        var days: [QuotaDay] = []
        var runways: [QuotaRunway] = []
        for key in groups.keys.sorted() {
            let byDay = groups[key] ?? [:]
            for day in byDay.keys.sorted() {
                guard let row = byDay[day] else { continue }
                days.append(QuotaDay(
                    date: day, provider: key.provider, skill: key.skill, executions: row.count, maxQuotaPctUsed: row.maxPct,
                    averageQuotaRemaining: row.remaining.isEmpty ? nil : Double(row.remaining.reduce(0, +)) / Double(row.remaining.count),
                    source: row.counted ? "counted" : "reported"))
            }
            let daily = byDay.keys.sorted().compactMap { byDay[$0]?.maxPct }
            guard !daily.isEmpty else { continue }
            runways.append(runway(provider: key.provider, skill: key.skill, dailyPctUsed: daily))
        }
        return QuotaUtilization(days: days, runways: runways)
    }

    /// The runway of a quota whose days used `dailyPctUsed` percent each.
    static func runway(provider: String?, skill: String, dailyPctUsed: [Double]) -> QuotaRunway {
        let average = dailyPctUsed.reduce(0, +) / Double(dailyPctUsed.count)
        let who = provider.map { "\($0) quota of \(skill)" } ?? "quota of \(skill)"
        guard average > 0 else {
            return QuotaRunway(
                provider: provider, skill: skill, days: dailyPctUsed.count, averageDailyPctUsed: 0, runwayDays: nil,
                sentence: "The \(who) is not being used: no limit to the runway at this rate.")
        }
        let days = 100 / average
        return QuotaRunway(
            provider: provider, skill: skill, days: dailyPctUsed.count, averageDailyPctUsed: average, runwayDays: days,
            sentence: "Consistently using \(rounded(average))% of the daily \(who): runway for \(rounded(days)) day\(rounded(days) == "1" ? "" : "s") at this rate.")
    }

    static func rounded(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }
}
