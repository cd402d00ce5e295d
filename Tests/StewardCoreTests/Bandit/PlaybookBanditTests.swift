import Testing
@testable import StewardCore

@Suite struct PlaybookBanditTests {
    /// An arm with `pulls` attempts averaging `mean`, with a little spread.
    static func arm(_ name: String, mean: Double, pulls: Int) -> ArmStats {
        var stats = ArmStats(playbook: name)
        for i in 0..<pulls {
            // ±0.5 in pairs that cancel, the odd one out exactly at the mean.
            let wobble = pulls % 2 == 1 && i == pulls - 1 ? 0 : (i % 2 == 0 ? 0.5 : -0.5)
            stats = stats.recording(
                RemediationReward(alignmentDelta: 0, successRateDelta: 0, timeToRecoverMinutes: -(mean + wobble), actionCostUsd: 0),
                succeeded: true)
        }
        return stats
    }

    let names = ["ResolveInterAgentConflict", "RestartAndRetryTransient", "FreshnessFirstRetry"]

    @Test func noCandidatesGivesNil() {
        var generator = SeededGenerator(seed: 1)
        let choice = PlaybookBandit.choose(
            candidates: [], stats: [:], allowed: ["a"], utilities: [:], strategy: .thompson, epsilon: 0.15,
            using: &generator)
        #expect(choice == nil)
    }

