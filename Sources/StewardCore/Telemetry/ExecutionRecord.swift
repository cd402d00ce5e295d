/// One execution of a skill, as its agent reports it (seed 004 §1b.1). Field meanings are in
/// docs/telemetry.md; on the wire every field is snake_case, as in the seed.
public struct SkillExecution: Sendable, Hashable {
    // Identity
    /// Unique per execution; a record whose id was already stored is not stored again.
    public var executionID: String
    /// The skill that ran.
    public var skillName: String
    /// Its version.
    public var skillVersion: String
    /// The orchestrator's version, when one ran the skill.
    public var orchestratorVersion: String?
    /// When the execution started and ended.
    public var start: Timestamp
    public var end: Timestamp
    /// Who triggered it: "human" or a system or agent name.
    public var operatorName: String?
    /// local, staging, prod, ...
    public var environment: String?

    // Reliability
    /// Whether it succeeded; `execution_failed` on the wire is always its opposite.
    public var succeeded: Bool
    /// Security, Auth, Network, Timeout or Logic.
    public var errorCategory: ErrorCategory?
    public var errorCode: Int64?
    public var errorReason: String?

    // Performance
    /// Time the skill reports it took, and the wall clock time around it.
    public var totalLatencyMs: Int64
    public var wallClockTimeMs: Int64?

    // Cost
    public var tokensUsed: Int64
    public var tokensInput: Int64
    public var tokensOutput: Int64
    /// nil when it could not be known (tokens used with no price for the model): never a silent 0.
    public var costUSD: Double?
    public var costTier: CostTier?
    /// Where the cost came from.
    public var costSource: CostSource
    /// The provider and model the tokens went to, for pricing and quotas.
    public var provider: String?
    public var model: String?

    // Quota
    public var freeTierQuotaUsedToday: Int64?
    public var freeTierQuotaRemaining: Int64?
    /// Percent (0...100) of the day's free-tier quota used after this execution.
    public var freeTierQuotaPctUsed: Double?

    // Quality
    public var outputCorrect: Bool?
    /// 0...1.
    public var confidenceScore: Double?
    /// APPROVE, BLOCK, ...
    public var decisionMade: String?

    // Metadata
    /// SHA-256 (hex) of the input and the output.
    public var inputHash: String?
    public var outputHash: String?
    /// "orchestrator -> rules-engine -> auth-validator -> execution".
    public var skillPathInDAG: String?
    /// SHA-256 (hex) of the skill's code as it ran (seed 004 §2a.3).
    public var skillFingerprint: String?

    /// The categories of seed 004.
    public enum ErrorCategory: String, Sendable, Hashable, CaseIterable { case Security, Auth, Network, Timeout, Logic }

    /// Price tiers.
    public enum CostTier: String, Sendable, Hashable, CaseIterable { case Free, Standard, Premium }

    /// How `costUSD` was obtained.
    public enum CostSource: String, Sendable, Hashable, CaseIterable {
        /// Sent by the agent.
        case reported
        /// Computed at ingest from tokens and the price valid at the start of the execution.
        case priced
        /// No tokens and no cost sent: a non-LLM execution costs nothing.
        case none
        /// Tokens were used but no price applies: the cost is unknown.
        case unknown
    }

    /// A record with the mandatory fields; the rest start empty.
    public init(
        executionID: String, skillName: String, skillVersion: String, start: Timestamp, end: Timestamp, succeeded: Bool,
        totalLatencyMs: Int64
    ) {
        self.executionID = executionID
        self.skillName = skillName
        self.skillVersion = skillVersion
        self.start = start
        self.end = end
        self.succeeded = succeeded
        self.totalLatencyMs = totalLatencyMs
        tokensUsed = 0
        tokensInput = 0
        tokensOutput = 0
        costUSD = 0
        costSource = .none
    }
}

extension SkillExecution {
    /// The record on the wire: every field, snake_case, `null` where nothing is known.
    public var json: JSONValue {
        func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        func int(_ i: Int64?) -> JSONValue { i.map(JSONValue.int) ?? .null }
        func number(_ d: Double?) -> JSONValue { d.map(JSONValue.double) ?? .null }
        func flag(_ b: Bool?) -> JSONValue { b.map(JSONValue.bool) ?? .null }
        return .object([
            "execution_id": .string(executionID), "skill_name": .string(skillName), "skill_version": .string(skillVersion),
            "orchestrator_version": text(orchestratorVersion), "timestamp_start": .string(start.rfc3339),
            "timestamp_end": .string(end.rfc3339), "operator": text(operatorName), "environment": text(environment),
            "execution_succeeded": .bool(succeeded), "execution_failed": .bool(!succeeded),
            "error_category": text(errorCategory?.rawValue), "error_code": int(errorCode), "error_reason": text(errorReason),
            "total_latency_ms": .int(totalLatencyMs), "wall_clock_time_ms": int(wallClockTimeMs),
            "tokens_used": .int(tokensUsed), "tokens_input": .int(tokensInput), "tokens_output": .int(tokensOutput),
            "cost_usd": number(costUSD), "cost_tier": text(costTier?.rawValue), "cost_source": .string(costSource.rawValue),
            "provider": text(provider), "model": text(model),
            "free_tier_quota_used_today": int(freeTierQuotaUsedToday), "free_tier_quota_remaining": int(freeTierQuotaRemaining),
            "free_tier_quota_pct_used": number(freeTierQuotaPctUsed),
            "output_correct": flag(outputCorrect), "confidence_score": number(confidenceScore), "decision_made": text(decisionMade),
            "input_hash": text(inputHash), "output_hash": text(outputHash), "skill_path_in_dag": text(skillPathInDAG),
            "skill_fingerprint": text(skillFingerprint),
        ])
    }

    /// Every field name on the wire, in the order of the seed (the CSV columns).
    public static let fieldNames = [
        "execution_id", "skill_name", "skill_version", "orchestrator_version", "timestamp_start", "timestamp_end", "operator",
        "environment", "execution_succeeded", "execution_failed", "error_category", "error_code", "error_reason",
        "total_latency_ms", "wall_clock_time_ms", "tokens_used", "tokens_input", "tokens_output", "cost_usd", "cost_tier",
        "cost_source", "provider", "model", "free_tier_quota_used_today", "free_tier_quota_remaining",
        "free_tier_quota_pct_used", "output_correct", "confidence_score", "decision_made", "input_hash", "output_hash",
        "skill_path_in_dag", "skill_fingerprint",
    ]
}
