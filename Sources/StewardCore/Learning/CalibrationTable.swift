/// How well predicted chances of success matched what happened (seed 003 §5.5, "better confidence
/// calibration"): a reliability table by decile, the Brier score and the expected calibration error.
public struct CalibrationTable: Sendable, Hashable, Codable {
    /// Ten deciles; bin i covers [i/10, (i+1)/10), the last one [0.9, 1.0].
    public var bins: [CalibrationBin]
    /// How many pairs were scored.
    public var count: Int
    /// The mean of (predicted − observed)²; 0 is perfect; nil without pairs.
    public var brierScore: Double?
    /// Σ count/N × |observed rate − mean predicted| over the bins; nil without pairs.
    public var expectedCalibrationError: Double?

    /// The table of `pairs`. Predictions and observations outside 0...1 are clamped into it, since
    /// both are chances; pairs with a NaN or infinite value are left out, as there is nothing to score.
    public init(pairs: [(predicted: Double, observed: Double)]) {
        var sums = [(count: Int, predicted: Double, observed: Double)](repeating: (0, 0, 0), count: 10)
        var squaredError = 0.0
        var total = 0
        for pair in pairs where pair.predicted.isFinite && pair.observed.isFinite {
            let p = min(max(pair.predicted, 0), 1)
            let o = min(max(pair.observed, 0), 1)
            let i = Self.binIndex(p)
            sums[i].count += 1
            sums[i].predicted += p
            sums[i].observed += o
            squaredError += (p - o) * (p - o)
            total += 1
        }
        let bins = sums.enumerated().map { i, sum in
            CalibrationBin(
                lower: Double(i) / 10, upper: Double(i + 1) / 10, count: sum.count,
                meanPredicted: sum.count > 0 ? sum.predicted / Double(sum.count) : nil,
                observedRate: sum.count > 0 ? sum.observed / Double(sum.count) : nil)
        }
        self.bins = bins
        count = total
        guard total > 0 else {
            brierScore = nil
            expectedCalibrationError = nil
            return
        }
        brierScore = squaredError / Double(total)
        expectedCalibrationError = bins.reduce(0) { sum, bin in
            guard let predicted = bin.meanPredicted, let observed = bin.observedRate else { return sum }
            return sum + Double(bin.count) / Double(total) * abs(observed - predicted)
        }
    }

    /// The table of settled actions: each record's prediction at proposal time against
    /// ``BetaPosterior/successValue(of:)`` of its labels; unsettled actions are left out.
    public init(records: [ActionRecord]) {
        self.init(pairs: records.compactMap { record in
            BetaPosterior.successValue(of: record.outcomes.map(\.label))
                .map { (predicted: record.predictedSuccess, observed: $0) }
        })
    }

    /// The decile of a prediction in 0...1, checked against the bins' own bounds: p × 10 rounds, so
    /// 0.8999999999999999 × 10 gives exactly 9, which would put a value below 0.9 in the last bin.
    static func binIndex(_ p: Double) -> Int {
        var i = min(max(Int((p * 10).rounded(.down)), 0), 9)
        if i > 0, p < Double(i) / 10 { i -= 1 }
        if i < 9, p >= Double(i + 1) / 10 { i += 1 }
        return i
    }
}
