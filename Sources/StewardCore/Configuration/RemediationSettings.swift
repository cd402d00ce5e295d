/// How Steward heals agents: attempts, SLOs, priorities, budgets, costs, concurrency, learning and
/// risk gates. The defaults are the values of requirements 000 and 001.
public struct RemediationSettings: Sendable, Hashable, Codable {
    /// The feature flag of the remediation loop (`AUTO_REMEDIATE`).
    public var autoRemediate: Bool
    /// Failed attempts before an incident is escalated (`AUTOREM_MAX_ATTEMPTS`).
    public var maxAttempts: Int
    /// The global SLO thresholds.
    public var slo: SLOTargets
    /// Domains from highest to lowest priority, for conflicts (`AUTOREM_PRIORITY`).
    public var priority: [Domain]
    /// The most remediation may spend in one day, in US dollars (`AUTOREM_BUDGET_CAP_DAILY_USD`).
    public var budgetCapDailyUsd: Double
    /// What each primitive action costs.
    public var costs: ActionCosts
    /// What a point of impact is worth per domain, for expected utility.
    public var values: DomainValues
    /// The bounds of the ROI-based concurrency rebalancer.
    public var concurrency: ConcurrencyLimits
    /// The queue SLA the rebalancer defends, in minutes (`AUTOREM_QUEUE_SLA_MIN`).
    public var queueSlaMinutes: Int
    /// Agents with an ROI below this lose slots first (`AUTOREM_ROI_FLOOR`).
    public var roiFloor: Double
    /// The playbook-learning bandit.
    public var bandit: BanditSettings
    /// A risk score at or above this escalates to a person (`AUTOREM_RISK_HITL_THRESHOLD`).
    public var riskHitlThreshold: Double
    /// The daily cap on escalations (`AUTOREM_MAX_ESCALATIONS_PER_DAY`).
    public var maxEscalationsPerDay: Int
    /// The autonomy mode remediation steps are decided in (the tenant's mode governs agents' own proposals).
    public var mode: AutonomyMode
    /// The primitives' action types that may run without a person in autopilot.
    public var autopilotScope: [String]
    /// How long to wait for a fresh signal after a playbook's steps before the attempt is inconclusive, in seconds.
    public var verifyTimeoutSeconds: Int
    /// How long a fix has to show, in seconds: until then a signal that does not meet the success
    /// criteria yet is noted and the wait goes on (one that meets them resolves at once).
    public var verifyGraceSeconds: Int
    /// Minutes after a heal within which a new incident of the same class is a relapse (0: never).
    public var relapseWindowMinutes: Int
    /// Relapses in a row after which the agent is escalated as flapping instead of healed again.
    public var relapseLimit: Int
    /// How signals are accepted.
    public var signals: SignalSettings
    /// Whom escalations are addressed to (`to` of seed 001 §7's payload; the CEO agent by default).
    public var escalateTo = "CEO"

    /// Creates remediation settings.
    public init(
        autoRemediate: Bool, maxAttempts: Int, slo: SLOTargets, priority: [Domain], budgetCapDailyUsd: Double,
        costs: ActionCosts, values: DomainValues, concurrency: ConcurrencyLimits, queueSlaMinutes: Int,
        roiFloor: Double, bandit: BanditSettings, riskHitlThreshold: Double, maxEscalationsPerDay: Int,
        mode: AutonomyMode = .autopilot, autopilotScope: [String] = RemediationSettings.seedScope, verifyTimeoutSeconds: Int = 120,
        verifyGraceSeconds: Int = 60, relapseWindowMinutes: Int = 15, relapseLimit: Int = 3, signals: SignalSettings = .default
    ) {
        self.mode = mode
        self.autopilotScope = autopilotScope
        self.verifyTimeoutSeconds = verifyTimeoutSeconds
        self.verifyGraceSeconds = verifyGraceSeconds
        self.relapseWindowMinutes = relapseWindowMinutes
        self.relapseLimit = relapseLimit
        self.signals = signals
        self.autoRemediate = autoRemediate
        self.maxAttempts = maxAttempts
        self.slo = slo
        self.priority = priority
        self.budgetCapDailyUsd = budgetCapDailyUsd
        self.costs = costs
        self.values = values
        self.concurrency = concurrency
        self.queueSlaMinutes = queueSlaMinutes
        self.roiFloor = roiFloor
        self.bandit = bandit
        self.riskHitlThreshold = riskHitlThreshold
        self.maxEscalationsPerDay = maxEscalationsPerDay
    }

    /// The values of requirements 000 and 001.
    public static let `default` = RemediationSettings(
        autoRemediate: true,
        maxAttempts: 2,
        slo: SLOTargets(success: 0.94, alignment: 0.95, backlogMinutes: 15),
        priority: Domain.seedPriority,
        budgetCapDailyUsd: 25,
        costs: RemediationSettings.defaultCosts,
        values: DomainValues(revenuePoint: 1.0, marketingPoint: 0.3, contentPoint: 0.2),
        concurrency: ConcurrencyLimits(min: 1, max: 8),
        queueSlaMinutes: 15,
        roiFloor: 0.2,
        bandit: BanditSettings(enabled: true, exploration: 0.15, strategy: .epsilonGreedy),
        riskHitlThreshold: 0.8,
        maxEscalationsPerDay: 5
    )
}

