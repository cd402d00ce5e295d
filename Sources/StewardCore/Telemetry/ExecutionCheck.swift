/// Reads an execution record from JSON, checking every field. A record with a problem is refused
/// alone (its batch keeps the good ones); a missing price is a warning, and the cost is then unknown.
public enum ExecutionCheck {
    /// What reading one record gave: the record and its warnings, or its problems.
    public enum Outcome: Sendable {
        case accepted(SkillExecution, warnings: [FieldProblem])
        case refused([FieldProblem])
    }

    /// The record in `json`.
    ///
    /// - Parameters:
    ///   - now: the server's time; a record ending more than `maxFutureSkewSeconds` after it is refused.
    ///   - prices: prices the cost of records that sent tokens but no cost.
    public static func read(_ json: JSONValue, now: Timestamp, maxFutureSkewSeconds: Int, prices: PriceTable) -> Outcome {
        switch fields(of: json) {
        case .success(let fields): read(fields, now: now, maxFutureSkewSeconds: maxFutureSkewSeconds, prices: prices)
        case .failure(let problem): .refused([problem])
        }
    }

    /// A parsed record's members in the slots of ``SkillExecution/fieldTable``, or the problem of
    /// a value that is not an object.
    public static func fields(of json: JSONValue) -> Result<JSONSlots, FieldProblem> {
        guard case .object(let members) = json else { return .failure(notAnObject) }
        return .success(JSONSlots(members, names: SkillExecution.fieldTable))
    }

    /// The problem of a record that is not a JSON object.
    public static let notAnObject = FieldProblem(field: "", reason: "must be a JSON object (an execution record)")

    /// The record whose members are `fields` (read into the slots of ``SkillExecution/fieldTable``).
    public static func read(_ fields: JSONSlots, now: Timestamp, maxFutureSkewSeconds: Int, prices: PriceTable) -> Outcome {
        var p = FieldChecks(record: "an execution record")
        func field(_ name: SkillExecution.Field) -> JSONValue? { fields.values[name.rawValue] }
        let id = p.name(field(.executionID), "execution_id", required: true) ?? ""
        let skill = p.name(field(.skillName), "skill_name", required: true) ?? ""
        let version = p.name(field(.skillVersion), "skill_version", required: true) ?? ""
        let start = p.moment(field(.timestampStart), "timestamp_start", required: true)
        let end = p.moment(field(.timestampEnd), "timestamp_end", required: true)
        if let start, let end, end < start {
            p.add("timestamp_end", "is before timestamp_start (\(end.rfc3339) < \(start.rfc3339))")
        }
        if let end, end.milliseconds(since: now) > Int64(maxFutureSkewSeconds) * 1000 {
            p.add("timestamp_end", "is \(end.milliseconds(since: now) / 1000) s in the future; at most \(maxFutureSkewSeconds) s of clock skew is accepted")
        }
        let succeededValue = field(.executionSucceeded)
        let succeeded = p.flag(succeededValue, "execution_succeeded")
        if succeeded == nil && (succeededValue == nil || succeededValue == .null) {
            p.add("execution_succeeded", "is required: true or false")
        }
        if let failed = p.flag(field(.executionFailed), "execution_failed"), let succeeded, failed == succeeded {
            p.add("execution_failed", "must be the opposite of execution_succeeded")
        }
        let latency = p.whole(field(.totalLatencyMs), "total_latency_ms", required: true, max: Self.maxDurationMs)
        var record = SkillExecution(
            executionID: id, skillName: skill, skillVersion: version, start: start ?? now, end: end ?? now,
            succeeded: succeeded ?? false, totalLatencyMs: latency ?? 0)
        record.orchestratorVersion = p.name(field(.orchestratorVersion), "orchestrator_version", required: false)
        record.operatorName = p.name(field(.operatorName), "operator", required: false)
        record.environment = p.name(field(.environment), "environment", required: false)
        record.errorCategory = p.choice(field(.errorCategory), "error_category", SkillExecution.ErrorCategory.self, required: false)
        record.errorCode = p.integer(field(.errorCode), "error_code")
        record.errorReason = p.text(field(.errorReason), "error_reason", limit: 4_096)
        record.wallClockTimeMs = p.whole(field(.wallClockTimeMs), "wall_clock_time_ms", required: false, max: Self.maxDurationMs)
        let input = p.whole(field(.tokensInput), "tokens_input", required: false)
        let output = p.whole(field(.tokensOutput), "tokens_output", required: false)
        let used = p.whole(field(.tokensUsed), "tokens_used", required: false)
        record.tokensInput = input ?? 0
        record.tokensOutput = output ?? 0
        record.tokensUsed = used ?? (record.tokensInput + record.tokensOutput)
        if let used, used < record.tokensInput + record.tokensOutput {
            p.add("tokens_used", "is \(used), less than tokens_input + tokens_output (\(record.tokensInput + record.tokensOutput))")
        }
        record.provider = p.name(field(.provider), "provider", required: false)
        record.model = p.name(field(.model), "model", required: false)
        record.freeTierQuotaUsedToday = p.whole(field(.freeTierQuotaUsedToday), "free_tier_quota_used_today", required: false)
        record.freeTierQuotaRemaining = p.whole(field(.freeTierQuotaRemaining), "free_tier_quota_remaining", required: false)
        record.freeTierQuotaPctUsed = p.number(field(.freeTierQuotaPctUsed), "free_tier_quota_pct_used", in: 0...100, required: false)
        record.outputCorrect = p.flag(field(.outputCorrect), "output_correct")
        record.confidenceScore = p.number(field(.confidenceScore), "confidence_score", in: 0...1, required: false)
        record.decisionMade = p.name(field(.decisionMade), "decision_made", required: false)
        record.inputHash = p.sha256(field(.inputHash), "input_hash")
        record.outputHash = p.sha256(field(.outputHash), "output_hash")
        record.skillPathInDAG = p.text(field(.skillPathInDAG), "skill_path_in_dag", limit: 1_024)
        record.skillFingerprint = p.sha256(field(.skillFingerprint), "skill_fingerprint")
        record.routingStrategy = p.name(field(.routingStrategy), "routing_strategy", required: false)
        let tier = p.choice(field(.costTier), "cost_tier", SkillExecution.CostTier.self, required: false)
        let cost = p.number(field(.costUSD), "cost_usd", in: 0...maxCostUSD, required: false)
        let source = p.choice(field(.costSource), "cost_source", SkillExecution.CostSource.self, required: false)
        if !fields.others.isEmpty {
            var unknown = FieldChecks(record: p.record)
            unknown.unknown(fields.others, allowed: allowed, prefix: "")
            p.list.insert(contentsOf: unknown.list, at: 0)
        }
        guard p.list.isEmpty else { return .refused(p.list) }
        var warnings = consistencyWarnings(record)
        price(&record, cost: cost, tier: tier, source: source, prices: prices, problems: &p.list, warnings: &warnings)
        guard p.list.isEmpty else { return .refused(p.list) }
        return .accepted(record, warnings: warnings)
    }

