/// What is believed about one playbook's mean reward: a Normal(mean, variance) distribution, for
/// Thompson sampling in ``PlaybookBandit``.
///
/// Every arm starts at the prior Normal(0, 1). Recorded rewards update it as observations of the
/// mean with known variance σ² (the conjugate Normal–Normal update):
/// precision = 1/τ₀² + n/σ², mean = (μ₀/τ₀² + Σreward/σ²) / precision, variance = 1/precision.
/// σ² is the arm's sample variance, floored at ``varianceFloor`` so an arm whose rewards were all
/// equal does not collapse to certainty and divide by zero. With a single attempt the sample
/// variance does not exist, so σ² is taken as the prior variance, 1: one attempt then moves the
/// belief only halfway towards its reward. The prior weighs as much as σ² rewards of 0, and rewards
/// are mostly negative minutes (see ``RemediationReward``), so it is optimistic: untried arms get
/// tried, and a noisy arm needs several attempts before its poor mean shows.
public struct RewardPosterior: Sendable, Hashable, Codable {
    /// The posterior mean of the arm's mean reward.
    public var mean: Double
    /// The posterior variance of the arm's mean reward.
    public var variance: Double

    /// Creates a posterior from its two parameters.
    public init(mean: Double, variance: Double) {
        self.mean = mean
        self.variance = variance
    }

    /// The belief before any attempt: Normal(0, 1).
    public static let prior = RewardPosterior(mean: 0, variance: 1)

    /// The least reward variance assumed for an arm, so identical rewards still leave some doubt.
    public static let varianceFloor = 1e-6

    /// The posterior after the attempts in `stats`; the prior when there are none (or no stats).
    public init(stats: ArmStats?) {
        guard let stats, stats.pulls > 0 else {
            self = .prior
            return
        }
        let prior = RewardPosterior.prior
        let n = Double(stats.pulls)
        let noise = stats.pulls > 1 ? max(stats.variance ?? prior.variance, Self.varianceFloor) : prior.variance
        let precision = 1 / prior.variance + n / noise
        mean = (prior.mean / prior.variance + stats.rewardSum / noise) / precision
        variance = 1 / precision
    }

    /// One draw from this distribution, by inverting the standard normal CDF at a uniform in (0, 1).
    ///
    /// Inversion uses exactly one random word per draw, so a seed fixes every draw, and it reuses
    /// ``StandardNormal/quantile(_:)`` rather than Box–Muller, which would need log and cos here.
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        // The top 53 bits, centred in their cell: strictly inside (0, 1), where the quantile is finite.
        let u = (Double(generator.next() >> 11) + 0.5) * 0x1p-53
        return mean + variance.squareRoot() * StandardNormal.quantile(u)
    }
}
