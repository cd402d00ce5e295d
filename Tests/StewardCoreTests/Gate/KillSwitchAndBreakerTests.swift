import Testing
import StewardCore

@Suite struct KillSwitchAndBreakerTests {
    @Test func releasedKillSwitchPasses() {
        let check = GateFixture.decide().check(.killSwitch)
        #expect(check.passed && check.ceiling == .autoExecute && check.reason == "KILL_SWITCH_RELEASED")
    }

    @Test func engagedKillSwitchSendsEverythingToAPerson() {
        let engaged = KillSwitchState(engaged: true, reason: "bad deploy", by: "ops@acme", since: GateFixture.now)
        let decision = GateFixture.decide(GateFixture.input(killSwitch: engaged))
        #expect(decision.outcome == .requireApproval)
        #expect(decision.reason == "KILL_SWITCH")
        #expect(decision.policyClause == "kill-switch")
        #expect(decision.explanation.contains("ops@acme") && decision.explanation.contains("bad deploy"))
        let check = decision.check(.killSwitch)
        #expect(!check.passed && check.ceiling == .requireApproval)
    }

    @Test func killSwitchDoesNotSoftenABlock() {
        // A block by a later check is more restrictive than the kill switch's ceiling.
        let engaged = KillSwitchState(engaged: true)
        let block = PolicyRule(name: "no-notes", condition: #"action.type == "create_internal_note""#, effect: .block)
        let decision = GateFixture.decide(GateFixture.input(killSwitch: engaged), rules: [block])
        #expect(decision.outcome == .block && decision.reason == "POLICY_BLOCK")
        #expect(decision.policyClause == "policy.rules[0] (no-notes)")
    }

    @Test func openBreakerThatDoesNotBlockRequiresApproval() {
        let breaker = OpenBreaker(name: "notes-failing", actionTypes: ["create_internal_note"], reason: "error rate 40%")
        let decision = GateFixture.decide(GateFixture.input(breakers: [breaker]))
        #expect(decision.outcome == .requireApproval)
        #expect(decision.reason == "BREAKER_OPEN")
        #expect(decision.policyClause == "breakers.notes-failing")
        #expect(decision.explanation.contains("error rate 40%") && decision.explanation.contains("a person decides"))
    }

    @Test func blockingBreakerBlocks() {
        let breaker = OpenBreaker(name: "scout-down", agents: ["scout"], blocks: true, reason: "agent unreachable")
        let decision = GateFixture.decide(GateFixture.input(breakers: [breaker]))
        #expect(decision.outcome == .block && decision.reason == "BREAKER_OPEN")
        #expect(decision.policyClause == "breakers.scout-down")
        #expect(decision.explanation.contains("refused"))
    }

    @Test func aBlockingBreakerIsCitedBeforeAMilderOne() {
        let mild = OpenBreaker(name: "mild", reason: "slow")
        let hard = OpenBreaker(name: "hard", blocks: true, reason: "failing")
        let check = GateFixture.decide(GateFixture.input(breakers: [mild, hard])).check(.breakers)
        #expect(check.ceiling == .block && check.clause == "breakers.hard")
        #expect(check.detail.contains("Open: mild, hard"))
    }

    @Test(arguments: [
        OpenBreaker(name: "other-type", actionTypes: ["send_email"], blocks: true, reason: "bounces"),
        OpenBreaker(name: "other-agent", agents: ["closer"], blocks: true, reason: "down"),
        OpenBreaker(name: "type-matches-agent-not", actionTypes: ["create_internal_note"], agents: ["closer"], blocks: true, reason: "down"),
        OpenBreaker(name: "agent-matches-type-not", actionTypes: ["draft_email"], agents: ["scout"], blocks: true, reason: "down"),
    ])
    func breakerScopedElsewhereDoesNotApply(breaker: OpenBreaker) {
        let decision = GateFixture.decide(GateFixture.input(breakers: [breaker]))
        #expect(decision.check(.breakers).passed)
        #expect(decision.check(.breakers).reason == "BREAKERS_CLOSED")
        #expect(decision.outcome == .autoExecute)
    }

    @Test func breakerScopedToTypeAndAgentAppliesToThatPair() {
        let breaker = OpenBreaker(name: "pair", actionTypes: ["create_internal_note"], agents: ["scout"], blocks: true, reason: "x")
        #expect(GateFixture.decide(GateFixture.input(breakers: [breaker])).outcome == .block)
        let otherAgent = GateFixture.input(proposal: GateFixture.proposal(agent: "closer"), breakers: [breaker])
        #expect(GateFixture.decide(otherAgent).outcome == .autoExecute)
    }

    /// A breaker over agents' actions does not hold the remediation steps that heal those agents
    /// (its windows never count them); one that names a step's type does.
    @Test func remediationStepsAreHeldOnlyByABreakerNamingTheirType() {
        let step = ActionProposal(id: "act_s", tenant: "acme", agent: "scout", type: "restartAgent", trigger: .remediation)
        let business = GateFixture.proposal()
        let overAll = OpenBreaker(name: "high-error-rate", reason: "errorRate > 0.05")
        #expect(overAll.applies(to: business) && !overAll.applies(to: step))
        #expect(!OpenBreaker(name: "scout-down", agents: ["scout"], reason: "down").applies(to: step))
        #expect(OpenBreaker(name: "restarts", actionTypes: ["restartAgent"], reason: "restarts failing").applies(to: step))
        // A step proposed for an account is an agent's action like any other.
        var forAccount = step
        forAccount.account = "acct-1"
        #expect(overAll.applies(to: forAccount))
    }
}
