/// How far one execution is from its skill's baseline (seed 004 §2a.1): the largest of the success,
/// latency, cost and quota-rate deviations in their harmful direction (fewer successes, slower,
/// dearer, faster quota use), in standard deviations.
public struct AnomalyScore: Sendable, Hashable, Codable {
    /// The composite: the largest deviation in its harmful direction (0 when none is harmful).
    public var score: Double
    /// Whether `score` is above the threshold.
    public var anomalous: Bool
    /// Which deviation is the largest: success, latency, cost or quotaRate.
    public var dominant: String
    /// (succeeded − success rate) / its standard deviation.
    public var successZ: Double
    /// The execution's place in the baseline's latency distribution (0...100).
    public var latencyPercentile: Double
    /// That percentile as a normal deviate (0 below the median: only slowness counts).
    public var latencyZ: Double
    /// (cost − mean) / standard deviation; nil when the cost is unknown.
    public var costZ: Double?
    /// (quota percent per token − mean) / standard deviation; nil without tokens or quota.
    public var quotaRateZ: Double?
    /// The execution's latency over the baseline's p95 (the alert table's "Latency p95 >2x baseline").
    public var latencyOverP95: Double?
    /// Its cost over the baseline's mean cost ("Cost spike >2x baseline"); nil when either is unknown or the mean is 0.
    public var costOverMean: Double?

    /// Scores `execution` against `baseline`.
    ///
    /// Spreads have floors so that a skill that never varied does not make every tiny change
    /// infinite: 1% of the mean, and never below a millionth. A latency beyond the slowest of the
    /// baseline keeps growing with the distance past it.
    public static func of(_ execution: SkillExecution, against baseline: SkillBaseline, threshold: Double) -> AnomalyScore {
        let successZ = ((execution.succeeded ? 1 : 0) - baseline.successRate) / max(baseline.successStdDev, 1e-6)
        let percentile = baseline.latencyPercentile(of: execution.totalLatencyMs)
        let ceiling = 1 - 0.5 / Double(max(baseline.sampleSize, 2))
        var latencyZ = max(0, StandardNormal.quantile(min(percentile / 100, ceiling)))
        if let slowest = baseline.latencyQuantilesMs.last, execution.totalLatencyMs > slowest {
            // Slower than anything in the baseline: go on counting in the spread the baseline had
            // above its median (p99 − p50 is 2.33 standard deviations of a normal distribution),
            // floored at 1% of the median like the other spreads (QA r7 alerts M1) and at 1 ms.
            let sigma = max(Double(baseline.latencyP99Ms - baseline.latencyP50Ms) / 2.33, Double(baseline.latencyP50Ms) * 0.01, 1)
            latencyZ += Double(execution.totalLatencyMs - slowest) / sigma
        }
        var costZ: Double?
        if let cost = execution.costUSD, baseline.costSampleSize > 0 {
            costZ = (cost - baseline.costMeanUSD) / spread(baseline.costStdDevUSD, mean: baseline.costMeanUSD)
        }
        var quotaZ: Double?
        if let pct = execution.freeTierQuotaPctUsed, execution.tokensUsed > 0, baseline.quotaSampleSize > 0 {
            quotaZ = (pct / Double(execution.tokensUsed) - baseline.quotaRateMean) / spread(baseline.quotaRateStdDev, mean: baseline.quotaRateMean)
        }
        // Only the harmful direction counts, as for latency: a skill that starts succeeding, or an
        // execution cheaper than usual, is not an incident to page about.
        var score = max(0, -successZ)
        var dominant = "success"
        if latencyZ > score { (score, dominant) = (latencyZ, "latency") }
        if let costZ, costZ > score { (score, dominant) = (costZ, "cost") }
        if let quotaZ, quotaZ > score { (score, dominant) = (quotaZ, "quotaRate") }
        let latencyRatio = baseline.latencyP95Ms > 0 ? Double(execution.totalLatencyMs) / Double(baseline.latencyP95Ms) : nil
        let costRatio = execution.costUSD.flatMap { cost in
            baseline.costSampleSize > 0 && baseline.costMeanUSD > 0 ? cost / baseline.costMeanUSD : nil
        }
        return AnomalyScore(
            score: score, anomalous: score > threshold, dominant: dominant, successZ: successZ, latencyPercentile: percentile,
            latencyZ: latencyZ, costZ: costZ, quotaRateZ: quotaZ, latencyOverP95: latencyRatio, costOverMean: costRatio)
    }

