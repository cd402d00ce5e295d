/// What a breaker window counted: executions, rollbacks and incidents by severity.
public struct OutcomeCounts: Sendable, Hashable, Codable {
    /// Executions that succeeded.
    public var successes = 0
    /// Executions that failed.
    public var failures = 0
    /// Executed actions rolled back.
    public var rollbacks = 0
    /// Incidents opened, by severity.
    public var incidents = IncidentCounts()
    /// Execution durations, for latency objectives.
    public var latency = LatencyHistogram()

    /// Nothing counted.
    public init() {}

    /// Executions with a result.
    public var calls: Int { successes + failures }

    /// Adds `other` to these counts.
    public mutating func add(_ other: OutcomeCounts) {
        successes += other.successes
        failures += other.failures
        rollbacks += other.rollbacks
        incidents.add(other.incidents)
        latency.add(other.latency)
    }
}

/// Execution durations in fixed buckets: recording is O(1), a quantile reads 12 counters.
public struct LatencyHistogram: Sendable, Hashable, Codable {
    /// The buckets' upper bounds in milliseconds; the last bucket holds everything slower.
    public static let bounds: [Int64] = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000]
    /// Counts per bucket (bounds.count + 1 of them).
    public var counts = [Int](repeating: 0, count: 12)

    /// Nothing counted.
    public init() {}

    /// Counts one execution of `milliseconds`.
    public mutating func record(_ milliseconds: Int64) {
        var i = 0
        while i < Self.bounds.count && milliseconds > Self.bounds[i] { i += 1 }
        counts[i] += 1
    }

    /// The upper bound of the bucket holding the `q` quantile (0 without data; the last bound
    /// doubled for the open-ended bucket).
    public func quantile(_ q: Double) -> Int64 {
        let total = counts.reduce(0, +)
        guard total > 0 else { return 0 }
        let rank = Int((Double(total) * q).rounded(.up))
        var seen = 0
        for (i, n) in counts.enumerated() {
            seen += n
            if seen >= rank { return i < Self.bounds.count ? Self.bounds[i] : Self.bounds[Self.bounds.count - 1] * 2 }
        }
        return Self.bounds[Self.bounds.count - 1] * 2
    }

    mutating func add(_ other: LatencyHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }
}

/// Incidents counted by severity.
public struct IncidentCounts: Sendable, Hashable, Codable {
    /// Critical ones.
    public var critical = 0
    /// High ones.
    public var high = 0
    /// Medium ones.
    public var medium = 0
    /// Low ones.
    public var low = 0

    /// None.
    public init() {}

    /// All of them.
    public var total: Int { critical + high + medium + low }

    /// The worst severity counted, or "none".
    public var worst: String {
        critical > 0 ? "critical" : high > 0 ? "high" : medium > 0 ? "medium" : low > 0 ? "low" : "none"
    }

    /// Counts one incident of `severity`.
    public mutating func count(_ severity: IncidentSeverity) {
        switch severity {
        case .critical: critical += 1
        case .high: high += 1
        case .medium: medium += 1
        case .low: low += 1
        }
    }

    mutating func add(_ other: IncidentCounts) {
        critical += other.critical
        high += other.high
        medium += other.medium
        low += other.low
    }
}

/// A sliding window of `OutcomeCounts` kept in up to 60 time buckets: recording is O(1), reading
/// the totals is O(60) whatever the traffic, and memory is fixed.
public struct SlidingWindow: Sendable, Hashable {
    struct Bucket: Sendable, Hashable {
        var index: Int64 = .min
        var counts = OutcomeCounts()
    }

    static let maximumBuckets = 60
    /// How many buckets: 60, or one a second for a window shorter than a minute, so a 30 s
    /// window covers 30 s and not the 60 one-second buckets it would otherwise need.
    let bucketCount: Int
    /// Each bucket's width in milliseconds.
    let bucketMs: Int64
    var buckets: [Bucket]

    /// A window of `length`, in buckets of length/60, or of one second when that is shorter.
    public init(length: WindowDuration) {
        bucketCount = min(Self.maximumBuckets, max(1, length.seconds))
        bucketMs = max(1000, Int64(length.seconds) * 1000 / Int64(bucketCount))
        buckets = Array(repeating: Bucket(), count: bucketCount)
    }

    /// Adds to the bucket of `ts`, clearing it first if it last held an older period.
    public mutating func record(at ts: Timestamp, _ change: (inout OutcomeCounts) -> Void) {
        let index = ts.millisecondsSinceEpoch / bucketMs
        let slot = Int(index % Int64(bucketCount))
        if buckets[slot].index != index {
            // An event older than the bucket's current period no longer belongs to the window.
            guard buckets[slot].index < index else { return }
            buckets[slot] = Bucket(index: index)
        }
        change(&buckets[slot].counts)
    }

    /// What the window holds at `now`: the buckets of the last `bucketCount` periods, the current
    /// one included. With `since`, only buckets that began after the one holding `since`: a fresh
    /// start drops the whole bucket it falls in, so at most one bucket's later outcomes go
    /// uncounted, and none from before it count.
    public func totals(at now: Timestamp, since: Timestamp? = nil) -> OutcomeCounts {
        let current = now.millisecondsSinceEpoch / bucketMs
        let oldest = max(current - Int64(bucketCount), since.map { $0.millisecondsSinceEpoch / bucketMs } ?? .min)
        var sum = OutcomeCounts()
        for bucket in buckets where bucket.index <= current && bucket.index > oldest {
            sum.add(bucket.counts)
        }
        return sum
    }
}

/// How serious an incident is, for breakers and governance metrics.
public enum IncidentSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// The agent is failing most of its work.
    case critical
    /// The agent reports errors.
    case high
    /// The agent is degraded.
    case medium
    /// Anything milder.
    case low
}