/// The global SLO thresholds of requirement 001; an agent below them is degraded.
public struct SLOTargets: Sendable, Hashable, Codable {
    /// The least acceptable success rate, 0...1 (`AUTOREM_SLO_SUCCESS`).
    public var success: Double
    /// The least acceptable alignment, 0...1 (`AUTOREM_SLO_ALIGN`).
    public var alignment: Double
    /// The oldest acceptable backlog, in minutes (`AUTOREM_SLO_BACKLOG_MIN`).
    public var backlogMinutes: Int

    /// Creates SLO targets.
    public init(success: Double, alignment: Double, backlogMinutes: Int) {
        self.success = success
        self.alignment = alignment
        self.backlogMinutes = backlogMinutes
    }
}

/// The cost in US dollars of each primitive action, charged against the daily budget.
public struct ActionCosts: Sendable, Hashable, Codable {
    /// Restarting an agent (`AUTOREM_COST_PER_RESTART`).
    public var restart: Double
    /// Retrying its last task (`AUTOREM_COST_PER_RETRY`).
    public var retry: Double
    /// Moving concurrency slots (`AUTOREM_COST_PER_REBALANCE`).
    public var rebalance: Double
    /// Refetching a source (`AUTOREM_COST_PER_FETCH`).
    public var fetch: Double

    /// Creates action costs.
    public init(restart: Double, retry: Double, rebalance: Double, fetch: Double) {
        self.restart = restart
        self.retry = retry
        self.rebalance = rebalance
        self.fetch = fetch
    }
}

/// What one point of impact is worth in US dollars, per domain (the value weights of expected utility).
public struct DomainValues: Sendable, Hashable, Codable {
    /// A point of CRO impact (`AUTOREM_VALUE_REVENUE_POINT`).
    public var revenuePoint: Double
    /// A point of CMO impact (`AUTOREM_VALUE_MARKETING_POINT`).
    public var marketingPoint: Double
    /// A point of Content impact (`AUTOREM_VALUE_CONTENT_POINT`).
    public var contentPoint: Double

    /// Creates value weights.
    public init(revenuePoint: Double, marketingPoint: Double, contentPoint: Double) {
        self.revenuePoint = revenuePoint
        self.marketingPoint = marketingPoint
        self.contentPoint = contentPoint
    }

}

/// The bounds the concurrency rebalancer keeps every agent's slots within (requirement 000 §3).
public struct ConcurrencyLimits: Sendable, Hashable, Codable {
    /// The fewest slots an agent is left with (`AUTOREM_MIN_CONCURRENCY`).
    public var min: Int
    /// The most slots one agent may hold (`AUTOREM_MAX_CONCURRENCY`).
    public var max: Int

    /// Creates concurrency limits.
    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }
}

/// The epsilon-greedy bandit that learns which playbook works (requirement 000 §5).
public struct BanditSettings: Sendable, Hashable, Codable {
    /// Whether playbooks are chosen by the bandit (`AUTOREM_BANDIT_ENABLED`).
    public var enabled: Bool
    /// Epsilon, the share of choices that explore, 0...1 (`AUTOREM_BANDIT_EXPLORATION`).
    public var exploration: Double
    /// Epsilon-greedy as seed 000 specifies, or Thompson sampling.
    public var strategy: BanditStrategy

    /// Creates bandit settings.
    public init(enabled: Bool, exploration: Double, strategy: BanditStrategy = .epsilonGreedy) {
        self.enabled = enabled
        self.exploration = exploration
        self.strategy = strategy
    }
}

extension RemediationSettings {
    /// The agent primitives autopilot may run: every one that is low-risk, reversible, idempotent and internal.
    public static let seedScope: [String] = ActionType.remediationTypes(costs: RemediationSettings.defaultCosts)
        .filter(\.autopilotEligible).map(\.name)

    static let defaultCosts = ActionCosts(restart: 0.02, retry: 0.005, rebalance: 0.03, fetch: 0.002)
}

/// How `POST /v1/signals` accepts signals.
public struct SignalSettings: Sendable, Hashable, Codable {
    /// How far in the future a signal's `ts` may be, in seconds (clock skew).
    public var maxFutureSkewSeconds: Int
    /// How far in the past a signal's `ts` may be, in seconds: an older report does not describe
    /// the agent now, so it must not open or judge an incident (refused with 422).
    public var maxAgeSeconds: Int
    /// Whether a signal from an undeclared agent registers it (otherwise 422).
    public var autoRegister: Bool
    /// Signals per second one agent may send before it gets 429 (a burst of twice this is allowed).
    public var ratePerAgentPerSecond: Double
    /// How long a signal's directive counts as claimed by its agent, in minutes, for conflicts.
    public var claimWindowMinutes: Int

    /// Creates signal settings.
    public init(
        maxFutureSkewSeconds: Int = 300, maxAgeSeconds: Int = 300, autoRegister: Bool = true, ratePerAgentPerSecond: Double = 50,
        claimWindowMinutes: Int = 10
    ) {
        self.maxFutureSkewSeconds = maxFutureSkewSeconds
        self.maxAgeSeconds = maxAgeSeconds
        self.autoRegister = autoRegister
        self.ratePerAgentPerSecond = ratePerAgentPerSecond
        self.claimWindowMinutes = claimWindowMinutes
    }

    /// Five minutes of skew either way, auto-registration on, 50 signals per second per agent, a ten-minute claim window.
    public static let `default` = SignalSettings()
}
