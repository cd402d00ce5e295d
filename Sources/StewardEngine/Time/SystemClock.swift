import Foundation
public import StewardCore

/// The machine's wall clock, for production use only; tests and the simulator inject their own.
public struct SystemClock: WallClock {
    /// The system clock.
    public init() {}

    public func now() -> Timestamp {
        Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970)
    }
}
