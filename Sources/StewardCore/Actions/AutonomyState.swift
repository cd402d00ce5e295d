/// The autonomy settings in force for one proposal: the tenant's default, the account's own.
public struct AutonomyState: Sendable, Hashable, Codable {
    /// The tenant's default mode.
    public var tenantMode: AutonomyMode
    /// The account's mode, when it has its own.
    public var accountMode: AutonomyMode?
    /// Whether the account explicitly opted in to scheduled (time- or event-triggered) runs.
    public var scheduledOptIn: Bool
    /// The action types autopilot may run (the "command whitelist" of seed 002).
    public var autopilotScope: Set<String>
    /// The tenant's autonomy level, which caps the mode (nil: none set; the tenant mode's level holds).
    public var level: AutonomyLevel?
    /// The UTC day autopilot acted for the account whose digest has not yet told the account all
    /// of it (seed 003 mode 4: the digest is a gate); nil when none is owed. Read for scheduled
    /// and event-triggered runs only.
    public var digestOwed: String?

    /// Creates an autonomy state.
    public init(
        tenantMode: AutonomyMode, accountMode: AutonomyMode? = nil, scheduledOptIn: Bool = false,
        autopilotScope: Set<String> = [], level: AutonomyLevel? = nil, digestOwed: String? = nil
    ) {
        self.tenantMode = tenantMode
        self.accountMode = accountMode
        self.scheduledOptIn = scheduledOptIn
        self.autopilotScope = autopilotScope
        self.level = level
        self.digestOwed = digestOwed
    }

    /// The mode that applies: the account's if it has one, else the tenant's.
    public var effectiveMode: AutonomyMode { accountMode ?? tenantMode }

    /// The level the gate holds to: the one set, else the level of the tenant's mode — the level
    /// `GET /v1/governance/level` reports — so an account's own mode never goes beyond it.
    public var levelInForce: AutonomyLevel { level ?? AutonomyLevel(mode: tenantMode) }

    private enum CodingKeys: String, CodingKey {
        case tenantMode, accountMode, scheduledOptIn, autopilotScope, level, digestOwed
    }

    /// Encodes the scope sorted, so the same state always gives the same ledger bytes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tenantMode, forKey: .tenantMode)
        try c.encodeIfPresent(accountMode, forKey: .accountMode)
        try c.encode(scheduledOptIn, forKey: .scheduledOptIn)
        try c.encode(autopilotScope.sorted(), forKey: .autopilotScope)
        try c.encodeIfPresent(level, forKey: .level)
        try c.encodeIfPresent(digestOwed, forKey: .digestOwed)
    }
}

/// What has been spent today, as the gate sees it.
public struct BudgetState: Sendable, Hashable, Codable {
    /// US dollars the tenant spent today.
    public var tenantSpentUsd: Double
    /// The tenant's daily cap, in US dollars.
    public var tenantCapUsd: Double
    /// Actions that ran autonomously today for the account.
    public var accountAutonomousActions: Int
    /// The account's autonomy budget: autonomous actions per day.
    public var accountDailyLimit: Int
    /// True when the account has its own limit (`autonomy.accounts.<id>.dailyActions`) rather than
    /// the tenant's `accountDailyActions`; nil in inputs recorded before this was kept.
    public var accountLimitIsOwn: Bool?

    /// Creates a budget state.
    public init(
        tenantSpentUsd: Double, tenantCapUsd: Double, accountAutonomousActions: Int, accountDailyLimit: Int, accountLimitIsOwn: Bool? = nil
    ) {
        self.tenantSpentUsd = tenantSpentUsd
        self.tenantCapUsd = tenantCapUsd
        self.accountAutonomousActions = accountAutonomousActions
        self.accountDailyLimit = accountDailyLimit
        self.accountLimitIsOwn = accountLimitIsOwn
    }

    /// US dollars left today (never negative).
    public var tenantRemainingUsd: Double { max(0, tenantCapUsd - tenantSpentUsd) }
}

