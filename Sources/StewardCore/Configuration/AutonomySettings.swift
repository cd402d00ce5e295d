/// The autonomy defaults of steward.yaml (seed 003 §5.1): the tenant's mode, the autopilot scope,
/// the tenant's daily budget and each account's daily autonomy budget, the cost gate, and accounts configured up front.
/// Runtime changes go through the API and the ledger; these are the starting values.
public struct AutonomySettings: Sendable, Hashable, Codable {
    /// The mode of every tenant until changed through the API.
    public var mode: AutonomyMode
    /// The action types autopilot may run (seed 002's "command whitelist").
    public var autopilotScope: [String]
    /// Autonomous actions an account may have per day unless it has its own budget.
    public var accountDailyActions: Int
    /// What the actions agents propose may spend per tenant and UTC day, in US dollars
    /// (remediation steps have their own budget, `remediation.budgetCapDailyUsd`).
    public var dailyBudgetUsd: Double
    /// Shares of a daily budget at which the notifier warns (0.8 and 0.95).
    public var budgetWarnings: [Double]
    /// The DecisionCostGate's limits.
    public var costGate: CostGateSettings
    /// Accounts with settings of their own.
    public var accounts: [AccountAutonomy]

    /// Creates autonomy settings.
    public init(
        mode: AutonomyMode = .approve, autopilotScope: [String] = AutonomySettings.seedScope, accountDailyActions: Int = 20,
        dailyBudgetUsd: Double = 25, budgetWarnings: [Double] = [0.8, 0.95], costGate: CostGateSettings = .default, accounts: [AccountAutonomy] = []
    ) {
        self.mode = mode
        self.autopilotScope = autopilotScope
        self.accountDailyActions = accountDailyActions
        self.dailyBudgetUsd = dailyBudgetUsd
        self.budgetWarnings = budgetWarnings
        self.costGate = costGate
        self.accounts = accounts
    }

    /// The low-risk action types of seed 003 §5.4.
    public static let seedScope = ActionType.seedTypes.filter(\.autopilotEligible).map(\.name)

    /// Approve mode, the low-risk seed types in scope, 20 autonomous actions per account per day, $25 a day.
    public static let `default` = AutonomySettings()
}

/// One account's own autonomy settings.
public struct AccountAutonomy: Sendable, Hashable, Codable {
    /// The account's identifier, as proposals name it.
    public var id: String
    /// The tenant it belongs to.
    public var tenant: String
    /// Its mode; nil follows the tenant.
    public var mode: AutonomyMode?
    /// Whether it opted in to scheduled runs.
    public var scheduledOptIn: Bool
    /// Its autonomy budget; nil takes `accountDailyActions`.
    public var dailyActions: Int?

    /// Creates an account's settings.
    public init(id: String, tenant: String = TenantSpec.default.id, mode: AutonomyMode? = nil, scheduledOptIn: Bool = false, dailyActions: Int? = nil) {
        self.id = id
        self.tenant = tenant
        self.mode = mode
        self.scheduledOptIn = scheduledOptIn
        self.dailyActions = dailyActions
    }
}

/// Where Steward sends notifications (budget warnings, escalations, digests).
public struct NotificationSettings: Sendable, Hashable, Codable {
    /// The webhook URL notifications are POSTed to, signed; nil records them in the ledger only.
    public var webhookURL: String?
    /// How long one delivery may take, in milliseconds.
    public var timeoutMilliseconds: Int
    /// The hour (UTC) at which each account's daily digest is made.
    public var digestHourUTC: Int
    /// One alert group pages at most once per this many seconds; repeats fold into the next page.
    public var alertIntervalSeconds: Int

    /// Creates notification settings.
    public init(webhookURL: String? = nil, timeoutMilliseconds: Int = 5_000, digestHourUTC: Int = 18, alertIntervalSeconds: Int = 3_600) {
        self.webhookURL = webhookURL
        self.timeoutMilliseconds = timeoutMilliseconds
        self.digestHourUTC = digestHourUTC
        self.alertIntervalSeconds = alertIntervalSeconds
    }

    /// No webhook; digests at 18:00 UTC.
    public static let `default` = NotificationSettings()
}

extension PolicyRule {
    /// The shipped policy: low-risk internal actions may run on autopilot; external contact and
    /// high-risk actions need a person (the gate enforces that anyway; the rules name it).
    public static let seedPolicy: [PolicyRule] = [
        PolicyRule(
            name: "allow-low-risk-internal", condition: #"action.risk == "low" && !action.external"#, effect: .allow,
            reason: "LOW_RISK_INTERNAL",
            explanation: "Low-risk internal actions may run on autopilot."),
        PolicyRule(
            name: "external-contact-needs-approval", condition: "action.external", effect: .requireApproval,
            reason: "EXTERNAL_CONTACT",
            explanation: "It contacts someone outside the organisation, so a person approves it first."),
        PolicyRule(
            name: "high-risk-needs-approval", condition: #"action.risk == "high""#, effect: .requireApproval,
            reason: "RISK_LEVEL_HIGH",
            explanation: "It changes pipeline, forecast, pricing or discounts, so a person approves it first."),
    ]
}

/// `policy:` of steward.yaml: the gate's rules, in order.
public struct PolicySettings: Sendable, Hashable, Codable {
    /// The rules; a matching enforce `block` overrides any `allow`.
    public var rules: [PolicyRule]

    /// Creates a policy.
    public init(rules: [PolicyRule]) { self.rules = rules }

    /// The shipped rules.
    public static let `default` = PolicySettings(rules: PolicyRule.seedPolicy)
}

extension NotificationSettings {
    private enum CodingKeys: String, CodingKey {
        case webhookURL = "webhookUrl", timeoutMilliseconds = "timeoutMs", digestHourUTC = "digestHourUtc", alertIntervalSeconds
    }
}