    /// Fields that contradict each other, said back so a buggy agent is noticed; the record is
    /// stored as sent.
    static func consistencyWarnings(_ record: SkillExecution) -> [FieldProblem] {
        var warnings: [FieldProblem] = []
        if record.succeeded, record.errorCategory != nil {
            warnings.append(FieldProblem(field: "error_category", reason: "is set on a successful execution (execution_succeeded is true)"))
        }
        return warnings
    }

    /// Fills the cost: as sent, else from the price valid at the start, else 0 for a record with
    /// no tokens; tokens with no price leave it unknown, with a warning. A `cost_source` sent back
    /// (a re-ingested export) is kept when it fits the record, so a round trip changes nothing even
    /// after the prices changed; one that contradicts it (`priced` without a provider and model or
    /// the Free tier, `none` with a cost or tokens, `unknown` beside a cost) is replaced by
    /// `reported`, with a warning, and an `unknown` that today's prices could price is kept with one.
    static func price(
        _ record: inout SkillExecution, cost: Double?, tier: SkillExecution.CostTier?, source: SkillExecution.CostSource?,
        prices: PriceTable, problems: inout [FieldProblem], warnings: inout [FieldProblem]
    ) {
        let listed = record.provider.flatMap { provider in record.model.flatMap { prices.price(provider: provider, model: $0, at: record.start) } }
        record.costTier = tier ?? listed?.tier
        let priceable = listed != nil || record.costTier == .Free
        // What an export of a priced record always holds, whatever the prices are today.
        let pricedShape = (record.provider != nil && record.model != nil) || record.costTier == .Free
        func replaced(_ claimed: SkillExecution.CostSource, by actual: SkillExecution.CostSource, _ why: String) {
            warnings.append(FieldProblem(field: "cost_source", reason: "is \(claimed.rawValue) but \(why): recorded as \(actual.rawValue)"))
        }
        if let cost {
            if record.costTier == .Free && cost > 0 {
                problems.append(FieldProblem(field: "cost_usd", reason: "is \(cost) but cost_tier is Free: a free-tier execution costs 0"))
            }
            record.costUSD = cost
            record.costSource = .reported
            switch source {
            case nil, .reported?: break
            case .priced? where pricedShape: record.costSource = .priced
            case .priced?: replaced(.priced, by: .reported, "the record names no provider and model to price")
            case .none? where cost == 0 && record.tokensUsed == 0: record.costSource = .none
            case .none?: replaced(.none, by: .reported, "it has a cost or tokens")
            case .unknown?: replaced(.unknown, by: .reported, "cost_usd is given")
            }
            return
        }
        if source == .unknown {
            record.costUSD = nil
            record.costSource = .unknown
            if priceable {
                warnings.append(FieldProblem(
                    field: "cost_source", reason: "is unknown although telemetry.pricing prices this record: its cost is left out of sums, as sent"))
            }
        } else if record.costTier == .Free {
            record.costUSD = 0
            record.costSource = .priced
        } else if let listed {
            let unsplit = record.tokensUsed - record.tokensInput - record.tokensOutput
            let priced = listed.cost(input: record.tokensInput + unsplit, output: record.tokensOutput)
            if priced > maxCostUSD {
                problems.append(FieldProblem(field: "tokens_used", reason: "prices to \(priced) USD, more than the \(maxCostUSD) a record may cost"))
            }
            record.costUSD = priced
            record.costSource = .priced
        } else if record.tokensUsed == 0 {
            record.costUSD = 0
            record.costSource = .none
        } else {
            record.costUSD = nil
            record.costSource = .unknown
            let reason = record.provider == nil || record.model == nil
                ? "tokens were used but provider and model are not both given: the cost is recorded as unknown"
                : "no price for \(record.provider ?? "")/\(record.model ?? "") at the execution's start in telemetry.pricing: the cost is recorded as unknown"
            warnings.append(FieldProblem(field: "cost_usd", reason: reason))
        }
    }

