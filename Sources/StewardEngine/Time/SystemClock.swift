import Foundation
public import StewardCore

/// The machine's wall clock, for production use only; tests and the simulator inject their own.
/// It may run shifted (`steward serve --clock-start`), for drills and simulations that need history.
public struct SystemClock: WallClock {
    let offsetMilliseconds: Int64

    /// The system clock.
    public init() { offsetMilliseconds = 0 }

    /// The system clock, shifted so that it reads `start` now and runs on from there.
    public init(startingAt start: Timestamp) {
        offsetMilliseconds = start.millisecondsSinceEpoch - Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970).millisecondsSinceEpoch
    }

    public func now() -> Timestamp {
        Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970).adding(milliseconds: offsetMilliseconds)
    }
}