    @Test func epsilonZeroAlwaysExploitsTheBestMean() throws {
        let stats = [
            names[0]: Self.arm(names[0], mean: -5, pulls: 3),
            names[1]: ArmStats(playbook: names[1], pulls: 7, rewardSum: -14.7, rewardSquareSum: 40, successes: 7),
            names[2]: Self.arm(names[2], mean: -3, pulls: 4),
        ]
        let utilities = [names[0]: 9.0, names[1]: 0.1, names[2]: 5]
        for seed in UInt64(0)..<200 {
            var generator = SeededGenerator(seed: seed)
            let choice = try #require(PlaybookBandit.choose(
                candidates: names, stats: stats, allowed: Set(names), utilities: utilities, strategy: .epsilonGreedy,
                epsilon: 0, using: &generator))
            #expect(choice.chosen == names[1] && !choice.explored)
            #expect(choice.reason == "exploited RestartAndRetryTransient: best mean reward -2.1 over 7 attempts")
            #expect(choice.scores.count == 3 && choice.scores[names[0]] == -5)
            #expect(choice.allowed == names && choice.strategy == .epsilonGreedy && choice.epsilon == 0)
        }
    }

    @Test func epsilonOneIsUniformOverAllowedArmsOnly() throws {
        let candidates = ["A", "B", "C", "D"]
        let allowed: Set = ["A", "C", "D"]
        let stats = ["B": Self.arm("B", mean: 10, pulls: 5), "C": Self.arm("C", mean: -1, pulls: 5)]
        var generator = SeededGenerator(seed: 2026)
        var counts: [String: Int] = [:]
        for _ in 0..<10_000 {
            let choice = try #require(PlaybookBandit.choose(
                candidates: candidates, stats: stats, allowed: allowed, utilities: ["B": 100], strategy: .epsilonGreedy,
                epsilon: 1, using: &generator))
            #expect(choice.explored)
            counts[choice.chosen, default: 0] += 1
        }
        #expect(counts["B"] == nil)
        // Each allowed arm expects 3,333 picks with a standard deviation of about 47.
        for arm in ["A", "C", "D"] { #expect(abs((counts[arm] ?? 0) - 3333) < 300, "\(arm): \(counts[arm] ?? 0)") }
    }

    @Test func explorationSaysSoWithItsEpsilon() throws {
        var generator = SeededGenerator(seed: 7)
        var explored: BanditChoice?
        for _ in 0..<200 where explored == nil {
            let choice = try #require(PlaybookBandit.choose(
                candidates: names, stats: [:], allowed: Set(names), utilities: [:], strategy: .epsilonGreedy,
                epsilon: 0.15, using: &generator))
            if choice.explored { explored = choice }
        }
        let choice = try #require(explored)
        #expect(choice.reason == "explored \(choice.chosen) (epsilon 0.15)")
        #expect(choice.epsilon == 0.15)
    }

    @Test(arguments: BanditStrategy.allCases)
    func aDisallowedArmIsNeverChosen(strategy: BanditStrategy) throws {
        // The disallowed arm is best by every measure; it must still never run.
        let stats = ["risky": Self.arm("risky", mean: 50, pulls: 20), "safe": Self.arm("safe", mean: -8, pulls: 3)]
        let utilities = ["risky": 1000.0, "safe": -1, "untried": -2]
        for seed in UInt64(0)..<2000 {
            var generator = SeededGenerator(seed: seed)
            let choice = try #require(PlaybookBandit.choose(
                candidates: ["risky", "safe", "untried"], stats: stats, allowed: ["safe", "untried", "elsewhere"],
                utilities: utilities, strategy: strategy, epsilon: 0.5, using: &generator))
            #expect(choice.chosen != "risky")
            #expect(choice.allowed == ["safe", "untried"])
        }
    }

    @Test(arguments: BanditStrategy.allCases)
    func withNothingAllowedTheBestUtilityIsChosenWithoutExploring(strategy: BanditStrategy) throws {
        var generator = SeededGenerator(seed: 3)
        let choice = try #require(PlaybookBandit.choose(
            candidates: ["a", "b", "c"], stats: ["a": Self.arm("a", mean: 5, pulls: 9)], allowed: ["other"],
            utilities: ["a": 0.5, "b": 2.25, "c": 2.25], strategy: strategy, epsilon: 1, using: &generator))
        #expect(choice.chosen == "b" && !choice.explored && choice.allowed.isEmpty)
        #expect(choice.scores == ["a": 0.5, "b": 2.25, "c": 2.25])
        #expect(choice.reason == "chose b by expected utility 2.25 without exploring: no candidate may run without a person")
        let blind = try #require(PlaybookBandit.choose(
            candidates: ["x", "y"], stats: [:], allowed: [], utilities: [:], strategy: strategy, epsilon: 0,
            using: &generator))
        #expect(blind.chosen == "x")
        #expect(blind.reason == "chose x as the first candidate, none having an expected utility, without exploring: no candidate may run without a person")
    }

    @Test func untriedArmsGoByUtilityOnlyUntilOneIsTried() throws {
        var generator = SeededGenerator(seed: 4)
        let fresh = try #require(PlaybookBandit.choose(
            candidates: ["a", "b", "c"], stats: [:], allowed: ["a", "b", "c"], utilities: ["a": 1, "b": 3, "c": 3],
            strategy: .epsilonGreedy, epsilon: 0, using: &generator))
        #expect(fresh.chosen == "b" && !fresh.explored)
        #expect(fresh.reason == "exploited b: no allowed playbook has been tried yet; best expected utility 3")
        // Once "a" has a mean, untried "b" is reached only by exploration, whatever its utility.
        let learned = try #require(PlaybookBandit.choose(
            candidates: ["a", "b", "c"], stats: ["a": Self.arm("a", mean: -20, pulls: 1)], allowed: ["a", "b", "c"],
            utilities: ["a": 1, "b": 3, "c": 3], strategy: .epsilonGreedy, epsilon: 0, using: &generator))
        #expect(learned.chosen == "a" && learned.reason == "exploited a: best mean reward -20 over 1 attempt")
    }

    @Test func equalMeansGoToUtilityThenCandidateOrder() throws {
        var generator = SeededGenerator(seed: 5)
        let stats = ["a": Self.arm("a", mean: -2, pulls: 2), "b": Self.arm("b", mean: -2, pulls: 2),
                     "c": Self.arm("c", mean: -2, pulls: 2)]
        let byUtility = try #require(PlaybookBandit.choose(
            candidates: ["a", "b", "c"], stats: stats, allowed: ["a", "b", "c"], utilities: ["c": 1],
            strategy: .epsilonGreedy, epsilon: 0, using: &generator))
        #expect(byUtility.chosen == "c")
        let byOrder = try #require(PlaybookBandit.choose(
            candidates: ["b", "a", "c"], stats: stats, allowed: ["a", "b", "c"], utilities: [:],
            strategy: .epsilonGreedy, epsilon: 0, using: &generator))
        #expect(byOrder.chosen == "b")
    }

    @Test(arguments: BanditStrategy.allCases)
    func sameSeedSameChoices(strategy: BanditStrategy) {
        func run() -> [String] {
            var generator = SeededGenerator(seed: 99)
            let stats = ["a": Self.arm("a", mean: -2, pulls: 3), "b": Self.arm("b", mean: -2.5, pulls: 2)]
            return (0..<50).compactMap { _ in
                PlaybookBandit.choose(
                    candidates: ["a", "b"], stats: stats, allowed: ["a", "b"], utilities: [:],
                    strategy: strategy, epsilon: 0.3, using: &generator)?.chosen
            }
        }
        #expect(run() == run())
        #expect(Set(run()).count > 1)
    }
}
