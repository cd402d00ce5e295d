import Foundation
import StewardCore

extension SeededGenerator {
    /// A generator for stream `index` of `seed`: streams of one seed are independent of each other.
    static func stream(_ seed: UInt64, _ index: Int) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        return SeededGenerator(seed: mixer.next())
    }

    /// A uniform draw in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Whether an event of probability `p` happens.
    mutating func chance(_ p: Double) -> Bool { p > 0 && unit() < p }

    /// A uniform draw in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// A uniform index below `count` (which must be positive).
    mutating func index(_ count: Int) -> Int { Int(next() % UInt64(count)) }

    /// Milliseconds until the next event of a Poisson process with `perHour` events an hour;
    /// `Int64.max` when the rate is zero. Always at least 1 ms.
    mutating func exponentialMilliseconds(perHour: Double) -> Int64 {
        guard perHour > 0 else { return .max }
        let hours = -log(1 - unit()) / perHour
        return max(1, Int64(min(hours * 3_600_000, 1e15)))
    }

    /// Milliseconds of an exponential duration with mean `seconds`.
    mutating func exponentialMilliseconds(meanSeconds seconds: Double) -> Int64 {
        max(1, Int64(min(-log(1 - unit()) * seconds * 1000, 1e15)))
    }
}
