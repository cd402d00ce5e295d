/// Consecutive failed executions of one skill (seed 004 §2a.2: "5 consecutive failures").
public struct FailureStreak: Sendable, Hashable {
    /// The failures in a row so far.
    public private(set) var count = 0

    /// Failures in a row that raise the success-rate alert (and every further that many again).
    public static let alertAt = 5

    /// An empty streak.
    public init() {}

    /// Counts one execution; true when it makes the streak reach a multiple of ``alertAt``.
    public mutating func observe(succeeded: Bool) -> Bool {
        guard !succeeded else {
            count = 0
            return false
        }
        count += 1
        return count % Self.alertAt == 0
    }
}
