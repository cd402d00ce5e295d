import Testing
import StewardCore

/// What every decision carries (DESIGN.md, "The spine"), and which check it cites.
@Suite struct GateDecisionTests {
    static let order: [GateCheckName] = [.killSwitch, .breakers, .autonomy, .policy, .costGate, .budgets, .risk]

    @Test func lowRiskInScopeWithAnAllowRuleAutoExecutes() {
        let decision = GateFixture.decide()
        #expect(decision.outcome == .autoExecute)
        #expect(decision.reason == "POLICY_ALLOW")
        #expect(decision.policyClause == "policy.rules[0] (allow-low-risk)")
        #expect(decision.explanation.contains("policy rule 'allow-low-risk' allows it"))
        #expect(decision.explanation.contains("create_internal_note for account acct-1"))
        #expect(decision.checks.allSatisfy { $0.passed })
        #expect(decision.deferUntil == nil && decision.escalation == nil)
        #expect(decision.decidedAt == GateFixture.now)
    }

    @Test(arguments: GateFixture.lowRiskNames.sorted())
    func everyLowRiskSeedTypeCanAutoExecute(type: String) {
        #expect(GateFixture.decide(GateFixture.input(GateFixture.type(type))).outcome == .autoExecute)
    }

    @Test(arguments: ActionType.seedTypes.filter(\.neverAutonomous).map(\.name))
    func noHighRiskSeedTypeAutoExecutesEvenWithEverythingAllowed(type: String) {
        let autonomy = AutonomyState(tenantMode: .scheduled, scheduledOptIn: true, autopilotScope: Set(ActionType.seedTypes.map(\.name)))
        let input = GateFixture.input(GateFixture.type(type), autonomy: autonomy)
        let decision = Gate.decide(input, settings: GateFixture.settings([PolicyRule(name: "all", condition: "true", effect: .allow)], riskThreshold: 1.01))
        #expect(decision.outcome == .requireApproval)
        #expect(["EXTERNAL_CONTACT", "RISK_LEVEL_HIGH"].contains(decision.reason))
    }

    @Test(arguments: [
        GateFixture.input(),
        GateFixture.input(GateFixture.type("send_email")),
        GateFixture.input(killSwitch: KillSwitchState(engaged: true)),
        GateFixture.input(activity: DecisionActivity(openActions: 100)),
    ])
    func everyDecisionCarriesItsTrace(input: GateInput) {
        let decision = GateFixture.decide(input)
        #expect(decision.checks.map(\.name) == Self.order)
        #expect(decision.configRevision == "rev-test")
        #expect(!decision.reason.isEmpty && !decision.explanation.isEmpty)
        #expect(decision.policyClause != nil)
        #expect(decision.checks.allSatisfy { !$0.reason.isEmpty && !$0.detail.isEmpty })
        // A check that did not pass always names the setting or rule behind it.
        #expect(decision.checks.allSatisfy { $0.passed || $0.clause != nil })
        #expect(decision.outcome == decision.checks.map(\.ceiling).min())
        if decision.outcome != .autoExecute {
            let first = decision.checks.first { $0.ceiling == decision.outcome }
            #expect(decision.reason == first?.reason)
            #expect(decision.policyClause == first?.clause)
            #expect(decision.explanation == first?.detail)
        }
    }

    @Test func theFirstCheckImposingTheOutcomeDecides() {
        // Kill switch, breaker, external contact, no allowing rule and the risk score all ask
        // for a person; the kill switch comes first.
        let breaker = OpenBreaker(name: "mail", actionTypes: ["send_email"], reason: "bounces")
        let input = GateFixture.input(GateFixture.type("send_email"), breakers: [breaker], killSwitch: KillSwitchState(engaged: true))
        let decision = GateFixture.decide(input)
        #expect(decision.reason == "KILL_SWITCH")
        #expect(decision.checks.filter { $0.ceiling == .requireApproval }.map(\.reason) == [
            "KILL_SWITCH", "BREAKER_OPEN", "EXTERNAL_CONTACT", "NO_POLICY_ALLOWS", "RISK_SCORE_HIGH",
        ])
        // Without the kill switch, the breaker is first.
        let released = GateFixture.input(GateFixture.type("send_email"), breakers: [breaker])
        #expect(GateFixture.decide(released).reason == "BREAKER_OPEN")
    }

    @Test func aLaterStricterCheckOutranksAnEarlierMilderOne() {
        // The breaker asks for a person; the saturated cost gate refuses: the refusal decides.
        let breaker = OpenBreaker(name: "slow", reason: "latency")
        let decision = GateFixture.decide(GateFixture.input(breakers: [breaker], activity: DecisionActivity(openActions: 20)))
        #expect(decision.outcome == .block && decision.reason == "ACTION_SATURATION")
    }

    @Test func deferOutranksApprovalButNotABlock() {
        let autonomy = AutonomyState(tenantMode: .scheduled, scheduledOptIn: true, autopilotScope: GateFixture.lowRiskNames)
        let recent = DecisionActivity(lastDecisionAt: GateFixture.now.adding(milliseconds: -60_000))
        let proposal = GateFixture.proposal(trigger: .schedule)
        let deferred = GateFixture.decide(GateFixture.input(proposal: proposal, autonomy: autonomy, activity: recent), rules: [])
        #expect(deferred.outcome == .defer_ && deferred.reason == "RECENT_DECISION")
        #expect(deferred.check(.policy).reason == "NO_POLICY_ALLOWS")
        let blocked = GateFixture.decide(
            GateFixture.input(proposal: proposal, autonomy: autonomy, activity: recent),
            rules: [PolicyRule(name: "no", condition: "true", effect: .block)])
        #expect(blocked.outcome == .block && blocked.reason == "POLICY_BLOCK" && blocked.deferUntil == nil)
    }

    @Test func theDecisionCarriesRiskAndUtility() {
        let decision = GateFixture.decide()
        // create_internal_note: 1 point × $1 × 0.5 success − $0.002 − score × $0.5.
        let score = decision.risk.score
        #expect(abs(score - (1 + 0.002) / 100) < 1e-12)
        #expect(abs(decision.utility.value - (0.5 - 0.002 - score * 0.5)) < 1e-12)
    }

    @Test func theConfigRevisionIsTheSettings() {
        var settings = GateFixture.settings()
        settings.configRevision = "sha256:abc"
        #expect(Gate.decide(GateFixture.input(), settings: settings).configRevision == "sha256:abc")
    }

    @Test func outcomesOrderFromMostRestrictive() {
        #expect(GateOutcome.allCases.sorted() == [.block, .defer_, .requireApproval, .autoExecute])
        #expect(GateCheckName.allCases == Self.order)
    }
}
