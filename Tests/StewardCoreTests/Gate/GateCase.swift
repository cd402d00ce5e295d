import StewardCore

/// One random proposal and configuration, with the gate's decision for it.
struct GateCase: Sendable {
    let input: GateInput
    let rules: [PolicyRule]
    let settings: GateSettings
    let decision: GateDecision
    /// Whether an enforce block rule known to match (by construction) is among the rules.
    let hasMatchingBlock: Bool

    static let typeNames = ["t0", "t1", "t2", "t3", "t4", "t5"]
    static let agents = ["scout", "closer", "analyst"]

    /// Conditions that all compile; some read params that may be missing, so they fail at run time.
    static let conditions = [
        "true", "false",
        #"action.risk == "low""#,
        #"action.type == "t1""#,
        #"action.type in ["t0", "t2", "t4"]"#,
        "action.external || !action.reversible",
        "action.costUsd > 1.0 && action.domain != \"Content\"",
        #"account.mode == "autopilot""#,
        #"account.mode in ["scheduled", "autopilot"] && tenant.tier != "free""#,
        "budget.remainingUsd < 10.0",
        "budget.accountActionsToday >= budget.accountDailyLimit",
        #"has(action.params.discount) && action.params.discount > 20"#,
        #"action.params.region == "eu""#,
        "now.getHours() >= 18",
        #"action.trigger in ["schedule", "event"] || agent.name.startsWith("sc")"#,
        "action.affectedAccounts > 10 && action.impactPoints >= 2.0",
    ]

    static func random(using g: inout SeededGenerator) -> GateCase {
        // A third of the cases are calm (an eligible type, no breaker, no kill switch, an allow
        // rule), so that enough of them reach AUTO_EXECUTE for its properties to be tested.
        let calm = chance(0.35, &g)
        var type = randomType(using: &g)
        if calm { (type.risk, type.reversible, type.idempotent, type.external) = (.low, true, true, false) }
        let proposal = randomProposal(type: type.name, using: &g)
        let now = Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + Int64.random(in: 0..<30 * 86_400_000, using: &g))
        let input = GateInput(
            proposal: proposal, actionType: type, autonomy: randomAutonomy(using: &g), budget: randomBudget(using: &g),
            breakers: calm ? [] : (0..<Int.random(in: 0...3, using: &g)).map { randomBreaker($0, using: &g) },
            killSwitch: !calm && chance(0.15, &g) ? KillSwitchState(engaged: true, reason: "drill") : .released,
            activity: randomActivity(now: now, using: &g), successProbability: Double.random(in: 0...1, using: &g), now: now)

