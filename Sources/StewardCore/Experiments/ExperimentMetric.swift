/// What an experiment measures: each arm's success rate, latency or cost.
public enum ExperimentMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// Share of executions that succeeded; compared with ``TwoProportionTest``; effects are
    /// absolute differences (0.02 = two points).
    case successRate = "success_rate"
    /// `total_latency_ms`; compared with ``MannWhitneyU``; effects are relative changes of the median.
    case latency
    /// `cost_usd` of executions whose cost is known; compared with ``MannWhitneyU``; effects are
    /// relative changes of the mean (what the spend follows).
    case cost

    /// The direction in which the metric gets worse.
    public var harmful: Direction {
        self == .successRate ? .decrease : .increase
    }
}

/// Which way a metric should move.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    case increase
    case decrease
}

/// A metric the treatment should improve, and by how much at least for the improvement to count.
public struct GoalMetric: Sendable, Hashable, Codable {
    public var metric: ExperimentMetric
    public var direction: Direction
    /// In the metric's effect units: absolute for success rate, relative for latency and cost.
    public var minimumImprovement: Double

    /// A goal.
    public init(metric: ExperimentMetric, direction: Direction, minimumImprovement: Double) {
        self.metric = metric
        self.direction = direction
        self.minimumImprovement = minimumImprovement
    }
}

/// A metric the treatment must not make worse by more than `maxRegression` (success rate: an
/// absolute drop, 0.05 = five points; latency and cost: a relative rise, 0.2 = 20%).
public struct Guardrail: Sendable, Hashable, Codable {
    public var metric: ExperimentMetric
    public var maxRegression: Double

    /// A guardrail.
    public init(metric: ExperimentMetric, maxRegression: Double) {
        self.metric = metric
        self.maxRegression = maxRegression
    }
}
