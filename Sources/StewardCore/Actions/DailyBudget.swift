/// The daily budget an action's cost is charged to. Remediation steps spend the remediation
/// budget (`remediation.budgetCapDailyUsd`, seed 001's AUTOREM_BUDGET_CAP_DAILY_USD); what agents
/// propose spends the tenant's action budget (`autonomy.dailyBudgetUsd`, seed 003's per-tenant
/// budget). Kept apart so a busy day of business actions cannot leave nothing to heal the fleet
/// with, and healing cannot eat the business's budget.
public struct DailyBudget: Sendable, Hashable {
    /// Whether it is the remediation budget (otherwise the tenant's budget for agents' actions).
    public let isRemediation: Bool
    /// The field of the tenant's day row (`SpineRows.tenantDay`) that tallies its spending.
    public let field: String
    /// Its cap, in US dollars.
    public let capUsd: Double
    /// The setting that sets the cap, as decisions cite it.
    public let clause: String
    /// What people call it in details and warnings.
    public let name: String

    /// The budget `proposal` spends under `configuration` and the tenant's `autonomy`.
    public static func of(_ proposal: ActionProposal, in configuration: StewardConfiguration, autonomy: TenantAutonomy) -> DailyBudget {
        proposal.isRemediationStep ? remediation(configuration) : actions(configuration, autonomy: autonomy)
    }

    /// The remediation budget.
    public static func remediation(_ configuration: StewardConfiguration) -> DailyBudget {
        DailyBudget(
            isRemediation: true, field: "remediationSpentUsd", capUsd: configuration.remediation.budgetCapDailyUsd, clause: remediationClause,
            name: "remediation budget")
    }

    /// The tenant's budget for the actions agents propose: the one set through the API, else the configuration's.
    public static func actions(_ configuration: StewardConfiguration, autonomy: TenantAutonomy) -> DailyBudget {
        DailyBudget(
            isRemediation: false, field: "spentUsd", capUsd: autonomy.dailyBudgetUsd ?? configuration.autonomy.dailyBudgetUsd,
            clause: actionsClause, name: "budget")
    }

    /// The settings that set each cap.
    public static let remediationClause = "remediation.budgetCapDailyUsd", actionsClause = "autonomy.dailyBudgetUsd"
}

extension ActionProposal {
    /// Whether it is a step of a remediation playbook on an agent (decided in the remediation
    /// mode and scope, and paid from the remediation budget).
    public var isRemediationStep: Bool { trigger == .remediation && account == nil }
}
