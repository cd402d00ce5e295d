/// Where the action spine keeps its state rows: one place that names every collection and id, so
/// the engine, the API and replay agree on them.
public enum SpineRows {
    /// Actions by id (status and account indexed).
    public static let actions = "actions"
    /// The tenant's autonomy (`tenant`) and accounts' own (`account:<id>`).
    public static let autonomy = "autonomy"
    /// Daily counters: the tenant's spending and escalations, accounts' autonomous actions.
    public static let daily = "daily"
    /// Running counters per account: open actions, the last decision.
    public static let counters = "counters"
    /// Learned success statistics per (action type, agent).
    public static let stats = "action_stats"
    /// Stored daily digests, by `<account>/<date>`.
    public static let digests = "digests"
    /// One small row per action, by action id, with its status and its agent as `ref`: the index
    /// through which an agent's actions are listed (the action rows index the account).
    public static let actionAgents = "action_agents"
    /// Markers of one-time work done on the stored state, by name.
    public static let maintenance = "spine_maintenance"

    /// The field of an account's day row that holds when its last autonomous action ran (ms).
    public static let lastAutonomousAt = "lastAt"

    /// The tenant's autonomy row.
    public static let tenantAutonomy = "tenant"
    /// An account's autonomy row.
    public static func accountAutonomy(_ account: String) -> String { "account:\(account)" }
    /// The tenant's counters for a UTC day.
    public static func tenantDay(_ day: String) -> String { "tenant:\(day)" }
    /// An account's counters for a UTC day.
    public static func accountDay(_ account: String, _ day: String) -> String { "account:\(account):\(day)" }
    /// An account's running counters.
    public static func account(_ account: String) -> String { "account:\(account)" }
    /// An account's stored digest of a UTC day.
    public static func digest(_ account: String, _ day: String) -> String { "\(account)/\(day)" }
    /// The statistics row of an action type proposed by an agent.
    public static func stats(type: String, agent: String) -> String { "\(type)|\(agent)" }
}

/// The tenant's autonomy as the API changed it (absent: the configuration's defaults).
public struct TenantAutonomy: Sendable, Hashable, Codable {
    /// The default mode of the tenant's accounts.
    public var mode: AutonomyMode
    /// The action types autopilot may run.
    public var autopilotScope: [String]
    /// The kill switch.
    public var killSwitch: KillSwitchState
    /// Autonomous actions per account per day, unless an account has its own.
    public var accountDailyActions: Int
    /// The autonomy level set by approved proposals (nil: the level of the mode, no cap).
    public var level: AutonomyLevel?
    /// The daily USD budget of agents' actions as the API set it (nil: `autonomy.dailyBudgetUsd`).
    public var dailyBudgetUsd: Double?

    /// Creates a tenant's autonomy.
    public init(
        mode: AutonomyMode, autopilotScope: [String], killSwitch: KillSwitchState = .released, accountDailyActions: Int,
        level: AutonomyLevel? = nil, dailyBudgetUsd: Double? = nil
    ) {
        self.mode = mode
        self.autopilotScope = autopilotScope
        self.killSwitch = killSwitch
        self.accountDailyActions = accountDailyActions
        self.level = level
        self.dailyBudgetUsd = dailyBudgetUsd
    }

    /// The level in force, before breakers: the one set, or the mode's.
    public var effectiveLevel: AutonomyLevel { level ?? AutonomyLevel(mode: mode) }
}
