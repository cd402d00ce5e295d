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
    /// The routing strategy the execution followed (`GET /v1/route` names it), for experiments
    /// and per-strategy metrics.
    public var routingStrategy: String?

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
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(Self.fieldNames.count)
        for (name, value) in zip(Self.fieldNames, values) { object[name] = value }
        return .object(object)
    }

    /// ``json`` in canonical form (RFC 8785), written straight from the fields: the stored body.
    public func canonicalBody() throws(CanonicalJSONError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1_024)
        out.append(UInt8(ascii: "{"))
        let members = Self.canonicalMembers
        var from = 0
        for (field, end) in zip(members.order, members.keyEnds) {
            out.append(contentsOf: members.keys[from..<end])
            from = end
            try write(field, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes `field` as ``values`` holds it, without building the value (ingest writes a body
    /// per record; `CanonicalBodyTests` holds the two to each other).
    private func write(_ field: Field, into out: inout [UInt8]) throws(CanonicalJSONError) {
        func text(_ s: String?) {
            if let s { CanonicalJSON.writeString(s, into: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func int(_ i: Int64?) {
            if let i { CanonicalJSON.writeInt(i, into: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func number(_ d: Double?) throws(CanonicalJSONError) {
            if let d { try CanonicalJSON.writeDouble(d, into: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func moment(_ t: Timestamp) {
            out.append(UInt8(ascii: "\""))
            t.writeRFC3339(into: &out)
            out.append(UInt8(ascii: "\""))
        }
        func flag(_ b: Bool?) {
            out.append(contentsOf: (b.map { $0 ? "true" : "false" } ?? "null").utf8)
        }
        switch field {
        case .executionID: text(executionID)
        case .skillName: text(skillName)
        case .skillVersion: text(skillVersion)
        case .orchestratorVersion: text(orchestratorVersion)
        case .timestampStart: moment(start)
        case .timestampEnd: moment(end)
        case .operatorName: text(operatorName)
        case .environment: text(environment)
        case .executionSucceeded: flag(succeeded)
        case .executionFailed: flag(!succeeded)
        case .errorCategory: text(errorCategory?.rawValue)
        case .errorCode: int(errorCode)
        case .errorReason: text(errorReason)
        case .totalLatencyMs: int(totalLatencyMs)
        case .wallClockTimeMs: int(wallClockTimeMs)
        case .tokensUsed: int(tokensUsed)
        case .tokensInput: int(tokensInput)
        case .tokensOutput: int(tokensOutput)
        case .costUSD: try number(costUSD)
        case .costTier: text(costTier?.rawValue)
        case .costSource: text(costSource.rawValue)
        case .provider: text(provider)
        case .model: text(model)
        case .freeTierQuotaUsedToday: int(freeTierQuotaUsedToday)
        case .freeTierQuotaRemaining: int(freeTierQuotaRemaining)
        case .freeTierQuotaPctUsed: try number(freeTierQuotaPctUsed)
        case .outputCorrect: flag(outputCorrect)
        case .confidenceScore: try number(confidenceScore)
        case .decisionMade: text(decisionMade)
        case .inputHash: text(inputHash)
        case .outputHash: text(outputHash)
        case .skillPathInDAG: text(skillPathInDAG)
        case .skillFingerprint: text(skillFingerprint)
        case .routingStrategy: text(routingStrategy)
        }
    }

    /// The fields in canonical key order, and each member's start written out one after another
    /// (`"name":`, after a comma but for the first), with where each start ends in `keys`.
    static let canonicalMembers: (order: [Field], keys: [UInt8], keyEnds: [Int]) = {
        let order = Field.allCases.sorted { CanonicalJSON.utf16Less($0.name, $1.name) }
        var keys: [UInt8] = []
        var ends: [Int] = []
        for (position, field) in order.enumerated() {
            if position > 0 { keys.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(field.name, into: &keys)
            keys.append(UInt8(ascii: ":"))
            ends.append(keys.count)
        }
        return (order, keys, ends)
    }()

    /// The value of each field, in the order of ``fieldNames``.
    var values: [JSONValue] {
        func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        func int(_ i: Int64?) -> JSONValue { i.map(JSONValue.int) ?? .null }
        func number(_ d: Double?) -> JSONValue { d.map(JSONValue.double) ?? .null }
        func flag(_ b: Bool?) -> JSONValue { b.map(JSONValue.bool) ?? .null }
        return [
            .string(executionID), .string(skillName), .string(skillVersion), text(orchestratorVersion), .string(start.rfc3339),
            .string(end.rfc3339), text(operatorName), text(environment), .bool(succeeded), .bool(!succeeded),
            text(errorCategory?.rawValue), int(errorCode), text(errorReason), .int(totalLatencyMs), int(wallClockTimeMs),
            .int(tokensUsed), .int(tokensInput), .int(tokensOutput), number(costUSD), text(costTier?.rawValue), .string(costSource.rawValue),
            text(provider), text(model), int(freeTierQuotaUsedToday), int(freeTierQuotaRemaining), number(freeTierQuotaPctUsed),
            flag(outputCorrect), number(confidenceScore), text(decisionMade), text(inputHash), text(outputHash), text(skillPathInDAG),
            text(skillFingerprint), text(routingStrategy),
        ]
    }

    /// Every field name on the wire, in the order of the seed (the CSV columns).
    public static let fieldNames = [
        "execution_id", "skill_name", "skill_version", "orchestrator_version", "timestamp_start", "timestamp_end", "operator",
        "environment", "execution_succeeded", "execution_failed", "error_category", "error_code", "error_reason",
        "total_latency_ms", "wall_clock_time_ms", "tokens_used", "tokens_input", "tokens_output", "cost_usd", "cost_tier",
        "cost_source", "provider", "model", "free_tier_quota_used_today", "free_tier_quota_remaining",
        "free_tier_quota_pct_used", "output_correct", "confidence_score", "decision_made", "input_hash", "output_hash",
        "skill_path_in_dag", "skill_fingerprint", "routing_strategy",
    ]
}
