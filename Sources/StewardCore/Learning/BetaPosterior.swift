/// What has been learned about one action's chance of success: a Beta(α, β) distribution over it,
/// updated by outcome labels (seed 003 §5.5, "Labels first; ML later").
///
/// A Beta posterior is used, not a success ratio, so that a handful of labels moves the estimate
/// only a little and the width of ``credibleInterval(level:)`` says how much is known.
public struct BetaPosterior: Sendable, Hashable, Codable {
    /// Pseudo-count of successes, the prior's 1 included.
    public var alpha: Double
    /// Pseudo-count of failures, the prior's 1 included.
    public var beta: Double

    /// Creates a posterior from its two parameters.
    public init(alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }

    /// The uniform prior, Beta(1, 1): before any label every chance of success is equally likely.
    public static let prior = BetaPosterior(alpha: 1, beta: 1)

    /// The expected chance of success, α / (α + β).
    public var mean: Double { alpha / (alpha + beta) }

    /// The variance of the chance of success, αβ / ((α + β)² (α + β + 1)).
    public var variance: Double {
        let n = alpha + beta
        return alpha * beta / (n * n * (n + 1))
    }

    /// The weight of evidence beyond the prior, α + β − 2 (half-weight labels count as halves).
    public var samples: Double { alpha + beta - 2 }

    /// A central credible interval for the chance of success.
    ///
    /// This is the normal approximation, mean ± z·sd, clamped to 0...1: exact Beta quantiles need
    /// the inverse incomplete beta function, and for ranking and display the approximation is close
    /// enough once there are a few samples. With few samples it is wide, which is the point.
    public func credibleInterval(level: Double = 0.9) -> ClosedRange<Double> {
        guard level > 0 else { return mean...mean }
        guard level < 1 else { return 0...1 }
        let z = StandardNormal.quantile(0.5 + level / 2)
        let halfWidth = z * variance.squareRoot()
        return max(0, mean - halfWidth)...min(1, mean + halfWidth)
    }

    /// This posterior after one more outcome label.
    ///
    /// Weights: EXECUTION_SUCCEEDED α+1; EXECUTION_FAILED β+1; IDEA_REJECTED β+1; IDEA_EDITED α+½ β+½
    /// (the idea was worth approving but needed a person's fix); NO_RESPONSE β+½ (silence is weak
    /// evidence: bad timing as often as a bad idea); NEGATIVE_RESPONSE β+1.
    public func updated(with label: OutcomeLabel) -> BetaPosterior {
        let (successes, failures) = Self.weights(of: label)
        return BetaPosterior(alpha: alpha + successes, beta: beta + failures)
    }

    /// The (α, β) increments one label adds; see ``updated(with:)``.
    public static func weights(of label: OutcomeLabel) -> (alpha: Double, beta: Double) {
        switch label {
        case .executionSucceeded: (1, 0)
        case .executionFailed: (0, 1)
        case .ideaRejected: (0, 1)
        case .ideaEdited: (0.5, 0.5)
        case .noResponse: (0, 0.5)
        case .negativeResponse: (0, 1)
        }
    }

    /// The observed success of one action from its labels, for calibration against its prediction.
    ///
    /// 0 if it was rejected, failed, or drew a negative response (whenever that arrived: a bad
    /// answer undoes a clean execution); otherwise 0.5 if the recipient never answered (that label
    /// only follows an execution); otherwise 1 if it executed successfully, edited or not; nil while
    /// no label settles it (none yet, or only IDEA_EDITED, which comes before execution).
    public static func successValue(of labels: [OutcomeLabel]) -> Double? {
        if labels.contains(where: { $0 == .ideaRejected || $0 == .executionFailed || $0 == .negativeResponse }) {
            return 0
        }
        if labels.contains(.noResponse) { return 0.5 }
        if labels.contains(.executionSucceeded) { return 1 }
        return nil
    }
}
