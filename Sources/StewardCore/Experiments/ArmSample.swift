/// One arm's executions, reduced to what the tests read.
public struct ArmSample: Sendable, Hashable {
    public var count = 0
    public var successes = 0
    public var latenciesMs: [Double] = []
    /// Known costs only: an unknown cost is not a cost of 0.
    public var costsUSD: [Double] = []

    /// An empty sample.
    public init() {}

    /// The executions of `facts` that followed `strategy` and started at or after `since`.
    public init(_ facts: [ExecutionFact], strategy: String, since: Timestamp) {
        for fact in facts where fact.strategy == strategy && fact.startMs >= since.millisecondsSinceEpoch {
            count += 1
            if fact.succeeded { successes += 1 }
            latenciesMs.append(Double(fact.latencyMs))
            if let cost = fact.costUSD { costsUSD.append(cost) }
        }
    }

    /// The share that succeeded (0 when empty).
    public var successRate: Double { count > 0 ? Double(successes) / Double(count) : 0 }
}

/// One metric of both arms compared: the test's statistic and p-value, each arm's value and the
/// effect size in the metric's units (see ``ExperimentMetric``).
public struct MetricComparison: Sendable, Hashable, Codable {
    public var metric: ExperimentMetric
    /// `two-proportion-z` or `mann-whitney-u`.
    public var test: String
    public var controlValue: Double
    public var treatmentValue: Double
    /// Treatment relative to control: a difference of rates, or a relative change.
    public var effect: Double
    public var z: Double
    public var pValue: Double
    /// Mann–Whitney only: P(treatment value > control value).
    public var probabilityOfSuperiority: Double?
    /// The samples compared (for cost: executions with a known cost).
    public var controlCount: Int
    public var treatmentCount: Int

    /// Compares `metric` of the two arms.
    public init(_ metric: ExperimentMetric, control: ArmSample, treatment: ArmSample) {
        self.metric = metric
        switch metric {
        case .successRate:
            let t = TwoProportionTest(
                controlSuccesses: control.successes, controlCount: control.count, treatmentSuccesses: treatment.successes,
                treatmentCount: treatment.count)
            (test, controlValue, treatmentValue, effect, z, pValue) = ("two-proportion-z", t.controlRate, t.treatmentRate, t.difference, t.z, t.pValue)
            (controlCount, treatmentCount) = (control.count, treatment.count)
        case .latency, .cost:
            let latency = metric == .latency
            let u = latency
                ? MannWhitneyU(control: control.latenciesMs, treatment: treatment.latenciesMs)
                : MannWhitneyU(control: control.costsUSD, treatment: treatment.costsUSD)
            let (c, t) = latency ? (u.controlMedian, u.treatmentMedian) : (u.controlMean, u.treatmentMean)
            (test, controlValue, treatmentValue, z, pValue) = ("mann-whitney-u", c, t, u.z, u.pValue)
            effect = c != 0 ? (t - c) / abs(c) : (t == 0 ? 0 : 1)
            probabilityOfSuperiority = u.probabilityOfSuperiority
            (controlCount, treatmentCount) = (u.controlCount, u.treatmentCount)
        }
    }

    /// How far the treatment moved the metric in `direction` (negative: the other way).
    public func movement(_ direction: Direction) -> Double {
        direction == .increase ? effect : -effect
    }

    /// Whether the test says the treatment moved the metric in `direction`, at level `alpha`.
    public func significant(_ direction: Direction, alpha: Double) -> Bool {
        pValue < alpha && (direction == .increase ? z > 0 : z < 0)
    }
}
