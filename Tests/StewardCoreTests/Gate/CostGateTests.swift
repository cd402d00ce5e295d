import Testing
import StewardCore

/// The DecisionCostGate of seed 003 §5.3: ALLOW, DEFER with the time to retry, SKIP, by tier.
@Suite struct CostGateTests {
    static let scheduled = AutonomyState(tenantMode: .scheduled, scheduledOptIn: true, autopilotScope: GateFixture.lowRiskNames)
    static let minute: Int64 = 60_000

    /// A proposal of `trigger` for an opted-in scheduled account.
    static func input(
        _ trigger: ProposalTrigger = .schedule, activity: DecisionActivity = .init(),
        budget: BudgetState = BudgetState(tenantSpentUsd: 1, tenantCapUsd: 100, accountAutonomousActions: 0, accountDailyLimit: 10)
    ) -> GateInput {
        GateFixture.input(proposal: GateFixture.proposal(trigger: trigger), autonomy: scheduled, budget: budget, activity: activity)
    }

    static func ago(minutes: Int64) -> Timestamp { GateFixture.now.adding(milliseconds: -minutes * minute) }

    @Test(arguments: [ProposalTrigger.agent, .schedule, .event, .remediation])
    func worthDecidingWhenNothingStandsInTheWay(trigger: ProposalTrigger) {
        let decision = GateFixture.decide(Self.input(trigger))
        #expect(decision.costGate == CostVerdict(verdict: .allow, reason: "WORTH_DECIDING", detail: decision.costGate.detail))
        #expect(decision.check(.costGate).passed && decision.check(.costGate).reason == "WORTH_DECIDING")
        #expect(decision.outcome == .autoExecute)
    }

    @Test func aPersonsRequestIsAlwaysDecided() {
        // Saturated, just decided, out of budget: a person asked, so the cost gate allows it.
        let activity = DecisionActivity(lastDecisionAt: Self.ago(minutes: 1), openActions: 1_000)
        let budget = BudgetState(tenantSpentUsd: 100, tenantCapUsd: 100, accountAutonomousActions: 0, accountDailyLimit: 10)
        let verdict = CostGate.evaluate(Self.input(.person, activity: activity, budget: budget), settings: .default)
        #expect(verdict.verdict == .allow && verdict.reason == "PERSON_REQUESTED" && verdict.retryAt == nil)
    }

    @Test func aRecentDecisionDefersToTheEndOfTheInterval() {
        let last = Self.ago(minutes: 10)
        let decision = GateFixture.decide(Self.input(.schedule, activity: DecisionActivity(lastDecisionAt: last)))
        #expect(decision.outcome == .defer_)
        #expect(decision.reason == "RECENT_DECISION")
        #expect(decision.policyClause == "costGate")
        #expect(decision.costGate.retryAt == last.adding(milliseconds: 60 * Self.minute))
        #expect(decision.deferUntil == Timestamp(millisecondsSinceEpoch: GateFixture.now.millisecondsSinceEpoch + 50 * Self.minute))
        #expect(decision.explanation.contains(last.rfc3339))
    }

    @Test func recencyOnlyGovernsAutonomousRuns() {
        let activity = DecisionActivity(lastDecisionAt: Self.ago(minutes: 1))
        #expect(CostGate.evaluate(Self.input(.agent, activity: activity), settings: .default).reason == "WORTH_DECIDING")
        #expect(CostGate.evaluate(Self.input(.event, activity: activity), settings: .default).reason == "RECENT_DECISION")
    }

    @Test func aDecisionExactlyOneIntervalAgoNoLongerDefers() {
        let verdict = CostGate.evaluate(Self.input(activity: DecisionActivity(lastDecisionAt: Self.ago(minutes: 60))), settings: .default)
        #expect(verdict.verdict == .allow)
    }