        var rules = (0..<Int.random(in: 0...6, using: &g)).map { index in
            let effect = PolicyEffect.allCases.randomElement(using: &g) ?? .allow
            let enforced = (effect == .allow || !calm) && chance(0.7, &g)
            return PolicyRule(
                name: "rule-\(index)", condition: conditions.randomElement(using: &g) ?? "true", effect: effect,
                mode: enforced ? .enforce : (chance(0.5, &g) ? .warn : .audit))
        }
        // Allow rules often, so that autopilot has permission in a good share of cases.
        if calm || chance(0.5, &g) { rules.insert(PolicyRule(name: "allow-all", condition: "true", effect: .allow), at: Int.random(in: 0...rules.count, using: &g)) }
        let hasMatchingBlock = chance(0.15, &g)
        if hasMatchingBlock {
            let condition = chance(0.5, &g) ? "true" : "action.type == \"\(type.name)\""
            rules.insert(PolicyRule(name: "known-block", condition: condition, effect: .block), at: Int.random(in: 0...rules.count, using: &g))
        }
        let settings = GateSettings(
            configRevision: "rev", policy: try! CompiledPolicy(rules), riskThreshold: Double.random(in: 0.3...1, using: &g),
            maxEscalationsPerDay: Int.random(in: 0...5, using: &g),
            costGate: CostGateSettings(
                minIntervalMinutes: Int.random(in: 1...120, using: &g), maxOpenActions: Int.random(in: 1...30, using: &g),
                reserveFraction: Double.random(in: 0...0.3, using: &g)))
        return GateCase(
            input: input, rules: rules, settings: settings, decision: Gate.decide(input, settings: settings),
            hasMatchingBlock: hasMatchingBlock)
    }

    static func chance(_ p: Double, _ g: inout SeededGenerator) -> Bool { Double.random(in: 0..<1, using: &g) < p }

    static func randomType(using g: inout SeededGenerator) -> ActionType {
        // Low risk half the time, so autopilot has something to run.
        let risk: RiskLevel = chance(0.5, &g) ? .low : (RiskLevel.allCases.randomElement(using: &g) ?? .high)
        return ActionType(
            name: typeNames.randomElement(using: &g) ?? "t0", risk: risk, reversible: chance(0.8, &g), idempotent: chance(0.8, &g),
            external: chance(0.2, &g), costUsd: chance(0.2, &g) ? Double.random(in: 0...20, using: &g) : Double.random(in: 0...0.1, using: &g),
            domain: Domain.allCases.randomElement(using: &g) ?? .revenue, impactPoints: Double.random(in: 0...10, using: &g),
            expectedDownsideUsd: Double.random(in: 0...1_000, using: &g),
            complianceSensitivity: chance(0.6, &g) ? 0 : Double.random(in: 0...1, using: &g))
    }

    static func randomProposal(type: String, using g: inout SeededGenerator) -> ActionProposal {
        var params: [String: JSONValue] = [:]
        if chance(0.5, &g) { params["discount"] = .int(Int64.random(in: 0...40, using: &g)) }
        if chance(0.5, &g) { params["region"] = .string(["eu", "us", "apac"].randomElement(using: &g) ?? "eu") }
        if chance(0.3, &g) { params["notes"] = .array([.string("a"), .bool(true), .double(1.5), .null]) }
        return ActionProposal(
            id: "act", tenant: "acme", agent: agents.randomElement(using: &g) ?? "scout",
            account: chance(0.9, &g) ? "acct-\(Int.random(in: 1...3, using: &g))" : nil, type: type, params: .object(params),
            trigger: ProposalTrigger.allCases.randomElement(using: &g) ?? .agent,
            impactPoints: chance(0.3, &g) ? Double.random(in: 0...10, using: &g) : nil,
            affectedAccounts: chance(0.8, &g) ? 1 : Int.random(in: 0...200, using: &g))
    }

    static func randomAutonomy(using g: inout SeededGenerator) -> AutonomyState {
        // Autopilot-like modes most of the time, so later checks get their turn.
        func mode() -> AutonomyMode { chance(0.6, &g) ? (chance(0.5, &g) ? .autopilot : .scheduled) : (AutonomyMode.allCases.randomElement(using: &g) ?? .assist) }
        return AutonomyState(
            tenantMode: mode(), accountMode: chance(0.3, &g) ? mode() : nil, scheduledOptIn: chance(0.6, &g),
            autopilotScope: Set(typeNames.filter { _ in chance(0.7, &g) }))
    }

    static func randomBudget(using g: inout SeededGenerator) -> BudgetState {
        let cap = chance(0.05, &g) ? 0 : Double.random(in: 1...200, using: &g)
        let spent = chance(0.6, &g) ? Double.random(in: 0...(cap * 0.3), using: &g) : Double.random(in: 0...(cap * 1.2), using: &g)
        let limit = Int.random(in: 0...10, using: &g)
        return BudgetState(
            tenantSpentUsd: spent, tenantCapUsd: cap,
            accountAutonomousActions: chance(0.8, &g) ? Int.random(in: 0...max(0, limit - 1), using: &g) : Int.random(in: 0...12, using: &g),
            accountDailyLimit: limit)
    }

    static func randomBreaker(_ index: Int, using g: inout SeededGenerator) -> OpenBreaker {
        OpenBreaker(
            name: "breaker-\(index)", actionTypes: Set(typeNames.filter { _ in chance(0.3, &g) }),
            agents: Set(agents.filter { _ in chance(0.3, &g) }), blocks: chance(0.4, &g), reason: "tripped")
    }

    static func randomActivity(now: Timestamp, using g: inout SeededGenerator) -> DecisionActivity {
        DecisionActivity(
            lastDecisionAt: chance(0.5, &g) ? now.adding(milliseconds: -Int64.random(in: 0...(300 * 60_000), using: &g)) : nil,
            openActions: chance(0.8, &g) ? Int.random(in: 0...5, using: &g) : Int.random(in: 0...60, using: &g),
            tier: TenantTier.allCases.randomElement(using: &g) ?? .standard, escalationsToday: Int.random(in: 0...8, using: &g))
    }
}
