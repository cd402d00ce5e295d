/// Which of the window's signals the alignment and throughput figures were computed from: a
/// report reads at most a set number of signals, and says so when the window held more.
public struct SignalCoverageKPI: Sendable, Hashable, Codable {
    /// Signals in the window that were counted.
    public var counted: Int
    /// Whether every signal of the window was counted; false when the report stopped at its
    /// limit, so the alignment mean and directives per hour cover only the window's start.
    public var complete: Bool

    /// Creates a coverage.
    public init(counted: Int, complete: Bool) {
        self.counted = counted
        self.complete = complete
    }
}
