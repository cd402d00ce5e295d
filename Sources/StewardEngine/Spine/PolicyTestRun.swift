public import StewardCore

/// How one policy test went: the decision the gate made and each way it missed the expectation.
public struct PolicyTestResult: Sendable {
    /// The test.
    public var test: PolicyTest
    /// The gate's decision; nil when the proposal was refused before the gate.
    public var decision: GateDecision?
    /// Why it failed, a sentence each; empty when it passed.
    public var failures: [String]

    /// Whether it passed.
    public var passed: Bool { failures.isEmpty }
}

/// Runs policy tests through the gate of a configuration: the same checks and the same gate as
/// `POST /v1/actions`, over assumed state instead of the store's, so nothing is read or written.
public enum PolicyTestRun {
    /// Each test's result, in order.
    public static func run(_ tests: [PolicyTest], rules: SpineRules) -> [PolicyTestResult] {
        tests.map { run($0, rules: rules) }
    }

    /// One test's result.
    public static func run(_ test: PolicyTest, rules: SpineRules) -> PolicyTestResult {
        let type: ActionType
        do {
            type = try ProposalCheck.validate(test.proposal, rules: rules)
        } catch {
            return PolicyTestResult(test: test, decision: nil, failures: ["the proposal is refused before the gate (422): \(error)"])
        }
        let facts = facts(test, rules: rules)
        let budget = rules.budget(of: test.proposal, autonomy: facts.autonomy)
        let input = rules.gateInput(for: test.proposal, type: type, facts: facts, budget: budget, now: test.given.now)
        let decision = Gate.decide(input, settings: rules.gate)
        return PolicyTestResult(test: test, decision: decision, failures: test.expect.mismatches(decision))
    }

    /// The configuration's state for the proposal, with the test's assumptions laid over it.
    static func facts(_ test: PolicyTest, rules: SpineRules) -> GateFacts {
        let given = test.given, proposal = test.proposal
        var autonomy = rules.defaultAutonomy()
        if let mode = given.tenantMode { autonomy.mode = mode }
        if let scope = given.autopilotScope { autonomy.autopilotScope = scope }
        if let level = given.level { autonomy.level = level }
        if given.killSwitch {
            autonomy.killSwitch = KillSwitchState(engaged: true, reason: "assumed by the test", by: "policy-test", since: given.now)
        }
        var account = proposal.account.flatMap { rules.configuredAccount($0, tenant: proposal.tenant) }
        if let id = proposal.account, given.accountMode != nil || given.scheduledOptIn != nil {
            var settings = account ?? AccountAutonomy(id: id, tenant: proposal.tenant)
            if let mode = given.accountMode { settings.mode = mode }
            if let optIn = given.scheduledOptIn { settings.scheduledOptIn = optIn }
            account = settings
        }
        var facts = GateFacts(autonomy: autonomy, account: account)
        facts.spentUsd = given.spentUsd
        facts.autonomousToday = given.autonomousToday
        facts.openActions = given.openActions
        facts.escalationsToday = given.escalationsToday
        facts.lastDecisionAt = given.minutesSinceLastDecision.map { given.now.adding(milliseconds: -Int64(($0 * 60_000).rounded())) }
        if let p = given.successProbability { facts.successProbability = p }
        facts.breakers = given.openBreakers
        return facts
    }
}
