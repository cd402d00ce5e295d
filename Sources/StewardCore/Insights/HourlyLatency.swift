import Histogram

/// Latency by time of day (seed 004 §2b.1, analysis 3): for each UTC hour in which executions
/// started, their count and the p50 and p95 of `total_latency_ms`, read from the same HdrHistogram
/// baselines use, so an hour's p95 and a baseline's p95 mean the same thing.
public struct HourlyLatency: Sendable, Hashable, Codable {
    /// 0...23, UTC, of `timestamp_start`.
    public var hour: Int
    public var executions: Int
    public var p50Ms: Int64
    public var p95Ms: Int64

    /// The hours of `facts` that have executions, in hour order.
    public static func byHour(_ facts: [ExecutionFact]) -> [HourlyLatency] {
        var latencies: [Int: [Int64]] = [:]
        for fact in facts {
            let hour = Int(((fact.startMs % Timestamp.millisecondsPerDay) + Timestamp.millisecondsPerDay) % Timestamp.millisecondsPerDay / 3_600_000)
            latencies[hour, default: []].append(fact.latencyMs)
        }
        return latencies.keys.sorted().map { hour in
            let values = latencies[hour] ?? []
            let histogram = SkillBaseline.latencyHistogram(values)
            return HourlyLatency(
                hour: hour, executions: values.count, p50Ms: Int64(histogram.valueAtPercentile(50)),
                p95Ms: Int64(histogram.valueAtPercentile(95)))
        }
    }
}
