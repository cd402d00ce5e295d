public import StewardCore

/// What the gate knows of a tenant's state for one proposal before it becomes a ``GateInput``:
/// read from the state rows in service, or assumed by a policy test (`steward policy test`).
public struct GateFacts: Sendable, Hashable {
    /// The tenant's autonomy: mode, scope, kill switch, level, budget and account limit.
    public var autonomy: TenantAutonomy
    /// The proposal's account's own settings, if it has any.
    public var account: AccountAutonomy?
    /// US dollars already spent today from the budget the proposal draws on.
    public var spentUsd: Double = 0
    /// Escalations raised today in the tenant.
    public var escalationsToday = 0
    /// Autonomous actions the account ran today.
    public var autonomousToday = 0
    /// When the gate last decided for the account.
    public var lastDecisionAt: Timestamp?
    /// The account's actions not yet settled.
    public var openActions = 0
    /// The learned chance of success (the posterior mean).
    public var successProbability = BetaPosterior.prior.mean
    /// The breakers and skill holds open now.
    public var breakers: [OpenBreaker] = []
    /// The day whose digest the account is still owed (``AutonomyState/digestOwed``).
    public var digestOwed: String?

    /// Facts with nothing spent, counted, learned or open.
    public init(autonomy: TenantAutonomy, account: AccountAutonomy? = nil) {
        self.autonomy = autonomy
        self.account = account
    }
}

extension SpineRules {
    /// The budget `proposal` draws on: the remediation budget for a step, else the tenant's.
    public func budget(of proposal: ActionProposal, autonomy: TenantAutonomy) -> DailyBudget {
        DailyBudget.of(proposal, in: configuration, autonomy: autonomy)
    }

    /// The gate input for `proposal` of `type` at `now` under `facts`, drawing on `budget`
    /// (``budget(of:autonomy:)``, which the caller needs first to read what was spent from it).
    public func gateInput(for proposal: ActionProposal, type: ActionType, facts: GateFacts, budget: DailyBudget, now: Timestamp) -> GateInput {
        let autonomy = facts.autonomy
        // Remediation steps on an agent are decided in the remediation mode and scope; the
        // tenant's mode and scope govern what agents propose for accounts.
        let healing = proposal.isRemediationStep
        let remediation = configuration.remediation
        return GateInput(
            proposal: proposal, actionType: type,
            autonomy: AutonomyState(
                tenantMode: healing ? remediation.mode : autonomy.mode, accountMode: facts.account?.mode,
                scheduledOptIn: facts.account?.scheduledOptIn ?? false,
                autopilotScope: Set(healing ? remediation.autopilotScope : autonomy.autopilotScope), level: autonomy.level,
                digestOwed: facts.digestOwed),
            budget: BudgetState(
                tenantSpentUsd: facts.spentUsd, tenantCapUsd: budget.capUsd,
                accountAutonomousActions: facts.autonomousToday,
                accountDailyLimit: facts.account?.dailyActions ?? autonomy.accountDailyActions,
                accountLimitIsOwn: facts.account?.dailyActions != nil ? true : nil),
            breakers: facts.breakers,
            killSwitch: autonomy.killSwitch,
            activity: DecisionActivity(
                lastDecisionAt: facts.lastDecisionAt, openActions: facts.openActions, tier: tier(of: proposal.tenant),
                escalationsToday: facts.escalationsToday),
            successProbability: facts.successProbability, now: now)
    }
}
