/// Alignment drift (seed 001 §13): whether mean alignment held at the SLO target.
public struct AlignmentKPI: Sendable, Hashable, Codable {
    /// The mean alignment over the window's signals; nil without signals.
    public var mean: Double?
    /// The target it should hold, e.g. 0.95 (`AUTOREM_SLO_ALIGN`).
    public var target: Double
    /// Whether mean ≥ target; nil without signals, since nothing was measured.
    public var held: Bool?
    /// mean − target: negative when alignment fell short; nil without signals.
    public var driftFromTarget: Double?

    /// Creates the figure.
    public init(mean: Double?, target: Double, held: Bool?, driftFromTarget: Double?) {
        self.mean = mean
        self.target = target
        self.held = held
        self.driftFromTarget = driftFromTarget
    }
}
