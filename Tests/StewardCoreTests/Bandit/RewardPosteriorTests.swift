import Testing
@testable import StewardCore

@Suite struct RewardPosteriorTests {
    @Test func untriedArmsSitAtThePrior() {
        #expect(RewardPosterior(stats: nil) == .prior)
        #expect(RewardPosterior(stats: ArmStats(playbook: "p")) == RewardPosterior(mean: 0, variance: 1))
    }

    @Test func knownVarianceUpdateByHand() {
        // Rewards −2 and −4: n = 2, Σ = −6, sample variance 2. Precision 1/1 + 2/2 = 2,
        // mean (0 + −6/2) / 2 = −1.5, variance 1/2.
        let stats = ArmStats(playbook: "p", pulls: 2, rewardSum: -6, rewardSquareSum: 20, successes: 2)
        #expect(RewardPosterior(stats: stats) == RewardPosterior(mean: -1.5, variance: 0.5))
        // One reward of −3 uses the prior variance 1 as noise: precision 2, mean −1.5, variance 0.5.
        let once = ArmStats(playbook: "p", pulls: 1, rewardSum: -3, rewardSquareSum: 9, successes: 1)
        #expect(RewardPosterior(stats: once) == RewardPosterior(mean: -1.5, variance: 0.5))
    }

    @Test func identicalRewardsUseTheVarianceFloor() {
        // Four rewards of exactly −2: variance 0, floored at 1e-6. Precision 1 + 4e6.
        let stats = ArmStats(playbook: "p", pulls: 4, rewardSum: -8, rewardSquareSum: 16, successes: 4)
        let posterior = RewardPosterior(stats: stats)
        let precision = 1 + 4 / 1e-6
        #expect(posterior.variance == 1 / precision)
        #expect(posterior.mean == (-8 / 1e-6) / precision)
        #expect(posterior.variance > 0 && posterior.mean.isFinite)
    }

    @Test func samplesFollowTheDistribution() {
        var generator = SeededGenerator(seed: 17)
        let posterior = RewardPosterior(mean: -3, variance: 4)
        let draws = (0..<20_000).map { _ in posterior.sample(using: &generator) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
        #expect(abs(mean - -3) < 0.05)
        #expect(abs(variance - 4) < 0.15)
        #expect(draws.allSatisfy { $0.isFinite })
    }

    @Test func thompsonExploresExactlyWhenTheBestPosteriorMeanLoses() throws {
        // "steady" is well known: 40 rewards, mean −2, sample variance 10/39, so its posterior mean is
        // (−80 × 39/10) / (1 + 40 × 39/10) = −312/157 ≈ −1.99. "wild" has one reward of −5: posterior
        // Normal(−2.5, 0.5), worse on average but wide, so it sometimes out-draws steady (about 23% of
        // the time): those picks, and only those, are explorations.
        let stats = [
            "steady": ArmStats(playbook: "steady", pulls: 40, rewardSum: -80, rewardSquareSum: 170),
            "wild": ArmStats(playbook: "wild", pulls: 1, rewardSum: -5, rewardSquareSum: 25),
        ]
        var explorations = 0
        for seed in UInt64(0)..<500 {
            var generator = SeededGenerator(seed: seed)
            let choice = try #require(PlaybookBandit.choose(
                candidates: ["steady", "wild"], stats: stats, allowed: ["steady", "wild"], utilities: [:],
                strategy: .thompson, epsilon: 0.15, using: &generator))
            #expect(choice.explored == (choice.chosen == "wild"))
            #expect(Set(choice.scores.keys) == ["steady", "wild"])
            #expect(choice.scores[choice.chosen] == choice.scores.values.max())
            if choice.explored {
                explorations += 1
                #expect(choice.reason.hasPrefix("explored wild: its sampled mean reward "))
                #expect(choice.reason.hasSuffix(", though steady has the best posterior mean -1.99"))
            } else {
                #expect(choice.reason.hasPrefix("exploited steady: best posterior mean reward -1.99 over 40 attempts"))
            }
        }
        #expect(explorations > 50 && explorations < 200, "\(explorations) explorations")
    }
}