/// A circuit breaker that is open, and what it holds back; or a skill's hold, which the gate weighs
/// as a breaker that sends actions to a person but names as what it is (``heldSkill``).
public struct OpenBreaker: Sendable, Hashable, Codable {
    /// The breaker's name (`skill:<name>` for a skill's hold).
    public var name: String
    /// The action types it applies to; empty means all.
    public var actionTypes: Set<String>
    /// The agents it applies to; empty means all.
    public var agents: Set<String>
    /// Whether it blocks matching actions outright rather than sending them to a person.
    public var blocks: Bool
    /// Why it tripped, for the explanation.
    public var reason: String
    /// The skill whose hold this is, when it is no breaker but a skill's hold (`GET /v1/skills`);
    /// nil for a breaker (`GET /v1/breakers`).
    public var heldSkill: String?

    /// Creates an open breaker.
    public init(name: String, actionTypes: Set<String> = [], agents: Set<String> = [], blocks: Bool = false, reason: String) {
        self.name = name
        self.actionTypes = actionTypes
        self.agents = agents
        self.blocks = blocks
        self.reason = reason
    }

    /// What the gate weighs for the holds of `skill`: an open breaker in effect (a person decides),
    /// named as the hold it is.
    public static func hold(skill: String, reason: String) -> OpenBreaker {
        var hold = OpenBreaker(name: "skill:\(skill)", reason: reason)
        hold.heldSkill = skill
        return hold
    }

    /// Whether it holds back this proposal. One that names no action types holds back what agents
    /// propose, the executions its windows count; remediation steps (never counted, and what heals
    /// the agents whose failures tripped it) are held only by a breaker that names their type.
    public func applies(to proposal: ActionProposal) -> Bool {
        let covered = actionTypes.isEmpty ? !proposal.isRemediationStep : actionTypes.contains(proposal.type)
        return covered && (agents.isEmpty || agents.contains(proposal.agent))
    }

    private enum CodingKeys: String, CodingKey {
        case name, actionTypes, agents, blocks, reason, heldSkill
    }

    /// Encodes the sets sorted, so the same breaker always gives the same ledger bytes; a breaker's
    /// bytes are as they were before holds were told apart (`heldSkill` only on a hold).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(actionTypes.sorted(), forKey: .actionTypes)
        try c.encode(agents.sorted(), forKey: .agents)
        try c.encode(blocks, forKey: .blocks)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(heldSkill, forKey: .heldSkill)
    }
}

/// The kill switch: while engaged, nothing runs without a person.
public struct KillSwitchState: Sendable, Hashable, Codable {
    /// Whether it is engaged.
    public var engaged: Bool
    /// Why, as the person who engaged it wrote.
    public var reason: String?
    /// Who engaged it.
    public var by: String?
    /// When.
    public var since: Timestamp?

    /// Creates a kill-switch state.
    public init(engaged: Bool, reason: String? = nil, by: String? = nil, since: Timestamp? = nil) {
        self.engaged = engaged
        self.reason = reason
        self.by = by
        self.since = since
    }

    /// Released.
    public static let released = KillSwitchState(engaged: false)
}

/// The tenant's service tier: it scales the cost gate's patience.
public enum TenantTier: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fewest decision runs.
    case free
    /// The defaults.
    case standard
    /// Most decision runs.
    case enterprise
}

/// What the cost gate looks at besides the budget: recency and saturation.
public struct DecisionActivity: Sendable, Hashable, Codable {
    /// When a decision was last made for the account.
    public var lastDecisionAt: Timestamp?
    /// The account's actions still open (waiting for a person, deferred or executing).
    public var openActions: Int
    /// The tenant's tier.
    public var tier: TenantTier
    /// Escalations that paged a person today.
    public var escalationsToday: Int

    /// Creates a record of activity.
    public init(lastDecisionAt: Timestamp? = nil, openActions: Int = 0, tier: TenantTier = .standard, escalationsToday: Int = 0) {
        self.lastDecisionAt = lastDecisionAt
        self.openActions = openActions
        self.tier = tier
        self.escalationsToday = escalationsToday
    }
}
