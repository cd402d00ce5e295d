import StewardCore

/// A gate input that auto-executes, for tests to change one thing at a time: an autopilot tenant,
/// a low-risk seed type in the autopilot scope, plenty of budget, no breaker, the kill switch
/// released, an agent's proposal, and (in ``GateFixture/settings(_:)``) a rule allowing low risk.
enum GateFixture {
    /// 2026-11-21T10:00:00Z.
    static let now = Timestamp(millisecondsSinceEpoch: 1_795_255_200_000)
    /// 2026-11-22T00:00:00Z, when the daily budget resets after ``now``.
    static let nextMidnight = Timestamp(millisecondsSinceEpoch: 1_795_305_600_000)

    /// A seed action type by name.
    static func type(_ name: String) -> ActionType {
        guard let type = ActionType.seedTypes.first(where: { $0.name == name }) else { fatalError("no seed type \(name)") }
        return type
    }

    /// The low-risk seed types: autopilot's whole scope here.
    static let lowRiskNames: Set<String> = Set(ActionType.seedTypes.filter(\.autopilotEligible).map(\.name))

    static let allowLowRisk = PolicyRule(name: "allow-low-risk", condition: #"action.risk == "low""#, effect: .allow)

    static func proposal(
        _ type: String = "create_internal_note", agent: String = "scout", account: String? = "acct-1",
        params: JSONValue = .object([:]), trigger: ProposalTrigger = .agent, affectedAccounts: Int = 1
    ) -> ActionProposal {
        ActionProposal(
            id: "act_1", tenant: "acme", agent: agent, account: account, type: type, params: params, trigger: trigger,
            affectedAccounts: affectedAccounts)
    }

    static func input(
        _ type: ActionType = type("create_internal_note"), proposal: ActionProposal? = nil,
        autonomy: AutonomyState = AutonomyState(tenantMode: .autopilot, autopilotScope: lowRiskNames),
        budget: BudgetState = BudgetState(tenantSpentUsd: 1, tenantCapUsd: 100, accountAutonomousActions: 0, accountDailyLimit: 10),
        breakers: [OpenBreaker] = [], killSwitch: KillSwitchState = .released, activity: DecisionActivity = .init()
    ) -> GateInput {
        GateInput(
            proposal: proposal ?? self.proposal(type.name), actionType: type, autonomy: autonomy, budget: budget,
            breakers: breakers, killSwitch: killSwitch, activity: activity, now: now)
    }

    /// Settings with `rules` compiled (the tests' rules always compile).
    static func settings(_ rules: [PolicyRule] = [allowLowRisk], riskThreshold: Double = 0.8, maxEscalationsPerDay: Int = 5) -> GateSettings {
        GateSettings(
            configRevision: "rev-test", policy: try! CompiledPolicy(rules), riskThreshold: riskThreshold,
            maxEscalationsPerDay: maxEscalationsPerDay)
    }

    static func decide(_ input: GateInput = input(), rules: [PolicyRule] = [allowLowRisk]) -> GateDecision {
        Gate.decide(input, settings: settings(rules))
    }
}

extension GateDecision {
    /// The check of one name.
    func check(_ name: GateCheckName) -> GateCheck {
        guard let check = checks.first(where: { $0.name == name }) else { fatalError("no \(name) check") }
        return check
    }
}
