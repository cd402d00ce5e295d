import Benchmark
import StewardCore

// Benchmarks of the gate (docs/performance.md, "Gate").
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target GateBenchmarks

/// Twenty policy rules of the kind a tenant writes, over the action, its params, the account's
/// mode, the budget and the time. Only the last allows, so a decision evaluates all twenty.
let policyRules: [PolicyRule] = [
    PolicyRule(name: "no-bulk-mail-when-low", condition: #"action.type in ["send_email", "contact_customer"] && budget.remainingUsd < 5.0"#, effect: .block),
    PolicyRule(name: "big-discounts", condition: #"action.type == "modify_discount" && has(action.params.discount) && action.params.discount > 20"#, effect: .block),
    PolicyRule(name: "pricing-needs-approval", condition: #"action.type == "modify_pricing" && account.mode != "approve""#, effect: .requireApproval),
    PolicyRule(name: "near-the-cap", condition: "budget.spentUsd > budget.capUsd * 0.9", effect: .requireApproval),
    PolicyRule(name: "autonomy-budget", condition: "budget.accountActionsToday >= budget.accountDailyLimit", effect: .requireApproval),
    PolicyRule(name: "quiet-hours", condition: "now.getHours() >= 22 || now.getHours() < 6", effect: .requireApproval, reason: "QUIET_HOURS"),
    PolicyRule(name: "assist-accounts", condition: #"account.mode == "assist" && action.type != "create_internal_note""#, effect: .requireApproval),
    PolicyRule(name: "embargoed-regions", condition: #"has(action.params.region) && action.params.region in ["cn", "ru", "ir"]"#, effect: .block),
    PolicyRule(name: "costly-when-tight", condition: "action.costUsd > 1.0 && budget.remainingUsd < 20.0", effect: .requireApproval),
    PolicyRule(name: "external-needs-opt-in", condition: "action.external && !account.scheduledOptIn", effect: .requireApproval),
    PolicyRule(name: "free-tier-cheap-only", condition: #"tenant.tier == "free" && action.costUsd > 0.1"#, effect: .block),
    PolicyRule(name: "wide-reach", condition: "action.affectedAccounts > 25", effect: .requireApproval),
    PolicyRule(name: "weekend-schedules", condition: #"action.trigger == "schedule" && now.getDayOfWeek() == 0"#, effect: .requireApproval),
    PolicyRule(name: "test-agents", condition: #"agent.name.startsWith("test-")"#, effect: .block),
    PolicyRule(name: "large-amounts", condition: "has(action.params.amount) && action.params.amount > 10000", effect: .requireApproval),
    PolicyRule(name: "thin-content", condition: #"action.domain == "Content" && action.impactPoints < 1.0"#, effect: .block, mode: .warn),
    PolicyRule(name: "forecast-and-stage", condition: #"action.type in ["change_forecast", "change_opportunity_stage"]"#, effect: .requireApproval),
    PolicyRule(name: "new-year", condition: #"now > timestamp("2027-01-01T00:00:00Z")"#, effect: .block, mode: .audit),
    PolicyRule(name: "medium-on-autopilot", condition: #"action.risk == "medium" && account.mode == "autopilot""#, effect: .requireApproval),
    PolicyRule(
        name: "allow-low-risk",
        condition: #"action.risk == "low" && action.reversible && action.idempotent && account.mode in ["autopilot", "scheduled"]"#,
        effect: .allow),
]

/// The settings and one proposal's input as the server holds them in memory: the budget, three
/// open breakers that do not cover this proposal, recent activity.
struct GateFixture: Sendable {
    let settings: GateSettings
    let input: GateInput

    init() {
        // swiftlint:disable:next force_try
        settings = GateSettings(configRevision: "sha256:bench", policy: try! CompiledPolicy(policyRules))
        let type = ActionType.seedTypes.first { $0.name == "draft_email" } ?? ActionType.seedTypes[0]
        let proposal = ActionProposal(
            id: "act_01J", tenant: "acme", agent: "scout", account: "acct-42", type: type.name,
            params: .object(["template": .string("follow-up"), "region": .string("eu"), "discount": .int(5), "contacts": .array([.string("c-1"), .string("c-2")])]),
            trigger: .agent)
        input = GateInput(
            proposal: proposal, actionType: type,
            autonomy: AutonomyState(tenantMode: .autopilot, autopilotScope: Set(ActionType.seedTypes.filter(\.autopilotEligible).map(\.name))),
            budget: BudgetState(tenantSpentUsd: 12.5, tenantCapUsd: 100, accountAutonomousActions: 3, accountDailyLimit: 20),
            breakers: [
                OpenBreaker(name: "mail-bounces", actionTypes: ["send_email"], blocks: true, reason: "bounce rate 12%"),
                OpenBreaker(name: "closer-errors", agents: ["closer"], reason: "error rate 30%"),
                OpenBreaker(name: "pricing-api", actionTypes: ["modify_pricing", "modify_discount"], agents: ["scout"], reason: "timeouts"),
            ],
            activity: DecisionActivity(lastDecisionAt: Timestamp(millisecondsSinceEpoch: 1_795_250_000_000), openActions: 4),
            successProbability: 0.7, now: Timestamp(millisecondsSinceEpoch: 1_795_255_200_000))
    }
}

let fixture = GateFixture()

let benchmarks: @Sendable () -> Void = {
    let fast = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo,
                                       maxDuration: .seconds(5), maxIterations: 100_000)

    Benchmark("Gate.decide, 20 policy rules, 3 open breakers", configuration: fast) { benchmark in
        precondition(Gate.decide(fixture.input, settings: fixture.settings).outcome == .autoExecute)
        for _ in benchmark.scaledIterations {
            blackHole(Gate.decide(fixture.input, settings: fixture.settings))
        }
    }
}
