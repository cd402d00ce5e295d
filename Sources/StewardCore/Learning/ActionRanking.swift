/// Orders candidate actions by their expected value under what has been learned (seed 003 §5.5,
/// "better action ranking" and "better next best action selection").
public enum ActionRanking {
    /// The candidates, best first, with ranks from 1.
    ///
    /// The chance of success is the posterior mean, not the observed ratio (the maximum-likelihood
    /// estimate): one success out of one try has a ratio of 1.0 and would outrank 90 out of 100,
    /// though it proves almost nothing. Under the uniform prior the first is 2/3 and the second
    /// 91/102 ≈ 0.89, so the well-tried action wins until the new one earns its place.
    ///
    /// Ties on expected value go to the higher chance of success, then to the action type's name,
    /// then to the agent's, so the order never depends on the input's.
    ///
    /// - Parameter level: the credible level of each line's interval.
    public static func rank(_ candidates: [RankingCandidate], level: Double = 0.9) -> [RankedAction] {
        let scored = candidates.map { candidate in
            let success = candidate.posterior.mean
            let interval = candidate.posterior.credibleInterval(level: level)
            return RankedAction(
                actionType: candidate.actionType, agent: candidate.agent, expectedSuccess: success,
                intervalLower: interval.lowerBound, intervalUpper: interval.upperBound,
                samples: candidate.posterior.samples,
                expectedValue: success * candidate.impactPoints * candidate.dollarsPerPoint - candidate.costUsd, rank: 0)
        }
        return scored.sorted(by: comesBefore).enumerated().map { index, action in
            var ranked = action
            ranked.rank = index + 1
            return ranked
        }
    }

    private static func comesBefore(_ a: RankedAction, _ b: RankedAction) -> Bool {
        if a.expectedValue != b.expectedValue { return a.expectedValue > b.expectedValue }
        if a.expectedSuccess != b.expectedSuccess { return a.expectedSuccess > b.expectedSuccess }
        if a.actionType != b.actionType { return a.actionType < b.actionType }
        return a.agent < b.agent
    }
}
