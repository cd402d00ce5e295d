/// A skill's last executions, for the alert table's aggregate rows (seed 004 §2a.2): "Success rate
/// drops <95%", "Latency p95 >2x baseline", "Cost spike >2x baseline". The per-execution score and
/// its persistence rule catch a burst; these catch a steady shift in which no window of ten holds
/// three outliers (every fifth execution failing is an 80% success rate).
public struct RecentExecutions: Sendable, Hashable {
    /// How many executions the figures are taken over; none is judged before the window is full.
    public static let size = 20
    /// The success rate the table's row names.
    public static let successFloor = 0.95
    /// How far under the baseline's success rate the window must be (seed 004 §2a.2's real-time
    /// channel: "success_rate drop >10%"), so a skill that always ran at 93% does not page forever.
    public static let successDrop = 0.10
    /// A latency or cost shift ends at this share of its trigger (1.5 times the baseline), and a
    /// success shift once the rate is back `successMargin` above its trigger, so a figure hovering at
    /// the trigger does not raise and clear on every execution.
    public static let clearFactor = 0.75
    public static let successMargin = 0.05
    /// The fewest priced executions in the window for a mean cost to be judged.
    public static let costSample = 10

    /// One of the aggregate conditions.
    public enum Shift: String, Sendable, Hashable, CaseIterable {
        case successRate, latencyP95, meanCost
    }

    /// A condition that started or ended with an execution, and the figures behind it.
    public struct Change: Sendable, Hashable {
        public var shift: Shift
        /// True when it started, false when it ended.
        public var started: Bool
        /// The window's figure: success rate (0...1), p95 in milliseconds, or mean cost in USD.
        public var figure: Double
        /// What it was judged against: the baseline's success rate, p95 or mean cost (95% for a
        /// success rate without a baseline).
        public var reference: Double
        /// Whether the skill had no baseline, so the success rate was judged against the 95% floor.
        public var withoutBaseline = false
    }

    private var succeeded: [Bool] = []
    private var latencies: [Int64] = []
    private var costs: [Double?] = []
    private var next = 0
    /// The conditions holding now.
    public private(set) var holding: Set<Shift> = []

    public init() {}

    /// Records one execution; the conditions it starts or ends against `baseline` (nil: only the
    /// success floor is judged, against a reference of 95%).
    public mutating func observe(_ execution: SkillExecution, baseline: SkillBaseline?) -> [Change] {
        if succeeded.count < Self.size {
            succeeded.append(execution.succeeded)
            latencies.append(execution.totalLatencyMs)
            costs.append(execution.costUSD)
        } else {
            succeeded[next] = execution.succeeded
            latencies[next] = execution.totalLatencyMs
            costs[next] = execution.costUSD
        }
        next = (next + 1) % Self.size
        guard succeeded.count == Self.size else { return [] }

        var changes: [Change] = []
        let rate = Double(succeeded.reduce(0) { $0 + ($1 ? 1 : 0) }) / Double(Self.size)
        let expected = baseline?.successRate ?? Self.successFloor
        // Under 95% and at least `successDrop` under the expected rate: exactly 10 points under
        // counts (QA r7 alerts M2). Rounded to a millionth, so 1.0 − 0.1 is the 0.9 that 18 of 20
        // is, and 0.9 + 0.05 the 0.95 that 19 of 20 is.
        let limit = ((expected - Self.successDrop) * 1e6).rounded() / 1e6
        let cleared = ((min(Self.successFloor, limit) + Self.successMargin) * 1e6).rounded() / 1e6
        let dropped = rate < Self.successFloor && rate <= limit
        judge(.successRate, on: dropped, off: rate >= cleared, figure: rate, reference: expected, withoutBaseline: baseline == nil, into: &changes)

        if let baseline, baseline.latencyP95Ms > 0 {
            // Nearest rank: the 19th of `size` (20) latencies, the second largest (found without sorting:
            // this runs for every execution ingested).
            var (largest, second) = (Int64.min, Int64.min)
            for latency in latencies {
                if latency > largest { (largest, second) = (latency, largest) } else if latency > second { second = latency }
            }
            let p95 = Double(second)
            let ratio = p95 / Double(baseline.latencyP95Ms)
            judge(.latencyP95, on: ratio > AlertRule.spikeFactor, off: ratio <= AlertRule.spikeFactor * Self.clearFactor,
                  figure: p95, reference: Double(baseline.latencyP95Ms), into: &changes)
        }
        var (pricedCount, pricedSum) = (0, 0.0)
        for cost in costs { if let cost { (pricedCount, pricedSum) = (pricedCount + 1, pricedSum + cost) } }
        if let baseline, baseline.costSampleSize > 0, baseline.costMeanUSD > 0, pricedCount >= Self.costSample {
            let mean = pricedSum / Double(pricedCount)
            let ratio = mean / baseline.costMeanUSD
            judge(.meanCost, on: ratio > AlertRule.spikeFactor, off: ratio <= AlertRule.spikeFactor * Self.clearFactor,
                  figure: mean, reference: baseline.costMeanUSD, into: &changes)
        }
        return changes
    }

    /// The largest ratio to `reference` among the last `count` executions' latencies (or costs,
    /// with `cost`): an anomaly episode is judged by its worst execution, not its last.
    public func peak(last count: Int, over reference: Double, cost: Bool) -> Double? {
        guard reference > 0, !succeeded.isEmpty else { return nil }
        var worst: Double?
        for back in 1...min(count, succeeded.count) {
            let index = (next - back + Self.size) % Self.size
            guard index < succeeded.count else { continue }
            let value = cost ? costs[index] : Double(latencies[index])
            if let value { worst = max(worst ?? value, value) }
        }
        return worst.map { $0 / reference }
    }

    private mutating func judge(
        _ shift: Shift, on: Bool, off: Bool, figure: Double, reference: Double, withoutBaseline: Bool = false, into changes: inout [Change]
    ) {
        if !holding.contains(shift), on {
            holding.insert(shift)
            changes.append(Change(shift: shift, started: true, figure: figure, reference: reference, withoutBaseline: withoutBaseline))
        } else if holding.contains(shift), off {
            holding.remove(shift)
            changes.append(Change(shift: shift, started: false, figure: figure, reference: reference, withoutBaseline: withoutBaseline))
        }
    }
}
