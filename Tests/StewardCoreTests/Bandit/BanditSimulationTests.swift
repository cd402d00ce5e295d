import Testing
@testable import StewardCore

/// A seeded two-playbook world: "Flaky" heals 30% of the time, "Solid" 90%. Both strategies must
/// learn to prefer Solid, even though Flaky comes first and both have the same expected utility.
@Suite struct BanditSimulationTests {
    static let successRates = ["Flaky": 0.3, "Solid": 0.9]

    /// How often Solid was chosen in the last 100 of 500 rounds.
    static func solidShareOfLastHundred(_ strategy: BanditStrategy, seed: UInt64) throws -> Int {
        var generator = SeededGenerator(seed: seed)
        var stats = ["Flaky": ArmStats(playbook: "Flaky"), "Solid": ArmStats(playbook: "Solid")]
        var solid = 0
        for round in 0..<500 {
            let choice = try #require(PlaybookBandit.choose(
                candidates: ["Flaky", "Solid"], stats: stats, allowed: ["Flaky", "Solid"],
                utilities: ["Flaky": 1, "Solid": 1], strategy: strategy, epsilon: 0.15, using: &generator))
            let succeeded = Double.random(in: 0..<1, using: &generator) < successRates[choice.chosen, default: 0]
            // A healed agent recovers in 2–4 minutes and improves; a failed attempt wastes 10–15.
            let reward = RemediationReward(
                alignmentDelta: succeeded ? 0.03 : -0.01, successRateDelta: succeeded ? 0.1 : 0,
                timeToRecoverMinutes: succeeded
                    ? Double.random(in: 2...4, using: &generator) : Double.random(in: 10...15, using: &generator),
                actionCostUsd: 0.025)
            stats[choice.chosen] = stats[choice.chosen]?.recording(reward, succeeded: succeeded)
            if round >= 400, choice.chosen == "Solid" { solid += 1 }
        }
        #expect(stats.values.reduce(0) { $0 + $1.pulls } == 500)
        return solid
    }

    @Test(arguments: BanditStrategy.allCases, [UInt64(1), 2, 3, 42])
    func theBetterPlaybookWins(strategy: BanditStrategy, seed: UInt64) throws {
        let solid = try Self.solidShareOfLastHundred(strategy, seed: seed)
        #expect(solid >= 80, "\(strategy.rawValue) seed \(seed): Solid chosen \(solid) of the last 100 rounds")
    }
}
