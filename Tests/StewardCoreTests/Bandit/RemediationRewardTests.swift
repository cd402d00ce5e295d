import Testing
@testable import StewardCore

@Suite struct RemediationRewardTests {
    @Test func rewardIsTheSeedFormula() {
        // Alignment 0.90 → 0.96 and success 0.82 → 0.95, recovered in 3 minutes for $0.025:
        // (0.06 + 0.13) − 3 − 0.025 = −2.835.
        let reward = RemediationReward(
            alignmentDelta: 0.06, successRateDelta: 0.13, timeToRecoverMinutes: 3, actionCostUsd: 0.025)
        #expect(abs(reward.value - -2.835) < 1e-12)
        // A failed attempt that made things worse: (−0.05 + −0.2) − 12.5 − 0.02 = −12.77.
        let bad = RemediationReward(
            alignmentDelta: -0.05, successRateDelta: -0.2, timeToRecoverMinutes: 12.5, actionCostUsd: 0.02)
        #expect(abs(bad.value - -12.77) < 1e-12)
        // Exactly representable parts give an exact value: (0.5 + 0.25) − 2 − 0.125 = −1.375.
        let exact = RemediationReward(
            alignmentDelta: 0.5, successRateDelta: 0.25, timeToRecoverMinutes: 2, actionCostUsd: 0.125)
        #expect(exact.value == -1.375)
    }

    @Test func emptyArmHasNoMeanOrVariance() {
        let arm = ArmStats(playbook: "RestartAndRetryTransient")
        #expect(arm.pulls == 0 && arm.mean == nil && arm.variance == nil)
        let once = arm.recording(reward(-3), succeeded: true)
        #expect(once.mean == -3)
        #expect(once.variance == nil)
    }

    @Test func meanAndSampleVarianceOfRewards() {
        // Rewards −1, −2, −3, −4: mean −2.5, sample variance ((1.5² + 0.5²) × 2) / 3 = 5/3.
        var arm = ArmStats(playbook: "FreshnessFirstRetry")
        for value in [-1.0, -2, -3, -4] { arm = arm.recording(reward(value), succeeded: value > -3) }
        #expect(arm.pulls == 4 && arm.successes == 2 && arm.failures == 2)
        #expect(arm.rewardSum == -10 && arm.rewardSquareSum == 30)
        #expect(arm.mean == -2.5)
        #expect(abs((arm.variance ?? -1) - 5.0 / 3) < 1e-12)
    }

    @Test func identicalRewardsHaveZeroVarianceNeverNegative() {
        var arm = ArmStats(playbook: "p")
        for _ in 0..<10 { arm = arm.recording(reward(-0.1), succeeded: true) }
        #expect((arm.variance ?? -1) >= 0 && (arm.variance ?? 1) < 1e-12)
    }

    @Test func revisingASuccessIsAsIfTheFailureHadBeenRecorded() {
        // Rewards −1 (success) and −2; the −1 turns out a failure worth −6: as if −6 and −2 were recorded.
        let arm = ArmStats(playbook: "p").recording(reward(-1), succeeded: true).recording(reward(-2), succeeded: false)
        let revised = arm.revising(success: reward(-1), asFailure: reward(-6))
        let direct = ArmStats(playbook: "p").recording(reward(-6), succeeded: false).recording(reward(-2), succeeded: false)
        #expect(revised == direct)
        #expect(revised.pulls == 2 && revised.successes == 0 && revised.failures == 2)
    }

    @Test func recordingLeavesTheOriginalUnchanged() {
        let arm = ArmStats(playbook: "p")
        _ = arm.recording(reward(-1), succeeded: false)
        #expect(arm == ArmStats(playbook: "p"))
    }

    /// A reward whose value is exactly `value` (all in the recovery time).
    private func reward(_ value: Double) -> RemediationReward {
        RemediationReward(alignmentDelta: 0, successRateDelta: 0, timeToRecoverMinutes: -value, actionCostUsd: 0)
    }
}
