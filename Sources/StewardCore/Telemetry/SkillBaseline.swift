import Histogram

/// How a skill normally behaves (seed 004 §1b.6): success, latency percentiles, cost, tokens and
/// quota consumption over a period. Anomalies are measured against it.
public struct SkillBaseline: Sendable, Hashable, Codable {
    public var skill: String
    /// The executions counted started in [from, to).
    public var from: Timestamp
    public var to: Timestamp
    public var computedAt: Timestamp
    public var sampleSize: Int
    /// Fewer executions than the minimum sample (100 by default): usable, but not yet trustworthy.
    public var provisional: Bool
    /// Kept as it is until this moment (the configured first period), whatever recomputing finds.
    public var frozenUntil: Timestamp?
    public var successRate: Double
    /// The standard deviation of one execution's success, from a rate smoothed by one success and
    /// one failure so a perfect history still has a spread.
    public var successStdDev: Double
    public var latencyP50Ms: Int64
    public var latencyP95Ms: Int64
    public var latencyP99Ms: Int64
    /// Latency at each of ``quantileLevels``, for placing one execution in the distribution.
    public var latencyQuantilesMs: [Int64]
    public var costMeanUSD: Double
    public var costStdDevUSD: Double
    /// Executions whose cost was known.
    public var costSampleSize: Int
    public var tokensMean: Double
    public var tokensStdDev: Double
    /// Quota percent used per token.
    public var quotaRateMean: Double
    public var quotaRateStdDev: Double
    public var quotaSampleSize: Int
    /// Executions per cost tier.
    public var tierBreakdown: [String: Int]

    /// The percentiles stored in ``latencyQuantilesMs``: every whole percent, then the far tail.
    public static let quantileLevels: [Double] = (0...99).map(Double.init) + [99.5, 99.9, 100]

    /// The baseline of `samples`, or nil when there are none.
    public static func compute(
        skill: String, samples: ExecutionSamples, from: Timestamp, to: Timestamp, computedAt: Timestamp, minimumSample: Int = 100
    ) -> SkillBaseline? {
        let n = samples.count
        guard n > 0 else { return nil }
        let successes = samples.succeeded.reduce(0) { $0 + ($1 ? 1 : 0) }
        let smoothed = (Double(successes) + 1) / (Double(n) + 2)
        let histogram = latencyHistogram(samples.latencyMs)
        let quantiles = quantileLevels.map { Int64(histogram.valueAtPercentile($0)) }
        let cost = Moments(samples.costUSD)
        let tokens = Moments(samples.tokens.map(Double.init))
        let quota = Moments(samples.quotaPctPerToken)
        return SkillBaseline(
            skill: skill, from: from, to: to, computedAt: computedAt, sampleSize: n, provisional: n < minimumSample, frozenUntil: nil,
            successRate: Double(successes) / Double(n), successStdDev: (smoothed * (1 - smoothed)).squareRoot(),
            latencyP50Ms: Int64(histogram.valueAtPercentile(50)), latencyP95Ms: Int64(histogram.valueAtPercentile(95)),
            latencyP99Ms: Int64(histogram.valueAtPercentile(99)), latencyQuantilesMs: quantiles,
            costMeanUSD: cost.mean, costStdDevUSD: cost.standardDeviation, costSampleSize: samples.costUSD.count,
            tokensMean: tokens.mean, tokensStdDev: tokens.standardDeviation,
            quotaRateMean: quota.mean, quotaRateStdDev: quota.standardDeviation, quotaSampleSize: samples.quotaPctPerToken.count,
            tierBreakdown: samples.tiers)
    }

    /// The latency histogram tracks up to a day; longer executions count as a day.
    static let maxLatencyMs: UInt64 = 86_400_000

    /// The HdrHistogram of `latencies` (3 significant digits) that baselines and insights read percentiles from.
    static func latencyHistogram(_ latencies: [Int64]) -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(highestTrackableValue: maxLatencyMs, numberOfSignificantValueDigits: .three)
        for latency in latencies { _ = histogram.record(UInt64(clamping: min(max(latency, 0), Int64(maxLatencyMs)))) }
        return histogram
    }

    /// Where `latencyMs` falls in the baseline's distribution, as a percentile (0...100),
    /// interpolated between the stored levels.
    public func latencyPercentile(of latencyMs: Int64) -> Double {
        let levels = Self.quantileLevels
        guard let first = latencyQuantilesMs.first, let last = latencyQuantilesMs.last, latencyQuantilesMs.count == levels.count else { return 50 }
        if latencyMs < first { return 0 }
        if latencyMs > last { return 100 }
        // The last level whose latency is at most `latencyMs`.
        var low = 0
        var high = latencyQuantilesMs.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if latencyQuantilesMs[mid] <= latencyMs { low = mid } else { high = mid - 1 }
        }
        if latencyQuantilesMs[low] == latencyMs {
            // A latency the baseline holds at several levels (coarse timers, a constant-time
            // skill) sits at the middle of those levels, not at their top: the usual value of a
            // skill is not its slowest. `low` is the last of them; walk back to the first.
            var lowest = low
            while lowest > 0 && latencyQuantilesMs[lowest - 1] == latencyMs { lowest -= 1 }
            return (levels[lowest] + levels[low]) / 2
        }
        let next = min(low + 1, levels.count - 1)
        let span = Double(latencyQuantilesMs[next] - latencyQuantilesMs[low])
        guard span > 0 else { return levels[low] }
        return levels[low] + (levels[next] - levels[low]) * Double(latencyMs - latencyQuantilesMs[low]) / span
    }
}

/// Mean and sample standard deviation, computed in one pass (Welford).
struct Moments {
    var mean = 0.0
    var standardDeviation = 0.0

    init(_ values: [Double]) {
        var count = 0.0
        var m2 = 0.0
        for value in values {
            count += 1
            let delta = value - mean
            mean += delta / count
            m2 += delta * (value - mean)
        }
        standardDeviation = count > 1 ? (m2 / (count - 1)).squareRoot() : 0
    }
}
