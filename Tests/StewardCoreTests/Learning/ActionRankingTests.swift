import Testing
import StewardCore

@Suite struct ActionRankingTests {
    func candidate(
        _ type: String, agent: String = "scout", impact: Double = 1, dollars: Double = 1, cost: Double = 0,
        _ posterior: BetaPosterior = .prior
    ) -> RankingCandidate {
        RankingCandidate(
            actionType: type, agent: agent, impactPoints: impact, dollarsPerPoint: dollars, costUsd: cost,
            posterior: posterior)
    }

    @Test func oneLuckySuccessDoesNotOutrankAWellTriedAction() {
        // Observed ratios would be 1/1 = 1.0 against 90/100 = 0.9; posterior means are 2/3 and 91/102.
        let lucky = candidate("new_trick", BetaPosterior.prior.updated(with: .executionSucceeded))
        var tried = BetaPosterior.prior
        for _ in 0..<90 { tried = tried.updated(with: .executionSucceeded) }
        for _ in 0..<10 { tried = tried.updated(with: .executionFailed) }
        let ranked = ActionRanking.rank([lucky, candidate("old_faithful", tried)])
        #expect(ranked.map(\.actionType) == ["old_faithful", "new_trick"])
        #expect(ranked.map(\.rank) == [1, 2])
        #expect(abs(ranked[0].expectedSuccess - 91.0 / 102) < 1e-12)
        #expect(abs(ranked[1].expectedSuccess - 2.0 / 3) < 1e-12)
        #expect(ranked[0].samples == 100 && ranked[1].samples == 1)
        #expect(ranked[0].intervalUpper - ranked[0].intervalLower < ranked[1].intervalUpper - ranked[1].intervalLower)
    }

    @Test func expectedValueIsSuccessTimesValueLessCost() {
        let ranked = ActionRanking.rank([
            candidate("brief", impact: 3, dollars: 10, cost: 0.05, BetaPosterior(alpha: 3, beta: 1)),
            candidate("note", impact: 1, dollars: 10, cost: 0.002),
        ])
        #expect(ranked.map(\.actionType) == ["brief", "note"])
        #expect(abs(ranked[0].expectedValue - (0.75 * 30 - 0.05)) < 1e-12)
        #expect(abs(ranked[1].expectedValue - (0.5 * 10 - 0.002)) < 1e-12)
        let interval = BetaPosterior(alpha: 3, beta: 1).credibleInterval(level: 0.9)
        #expect(ranked[0].intervalLower == interval.lowerBound && ranked[0].intervalUpper == interval.upperBound)
    }

    @Test func valueOutweighsChanceOfSuccess() {
        // A likelier action worth less ranks below a riskier one worth more.
        let ranked = ActionRanking.rank([
            candidate("safe_small", impact: 1, BetaPosterior(alpha: 9, beta: 1)),
            candidate("bold_big", impact: 5, BetaPosterior(alpha: 1, beta: 1)),
        ])
        #expect(ranked.map(\.actionType) == ["bold_big", "safe_small"])
    }

    @Test func tiesGoToSuccessThenTypeThenAgent() {
        // Both are worth exactly 1.0: 0.75 × 2 − 0.5 and 0.5 × 2 − 0.
        let likelier = candidate("zeta", impact: 2, cost: 0.5, BetaPosterior(alpha: 3, beta: 1))
        let ranked = ActionRanking.rank([
            candidate("beta", agent: "b", impact: 2), candidate("beta", agent: "a", impact: 2),
            candidate("alpha", impact: 2), likelier,
        ])
        #expect(ranked.allSatisfy { $0.expectedValue == 1 })
        #expect(ranked.map { "\($0.actionType)/\($0.agent)" } == ["zeta/scout", "alpha/scout", "beta/a", "beta/b"])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4])
    }

    @Test func orderDoesNotDependOnInputOrder() {
        let candidates = [
            candidate("a", impact: 2), candidate("b", impact: 2), candidate("c", impact: 3), candidate("d", cost: 1),
        ]
        let forward = ActionRanking.rank(candidates)
        #expect(ActionRanking.rank(candidates.reversed()) == forward)
        #expect(forward.map(\.actionType) == ["c", "a", "b", "d"])
    }

    @Test func emptyInput() {
        #expect(ActionRanking.rank([]).isEmpty)
    }
}
