/// One decile of a ``CalibrationTable``: the predictions that fell in it and what became of them.
public struct CalibrationBin: Sendable, Hashable, Codable {
    /// The smallest prediction it holds.
    public var lower: Double
    /// The bound it stays below (the last bin also holds 1.0).
    public var upper: Double
    /// How many predictions fell in it.
    public var count: Int
    /// Their mean; nil if it is empty.
    public var meanPredicted: Double?
    /// The mean observed success of those actions; nil if it is empty.
    public var observedRate: Double?

    /// Creates a bin.
    public init(lower: Double, upper: Double, count: Int, meanPredicted: Double?, observedRate: Double?) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.meanPredicted = meanPredicted
        self.observedRate = observedRate
    }
}
