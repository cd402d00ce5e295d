/// The Mann–Whitney U test by its normal approximation, with the tie correction and a continuity
/// correction (as scipy's `mannwhitneyu(..., method="asymptotic")`): does one arm tend to have
/// larger values than the other? It assumes no distribution, which suits skewed latencies and costs.
public struct MannWhitneyU: Sendable, Hashable, Codable {
    /// Sample sizes.
    public var controlCount: Int
    public var treatmentCount: Int
    /// U of the treatment arm: how many (treatment, control) pairs have the treatment value larger,
    /// ties counting one half.
    public var u: Double
    /// The z statistic (positive: treatment values tend to be larger).
    public var z: Double
    /// Two-sided p-value.
    public var pValue: Double
    /// Medians and means of each arm.
    public var controlMedian: Double
    public var treatmentMedian: Double
    public var controlMean: Double
    public var treatmentMean: Double

    /// The probability that a treatment value exceeds a control value (ties half): U / (nt·nc);
    /// 0.5 means no tendency either way. Also known as the common-language effect size.
    public var probabilityOfSuperiority: Double {
        controlCount > 0 && treatmentCount > 0 ? u / (Double(controlCount) * Double(treatmentCount)) : 0.5
    }

    /// The test of `treatment` against `control`.
    public init(control: [Double], treatment: [Double]) {
        controlCount = control.count
        treatmentCount = treatment.count
        controlMedian = Self.median(control)
        treatmentMedian = Self.median(treatment)
        controlMean = control.isEmpty ? 0 : control.reduce(0, +) / Double(control.count)
        treatmentMean = treatment.isEmpty ? 0 : treatment.reduce(0, +) / Double(treatment.count)
        let nt = Double(treatment.count), nc = Double(control.count)
        guard nt > 0, nc > 0 else {
            (u, z, pValue) = (nt * nc / 2, 0, 1)
            return
        }
        // Rank the pooled sample, ties sharing their average rank, and collect Σ(t³ − t) of tie groups.
        let pooled = (treatment.map { ($0, true) } + control.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var treatmentRankSum = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let averageRank = Double(start + end + 2) / 2
            let size = Double(end - start + 1)
            tieTerm += size * size * size - size
            for index in start...end where pooled[index].1 { treatmentRankSum += averageRank }
            start = end + 1
        }
        u = treatmentRankSum - nt * (nt + 1) / 2
        let n = nt + nc
        let mean = nt * nc / 2
        let variance = nt * nc / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else {
            (z, pValue) = (0, 1)
            return
        }
        // The continuity correction moves U half a unit towards the mean.
        let distance = max(0, abs(u - mean) - 0.5)
        z = (u >= mean ? distance : -distance) / variance.squareRoot()
        pValue = StandardNormal.twoSidedPValue(z)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
