/// An execution record as stored: its canonical JSON and the columns baselines and filters read.
/// Execution rows are append-only; a commit carrying a row whose (tenant, id) exists is refused.
public struct ExecutionRow: Sendable, Hashable {
    public var tenant: String
    public var id: String
    public var skill: String
    public var startMs: Int64
    public var endMs: Int64
    public var succeeded: Bool
    public var latencyMs: Int64
    /// nil when the cost is unknown.
    public var costUSD: Double?
    public var tokens: Int64
    public var quotaPct: Double?
    /// The cost tier, when known.
    public var tier: String?
    /// The record's canonical JSON (every field, as ``SkillExecution/json``).
    public var body: String

    /// A row for `record` of `tenant`, whose canonical JSON is `body`.
    public init(tenant: String, record: SkillExecution, body: String) {
        self.tenant = tenant
        id = record.executionID
        skill = record.skillName
        startMs = record.start.millisecondsSinceEpoch
        endMs = record.end.millisecondsSinceEpoch
        succeeded = record.succeeded
        latencyMs = record.totalLatencyMs
        costUSD = record.costUSD
        tokens = record.tokensUsed
        quotaPct = record.freeTierQuotaPctUsed
        tier = record.costTier?.rawValue
        self.body = body
    }
}

/// Which execution records to read, oldest stored first.
public struct ExecutionQuery: Sendable, Hashable {
    /// Only rows stored after this position (the page cursor); 0 from the start.
    public var after: Int64
    /// Only this skill.
    public var skill: String?
    /// Only executions starting at or after `from` and before `to`.
    public var from: Timestamp?
    public var to: Timestamp?
    /// Only successes (true) or failures (false).
    public var succeeded: Bool?
    /// The most rows to return.
    public var limit: Int

    /// A query.
    public init(after: Int64 = 0, skill: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil, succeeded: Bool? = nil, limit: Int = 100) {
        self.after = after
        self.skill = skill
        self.from = from
        self.to = to
        self.succeeded = succeeded
        self.limit = limit
    }
}

/// A page of stored execution records.
public struct ExecutionPage: Sendable {
    /// Each row's position and canonical JSON, in storage order.
    public var rows: [(position: Int64, body: String)]
    /// The cursor for the next page, nil when this is the last.
    public var next: Int64?

    public init(rows: [(position: Int64, body: String)], next: Int64?) {
        self.rows = rows
        self.next = next
    }
}

/// The columns of one skill's executions over a period, for baselines: one array per column,
/// in no particular order.
public struct ExecutionSamples: Sendable, Hashable {
    public var succeeded: [Bool] = []
    public var latencyMs: [Int64] = []
    /// Known costs only.
    public var costUSD: [Double] = []
    public var tokens: [Int64] = []
    /// Quota percent per token, for executions that used tokens and reported a quota.
    public var quotaPctPerToken: [Double] = []
    /// Executions per cost tier ("unknown" when none was known).
    public var tiers: [String: Int] = [:]

    public init() {}

    /// How many executions.
    public var count: Int { succeeded.count }
}

/// One stored execution's columns for analyses (insights, strategies, experiments): no body.
public struct ExecutionFact: Sendable, Hashable {
    public var skill: String
    /// The routing strategy the execution followed, when it said.
    public var strategy: String?
    /// The provider its tokens went to, when it said.
    public var provider: String?
    public var startMs: Int64
    public var endMs: Int64
    public var succeeded: Bool
    public var latencyMs: Int64
    /// nil when the cost is unknown.
    public var costUSD: Double?
    /// The cost tier, when known.
    public var tier: String?
    public var quotaPct: Double?
    public var quotaRemaining: Int64?
    /// Tokens used (0 when none were reported).
    public var tokens: Int64

    /// A fact.
    public init(
        skill: String, strategy: String? = nil, provider: String? = nil, startMs: Int64, endMs: Int64, succeeded: Bool, latencyMs: Int64,
        costUSD: Double? = nil, tier: String? = nil, quotaPct: Double? = nil, quotaRemaining: Int64? = nil, tokens: Int64 = 0
    ) {
        self.tokens = tokens
        self.skill = skill
        self.strategy = strategy
        self.provider = provider
        self.startMs = startMs
        self.endMs = endMs
        self.succeeded = succeeded
        self.latencyMs = latencyMs
        self.costUSD = costUSD
        self.tier = tier
        self.quotaPct = quotaPct
        self.quotaRemaining = quotaRemaining
    }
}