    @Test func lowBudgetDefersScheduledRunsToNextUTCMidnight() {
        // 9.5% of the cap left, under the 10% reserve.
        let budget = BudgetState(tenantSpentUsd: 90.5, tenantCapUsd: 100, accountAutonomousActions: 0, accountDailyLimit: 10)
        let decision = GateFixture.decide(Self.input(.schedule, budget: budget))
        #expect(decision.outcome == .defer_ && decision.reason == "BUDGET_LOW")
        #expect(decision.costGate.retryAt == GateFixture.nextMidnight)
        #expect(decision.deferUntil == GateFixture.nextMidnight)
        #expect(decision.explanation.contains("$9.50"))
        // An agent's own proposal is what the reserve is kept for.
        #expect(GateFixture.decide(Self.input(.agent, budget: budget)).costGate.reason == "WORTH_DECIDING")
    }

    @Test func aZeroCapDefers() {
        let budget = BudgetState(tenantSpentUsd: 0, tenantCapUsd: 0, accountAutonomousActions: 0, accountDailyLimit: 10)
        #expect(CostGate.evaluate(Self.input(budget: budget), settings: .default).reason == "BUDGET_LOW")
    }

    @Test(arguments: [ProposalTrigger.agent, .schedule, .remediation])
    func saturationSkips(trigger: ProposalTrigger) {
        let decision = GateFixture.decide(Self.input(trigger, activity: DecisionActivity(openActions: 20)))
        #expect(decision.outcome == .block)
        #expect(decision.reason == "ACTION_SATURATION")
        #expect(decision.costGate.verdict == .skip && decision.costGate.retryAt == nil)
        #expect(decision.deferUntil == nil)
        #expect(decision.explanation.contains("limit 20"))
    }

    @Test(arguments: [
        // (tier, open actions, minutes since the last decision, expected reason)
        (TenantTier.free, 9, 200, "RECENT_DECISION"), (.free, 10, 300, "ACTION_SATURATION"), (.free, 9, 240, "WORTH_DECIDING"),
        (.standard, 19, 59, "RECENT_DECISION"), (.standard, 20, 120, "ACTION_SATURATION"), (.standard, 30, 90, "ACTION_SATURATION"),
        (.standard, 19, 60, "WORTH_DECIDING"),
        (.enterprise, 39, 14, "RECENT_DECISION"), (.enterprise, 40, 120, "ACTION_SATURATION"), (.enterprise, 30, 15, "WORTH_DECIDING"),
    ])
    func theTierScalesPatience(tier: TenantTier, open: Int, minutes: Int64, expected: String) {
        let activity = DecisionActivity(lastDecisionAt: Self.ago(minutes: minutes), openActions: open, tier: tier)
        let verdict = CostGate.evaluate(Self.input(activity: activity), settings: .default)
        #expect(verdict.reason == expected)
        if expected == "RECENT_DECISION" {
            let interval: Int64 = tier == .free ? 240 : tier == .standard ? 60 : 15
            #expect(verdict.retryAt == Self.ago(minutes: minutes).adding(milliseconds: interval * Self.minute))
        }
    }

    @Test func settingsChangeTheLimits() {
        let settings = CostGateSettings(minIntervalMinutes: 5, maxOpenActions: 3, reserveFraction: 0.5)
        #expect(CostGate.evaluate(Self.input(activity: DecisionActivity(openActions: 3)), settings: settings).reason == "ACTION_SATURATION")
        #expect(CostGate.evaluate(Self.input(activity: DecisionActivity(lastDecisionAt: Self.ago(minutes: 4))), settings: settings).reason == "RECENT_DECISION")
        let half = BudgetState(tenantSpentUsd: 60, tenantCapUsd: 100, accountAutonomousActions: 0, accountDailyLimit: 10)
        #expect(CostGate.evaluate(Self.input(budget: half), settings: settings).reason == "BUDGET_LOW")
        #expect(CostGate.evaluate(Self.input(budget: half), settings: .default).reason == "WORTH_DECIDING")
    }

    @Test(arguments: [
        (Int64(1_795_255_200_000), Int64(1_795_305_600_000)), // mid-morning → that night
        (1_795_305_600_000, 1_795_392_000_000), // exactly midnight → the next one
        (0, 86_400_000), (-1, 0), (-86_400_000, 0), (-86_400_001, -86_400_000),
    ])
    func nextUTCMidnight(at ms: Int64, expected: Int64) {
        #expect(Timestamp(millisecondsSinceEpoch: ms).startOfNextUTCDay == Timestamp(millisecondsSinceEpoch: expected))
    }
}
