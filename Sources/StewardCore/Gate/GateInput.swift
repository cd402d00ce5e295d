/// Everything the gate looks at for one proposal, read beforehand from memory or the store: the
/// gate itself reads nothing and asks no clock.
public struct GateInput: Sendable, Hashable, Codable {
    /// The proposal.
    public var proposal: ActionProposal
    /// Its action type, resolved from the configuration.
    public var actionType: ActionType
    /// The tenant's and account's autonomy settings.
    public var autonomy: AutonomyState
    /// Today's spending.
    public var budget: BudgetState
    /// Breakers that are open now.
    public var breakers: [OpenBreaker]
    /// The kill switch.
    public var killSwitch: KillSwitchState
    /// Recency, saturation, tier and escalations, for the cost and risk gates.
    public var activity: DecisionActivity
    /// The learned chance of success (the posterior mean; 0.5 before anything is learned).
    public var successProbability: Double
    /// Now.
    public var now: Timestamp

    /// Creates a gate input.
    public init(
        proposal: ActionProposal, actionType: ActionType, autonomy: AutonomyState, budget: BudgetState,
        breakers: [OpenBreaker] = [], killSwitch: KillSwitchState = .released, activity: DecisionActivity = .init(),
        successProbability: Double = 0.5, now: Timestamp
    ) {
        self.proposal = proposal
        self.actionType = actionType
        self.autonomy = autonomy
        self.budget = budget
        self.breakers = breakers
        self.killSwitch = killSwitch
        self.activity = activity
        self.successProbability = successProbability
        self.now = now
    }
}

/// The configuration the gate decides under.
public struct GateSettings: Sendable {
    /// The revision every decision records.
    public var configRevision: String
    /// The compiled policy rules.
    public var policy: CompiledPolicy
    /// A risk score at or above this needs a person (`AUTOREM_RISK_HITL_THRESHOLD`).
    public var riskThreshold: Double
    /// Escalations that may page a person per day (`AUTOREM_MAX_ESCALATIONS_PER_DAY`).
    public var maxEscalationsPerDay: Int
    /// Dollars per impact point, for expected utility.
    public var values: DomainValues
    /// The cost gate's limits.
    public var costGate: CostGateSettings

    /// Creates gate settings.
    public init(
        configRevision: String, policy: CompiledPolicy, riskThreshold: Double = 0.8, maxEscalationsPerDay: Int = 5,
        values: DomainValues = RemediationSettings.default.values, costGate: CostGateSettings = .default
    ) {
        self.configRevision = configRevision
        self.policy = policy
        self.riskThreshold = riskThreshold
        self.maxEscalationsPerDay = maxEscalationsPerDay
        self.values = values
        self.costGate = costGate
    }
}

/// The DecisionCostGate's limits (seed 003 §5.3), scaled by the tenant's tier.
public struct CostGateSettings: Sendable, Hashable, Codable {
    /// The least time between two scheduled or event-triggered decisions for one account, in minutes.
    public var minIntervalMinutes: Int
    /// Open actions an account may have before further proposals are skipped.
    public var maxOpenActions: Int
    /// Below this share of the daily budget left, scheduled and event runs wait for the next day.
    public var reserveFraction: Double

    /// Creates cost-gate limits.
    public init(minIntervalMinutes: Int = 60, maxOpenActions: Int = 20, reserveFraction: Double = 0.1) {
        self.minIntervalMinutes = minIntervalMinutes
        self.maxOpenActions = maxOpenActions
        self.reserveFraction = reserveFraction
    }

    /// An hour between autonomous runs, 20 open actions, a 10% reserve.
    public static let `default` = CostGateSettings()
}