    static let allowed: Set<String> = Set(SkillExecution.fieldNames)

    /// The most one execution may cost, sent or priced (openapi.yaml's maximum): one absurd record
    /// must not dominate every cost sum, baseline and insight.
    public static let maxCostUSD = 1e9

    /// The longest one execution may take, 31 days in milliseconds, for the same reason.
    public static let maxDurationMs: Int64 = 31 * 86_400_000
}

extension FieldChecks {
    mutating func moment(_ value: JSONValue?, _ field: String, required: Bool) -> Timestamp? {
        switch value {
        case .string(let text)?:
            if let parsed = Timestamp(rfc3339: text) { return parsed }
            add(field, "must be an ISO-8601 date-time with a time zone (2026-11-22T10:00:00Z), got '\(text.prefix(64))'")
        case nil, .null?:
            if required { add(field, "is required: an ISO-8601 date-time") }
        default:
            add(field, "must be an ISO-8601 date-time string")
        }
        return nil
    }

    /// A whole number of at least 0 (milliseconds, tokens).
    mutating func whole(_ value: JSONValue?, _ field: String, required: Bool, max: Int64 = 9_000_000_000_000_000) -> Int64? {
        switch value {
        case .int(let i)?:
            if i >= 0 && i <= max { return i }
            add(field, i < 0 ? "must be at least 0, got \(i)" : "must be at most \(max), got \(i)")
        case .double(let d)? where d.rounded() == d && d.isFinite:
            if d >= 0 && d <= Double(max) { return Int64(d) }
            add(field, "must be a whole number from 0 to \(max), got \(d)")
        case nil, .null?:
            if required { add(field, "is required: a whole number of at least 0") }
        default:
            add(field, "must be a whole number of at least 0")
        }
        return nil
    }

    mutating func integer(_ value: JSONValue?, _ field: String) -> Int64? {
        switch value {
        case nil, .null?: return nil
        case let number?:
            // `3.0` is the integer 3, as JSON Schema counts it.
            if let i = number.intValue { return i }
            add(field, "must be a whole number")
            return nil
        }
    }

    mutating func sha256(_ value: JSONValue?, _ field: String) -> String? {
        switch value {
        case .string(let s)?:
            let hex = s.lowercased()
            if hex.utf8.count == 64 && hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) { return hex }
            add(field, "must be a SHA-256 as 64 hexadecimal digits")
        case nil, .null?: break
        default: add(field, "must be a SHA-256 as 64 hexadecimal digits")
        }
        return nil
    }
}
