import Foundation

extension StandardNormal {
    /// Φ(z), the probability that a standard normal variable is at most `z`, through erfc so the
    /// far tails keep their relative precision (p-values of 1e-12 stay distinct from 0).
    static func cdf(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The two-sided p-value of a z statistic: P(|Z| ≥ |z|).
    static func twoSidedPValue(_ z: Double) -> Double {
        guard z.isFinite else { return z.isNaN ? 1 : 0 }
        return min(1, 2 * cdf(-abs(z)))
    }
}
