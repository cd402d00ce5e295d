import Testing
import StewardCore

/// The budget check (the tenant's dollars, the account's autonomy budget) and the risk gate with
/// its escalation options.
@Suite struct BudgetAndRiskCheckTests {
    static func budget(spent: Double, cap: Double = 100, used: Int = 0, limit: Int = 10) -> BudgetState {
        BudgetState(tenantSpentUsd: spent, tenantCapUsd: cap, accountAutonomousActions: used, accountDailyLimit: limit)
    }

    @Test func withinBudgetPasses() {
        let check = GateFixture.decide().check(.budgets)
        #expect(check.passed && check.ceiling == .autoExecute && check.reason == "WITHIN_BUDGET")
        #expect(check.detail.contains("0 of 10 autonomous actions"))
    }

    @Test func anAgentsProposalOverBudgetIsBlocked() {
        // $0.05 costs more than the $0.01 left.
        let input = GateFixture.input(GateFixture.type("generate_meeting_brief"), budget: Self.budget(spent: 99.99))
        let decision = GateFixture.decide(input)
        #expect(decision.outcome == .block)
        #expect(decision.reason == "BUDGET_EXCEEDED")
        #expect(decision.policyClause == "autonomy.dailyBudgetUsd")
        #expect(decision.explanation == "generate_meeting_brief costs $0.05 and only $0.01 of today's $100.00 budget is left.")
    }

    @Test(arguments: [ProposalTrigger.schedule, .event])
    func aScheduledProposalOverBudgetWaitsForTomorrow(trigger: ProposalTrigger) {
        let type = GateFixture.type("generate_meeting_brief")
        let autonomy = AutonomyState(tenantMode: .scheduled, scheduledOptIn: true, autopilotScope: GateFixture.lowRiskNames)
        let input = GateFixture.input(
            type, proposal: GateFixture.proposal(type.name, trigger: trigger), autonomy: autonomy, budget: Self.budget(spent: 99.99))
        let decision = GateFixture.decide(input)
        let check = decision.check(.budgets)
        #expect(check.ceiling == .defer_ && check.reason == "BUDGET_EXCEEDED")
        #expect(check.detail.hasSuffix("it waits for tomorrow's budget."))
        #expect(decision.outcome == .defer_)
        #expect(decision.deferUntil == GateFixture.nextMidnight)
    }

    @Test func spendingExactlyWhatIsLeftIsAllowed() {
        let check = GateFixture.decide(GateFixture.input(budget: Self.budget(spent: 99.998))).check(.budgets)
        #expect(check.reason == "WITHIN_BUDGET")
    }

    @Test func anExhaustedAutonomyBudgetSendsItToAPerson() {
        let decision = GateFixture.decide(GateFixture.input(budget: Self.budget(spent: 1, used: 10, limit: 10)))
        #expect(decision.outcome == .requireApproval)
        #expect(decision.reason == "AUTONOMY_BUDGET_EXHAUSTED")
        #expect(decision.policyClause == "autonomy.accountDailyActions")
        #expect(decision.explanation.contains("acct-1") && decision.explanation.contains("10"))
        #expect(GateFixture.decide(GateFixture.input(budget: Self.budget(spent: 1, used: 9, limit: 10))).outcome == .autoExecute)
    }

    /// QA r4 config L5: the account's own limit decided, so that is the setting to cite.
    @Test func anAccountsOwnLimitIsTheClauseCited() {
        var budget = Self.budget(spent: 1, used: 2, limit: 2)
        budget.accountLimitIsOwn = true
        let decision = GateFixture.decide(GateFixture.input(budget: budget))
        #expect(decision.reason == "AUTONOMY_BUDGET_EXHAUSTED" && decision.policyClause == "autonomy.accounts.acct-1.dailyActions")
    }

    @Test func lowRiskScorePasses() {
        let decision = GateFixture.decide()
        let check = decision.check(.risk)
        #expect(check.passed && check.reason == "RISK_ACCEPTABLE")
        #expect(decision.escalation == nil)
    }

    /// A low-risk, in-scope type whose compliance sensitivity alone crosses the threshold.
    static let sensitiveNote = ActionType(
        name: "annotate_contract", risk: .low, reversible: true, idempotent: true, external: false, costUsd: 0.001,
        impactPoints: 4, complianceSensitivity: 0.85)

    static func sensitiveInput(escalationsToday: Int = 0) -> GateInput {
        GateFixture.input(
            sensitiveNote, autonomy: AutonomyState(tenantMode: .autopilot, autopilotScope: ["annotate_contract"]),
            activity: DecisionActivity(escalationsToday: escalationsToday))
    }

    @Test func aHighRiskScoreEscalatesWithTwoOptions() throws {
        let decision = GateFixture.decide(Self.sensitiveInput(), rules: [PolicyRule(name: "allow", condition: "true", effect: .allow)])
        #expect(decision.outcome == .requireApproval)
        #expect(decision.reason == "RISK_SCORE_HIGH")
        #expect(decision.policyClause == "remediation.riskHitlThreshold")
        #expect(decision.risk.score >= 0.85)
        let escalation = try #require(decision.escalation)
        #expect(escalation.safe.choice == "reject" && escalation.aggressive.choice == "approve")
        #expect(!escalation.safe.why.isEmpty && !escalation.aggressive.why.isEmpty)
        #expect(escalation.safe.why.contains("compliance-sensitive"))
        #expect(escalation.aggressive.title == "Run annotate_contract for account acct-1 now")
        #expect(escalation.pages)
    }

    @Test(arguments: [(4, true), (5, false), (9, false)])
    func escalationsStopPagingAtTheDailyCap(today: Int, pages: Bool) throws {
        let decision = GateFixture.decide(Self.sensitiveInput(escalationsToday: today), rules: [PolicyRule(name: "allow", condition: "true", effect: .allow)])
        #expect(try #require(decision.escalation).pages == pages)
    }

    @Test func aThresholdAboveTheScoreLetsItRun() {
        let settings = GateFixture.settings([PolicyRule(name: "allow", condition: "true", effect: .allow)], riskThreshold: 0.9)
        #expect(Gate.decide(Self.sensitiveInput(), settings: settings).outcome == .autoExecute)
    }

    @Test func externalContactEscalatesWithItsReachAsTheDriver() throws {
        // send_email: reach 0.76 and compliance 0.6 give a score ≈ 0.90, over the 0.8 threshold.
        let decision = GateFixture.decide(GateFixture.input(GateFixture.type("send_email")))
        #expect(decision.reason == "EXTERNAL_CONTACT")
        #expect(decision.check(.risk).reason == "RISK_SCORE_HIGH")
        let escalation = try #require(decision.escalation)
        #expect(escalation.safe.why.contains("outside the organisation"))
    }

    @Test func aBlockedProposalIsNotEscalated() {
        let block = PolicyRule(name: "no", condition: "true", effect: .block)
        let decision = GateFixture.decide(GateFixture.input(GateFixture.type("send_email")), rules: [block])
        #expect(decision.outcome == .block && decision.escalation == nil)
    }

    @Test func budgetPressureIsNamedAsTheDriver() throws {
        let input = GateFixture.input(budget: Self.budget(spent: 95))
        let decision = GateFixture.decide(input)
        #expect(decision.reason == "RISK_SCORE_HIGH")
        #expect(try #require(decision.escalation).safe.why.contains("95% of the $100.00 cap"))
    }
}