    private static func spread(_ deviation: Double, mean: Double) -> Double {
        max(deviation, abs(mean) * 0.01, 1e-6)
    }

    /// The metrics an anomaly can be about; each has a persistence window of its own, so an
    /// episode on one does not hide a later one on another.
    public static let metrics = ["success", "latency", "cost", "quotaRate"]

    /// The deviation of `metric` (one of ``metrics``) in its harmful direction; nil when unknown.
    public func deviation(_ metric: String) -> Double? {
        switch metric {
        case "success": max(0, -successZ)
        case "latency": latencyZ
        case "cost": costZ
        case "quotaRate": quotaRateZ
        default: nil
        }
    }
}

/// The persistence rule: an anomaly is reported only when at least `required` of the last
/// `window` executions of a skill were anomalous, once per episode (it re-arms when the window
/// holds no anomaly any more). One slow call is noise; three in ten is a pattern.
public struct AnomalyWindow: Sendable, Hashable, Codable {
    /// The last executions' flags, newest in bit 0.
    public var flags: UInt64 = 0
    /// How many executions were observed (up to the window).
    public var observed: Int = 0
    /// Whether the current episode was already reported.
    public var reported = false

    public init() {}

    /// Records one execution; true when this one completes a pattern to report.
    public mutating func observe(anomalous: Bool, required: Int, window: Int) -> Bool {
        let size = min(max(window, 1), 64)
        let mask: UInt64 = size == 64 ? .max : (1 << UInt64(size)) - 1
        flags = ((flags << 1) | (anomalous ? 1 : 0)) & mask
        observed = min(observed + 1, size)
        let count = flags.nonzeroBitCount
        if count == 0 { reported = false }
        guard anomalous, !reported, count >= max(1, required) else { return false }
        reported = true
        return true
    }

    /// How many of the window's executions were anomalous.
    public var anomalousCount: Int { flags.nonzeroBitCount }
}

/// A skill's persistence windows, one per metric of ``AnomalyScore/metrics``: an episode of slow
/// executions does not hide failures or dearer calls that follow it.
public struct AnomalyEpisodes: Sendable, Hashable {
    /// The windows, in the order of ``AnomalyScore/metrics``.
    public private(set) var windows = Array(repeating: AnomalyWindow(), count: AnomalyScore.metrics.count)

    /// What one execution did to the episodes.
    public struct Observation: Sendable {
        /// The metrics (with their window) whose pattern the execution completed: to report.
        public var fired: [(metric: String, window: AnomalyWindow)] = []
        /// The metrics whose reported episode the execution ended: their window holds no anomaly
        /// any more, so an alert it raised can be resolved.
        public var ended: [String] = []
    }

    public init() {}

    /// Records one execution's score: the episodes it completes and the reported ones it ends.
    public mutating func observe(_ score: AnomalyScore, threshold: Double, required: Int, window: Int) -> Observation {
        var observation = Observation()
        for (index, metric) in AnomalyScore.metrics.enumerated() {
            let anomalous = (score.deviation(metric) ?? 0) > threshold
            let wasReported = windows[index].reported
            if windows[index].observe(anomalous: anomalous, required: required, window: window) {
                observation.fired.append((metric, windows[index]))
            } else if wasReported && !windows[index].reported {
                observation.ended.append(metric)
            }
        }
        return observation
    }
}
