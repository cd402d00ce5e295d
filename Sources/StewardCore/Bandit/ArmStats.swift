/// What the bandit has seen of one playbook (one "arm") for a class of incident: running sums of
/// its rewards, so the mean and variance can be derived without keeping every attempt.
public struct ArmStats: Sendable, Hashable, Codable {
    /// The playbook's name.
    public var playbook: String
    /// How many attempts have been recorded.
    public var pulls: Int
    /// Σ reward value over the attempts.
    public var rewardSum: Double
    /// Σ reward value² over the attempts, for the variance.
    public var rewardSquareSum: Double
    /// Attempts after which the agent recovered.
    public var successes: Int
    /// Attempts after which it did not.
    public var failures: Int

    /// Creates statistics; by default nothing has been recorded yet.
    public init(
        playbook: String, pulls: Int = 0, rewardSum: Double = 0, rewardSquareSum: Double = 0, successes: Int = 0,
        failures: Int = 0
    ) {
        self.playbook = playbook
        self.pulls = pulls
        self.rewardSum = rewardSum
        self.rewardSquareSum = rewardSquareSum
        self.successes = successes
        self.failures = failures
    }

    /// The mean reward; nil before any attempt, as there is nothing to average.
    public var mean: Double? {
        pulls > 0 ? rewardSum / Double(pulls) : nil
    }

    /// The sample (n − 1) variance of the rewards; nil below two attempts, where it is undefined.
    ///
    /// Computed from the running sums, so rounding can push an all-equal series a hair below
    /// zero; it is clamped at 0.
    public var variance: Double? {
        guard pulls > 1 else { return nil }
        let n = Double(pulls)
        let mean = rewardSum / n
        return max(0, (rewardSquareSum - n * mean * mean) / (n - 1))
    }

    /// These statistics after one more attempt; the original is left unchanged.
    public func recording(_ reward: RemediationReward, succeeded: Bool) -> ArmStats {
        var next = self
        let value = reward.value
        next.pulls += 1
        next.rewardSum += value
        next.rewardSquareSum += value * value
        if succeeded { next.successes += 1 } else { next.failures += 1 }
        return next
    }

    /// These statistics with one recorded success taken back as a failure with a new reward: a
    /// fix that did not hold is learnt from as what it turned out to be.
    public func revising(success old: RemediationReward, asFailure new: RemediationReward) -> ArmStats {
        var next = self
        next.rewardSum += new.value - old.value
        next.rewardSquareSum = max(0, next.rewardSquareSum + new.value * new.value - old.value * old.value)
        if next.successes > 0 { next.successes -= 1 }
        next.failures += 1
        return next
    }
}
