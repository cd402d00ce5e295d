import Testing
import StewardCore

/// Reading execution records (seed 004 §1b.1): every field checked, every problem named, and the
/// cost priced at ingest (§1b.4) from the price valid when the execution started.
@Suite struct ExecutionCheckTests {
    /// The server's clock in these tests: 2026-03-01T12:00:00Z.
    static let now = Timestamp(millisecondsSinceEpoch: 1_772_366_400_000)
    static let february = Timestamp(millisecondsSinceEpoch: 1_769_904_000_000)
    static let june = Timestamp(millisecondsSinceEpoch: 1_780_272_000_000)

    static let prices = PriceTable([
        ModelPrice(provider: "openai", model: "gpt-4", inputPerToken: 0.00003, outputPerToken: 0.00006),
        ModelPrice(provider: "anthropic", model: "opus", inputPerToken: 0.000015, outputPerToken: 0.000075, tier: .Premium),
        ModelPrice(provider: "azure", model: "phi-free", inputPerToken: 0.000001, outputPerToken: 0.000002, tier: .Free),
        ModelPrice(provider: "tiny", model: "t", inputPerToken: 1.234567e-9, outputPerToken: 0),
        // A price that changed on 1 February, and one that only starts in June.
        ModelPrice(provider: "acme", model: "m1", inputPerToken: 0.00002, outputPerToken: 0.00004, validFrom: february),
        ModelPrice(provider: "acme", model: "m1", inputPerToken: 0.00001, outputPerToken: 0.00002),
        ModelPrice(provider: "later", model: "m2", inputPerToken: 0.00001, outputPerToken: 0.00001, validFrom: june),
    ])

    /// A record with only the mandatory fields, started 10 minutes before `now`.
    static func minimal(start: Timestamp = now.adding(milliseconds: -600_000), latencyMs: Int64 = 1_250) -> [String: JSONValue] {
        [
            "execution_id": "exec-1", "skill_name": "git-push-autonomous", "skill_version": "1.4.2",
            "timestamp_start": .string(start.rfc3339), "timestamp_end": .string(start.adding(milliseconds: latencyMs).rfc3339),
            "execution_succeeded": true, "execution_failed": false, "total_latency_ms": .int(latencyMs),
        ]
    }

    static func read(_ fields: [String: JSONValue], prices: PriceTable = prices) -> ExecutionCheck.Outcome {
        ExecutionCheck.read(.object(fields), now: now, maxFutureSkewSeconds: 300, prices: prices)
    }

    /// The record and warnings of an accepted read; fails the test when it was refused.
    static func accepted(
        _ fields: [String: JSONValue], prices: PriceTable = prices, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (record: SkillExecution, warnings: [FieldProblem]) {
        switch read(fields, prices: prices) {
        case .accepted(let record, let warnings): return (record, warnings)
        case .refused(let problems):
            Issue.record("refused: \(problems.map { "\($0.field) \($0.reason)" })", sourceLocation: sourceLocation)
            throw Refused()
        }
    }

    /// The fields named by a refusal, or nil when the record was accepted.
    static func refusedFields(_ outcome: ExecutionCheck.Outcome) -> [String]? {
        if case .refused(let problems) = outcome { return problems.map(\.field) }
        return nil
    }

    struct Refused: Error {}

    // MARK: Round trip

    /// QA r4 fuzz M1: `3.0` is the integer 3 in every integer field, error_code included.
    @Test func integersMayBeWrittenWithAZeroFraction() throws {
        var fields = Self.minimal()
        fields["execution_succeeded"] = false
        fields["execution_failed"] = true
        fields["error_code"] = .double(3.0)
        fields["total_latency_ms"] = .double(1.25e3)
        let (record, _) = try Self.accepted(fields)
        #expect(record.errorCode == 3 && record.totalLatencyMs == 1_250)
    }

    @Test func theMinimalRecordReadsWithDefaults() throws {
        let (record, warnings) = try Self.accepted(Self.minimal())
        #expect(warnings.isEmpty)
        #expect(record.executionID == "exec-1" && record.skillName == "git-push-autonomous" && record.skillVersion == "1.4.2")
        #expect(record.succeeded && record.totalLatencyMs == 1_250)
        #expect(record.end.milliseconds(since: record.start) == 1_250)
        #expect(record.tokensUsed == 0 && record.costUSD == 0 && record.costSource == .none && record.costTier == nil)
        #expect(record.orchestratorVersion == nil && record.confidenceScore == nil && record.inputHash == nil)
    }

    @Test func everyFieldIsWrittenUnderItsWireName() throws {
        let (record, _) = try Self.accepted(Self.minimal())
        guard case .object(let fields) = record.json else {
            Issue.record("json is not an object")
            return
        }
        #expect(Set(fields.keys) == Set(SkillExecution.fieldNames))
        #expect(SkillExecution.fieldNames.count == Set(SkillExecution.fieldNames).count)
        #expect(fields["execution_failed"] == .bool(false))
        #expect(fields["orchestrator_version"] == .null)
    }

    /// Seed 004 §1b.1: "can serialize/deserialize 100 times without loss".
    @Test func generatedRecordsSurviveARoundTrip() throws {
        var generator = SeededGenerator(seed: 0x0004_1B01)
        for index in 0..<100 {
            let fields = Self.generated(index: index, using: &generator)
            let (first, _) = try Self.accepted(fields)
            // What was sent is what was read.
            #expect(first.executionID == fields["execution_id"]?.stringValue)
            #expect(first.skillName == fields["skill_name"]?.stringValue)
            #expect(first.start.rfc3339 == fields["timestamp_start"]?.stringValue)
            #expect(first.totalLatencyMs == fields["total_latency_ms"]?.intValue)
            #expect(first.succeeded == fields["execution_succeeded"]?.boolValue)
            #expect(first.errorReason == fields["error_reason"]?.stringValue)
            #expect(first.confidenceScore == fields["confidence_score"]?.doubleValue)
            if let cost = fields["cost_usd"]?.doubleValue { #expect(first.costUSD == cost && first.costSource == .reported) }

            // read → json → read, in memory and through canonical text.
            let (again, warnings) = try Self.accepted(try #require(Self.object(first.json)))
            #expect(again == first, "record \(index) changed in memory")
            #expect(warnings.isEmpty, "a re-read record is not priced again: \(warnings)")
            let text = try CanonicalJSON.string(first.json)
            let (parsed, _) = try Self.accepted(try #require(Self.object(try JSONReader.parse(text))))
            #expect(parsed == first, "record \(index) changed through its canonical JSON: \(text)")
        }
    }

    static func object(_ value: JSONValue) -> [String: JSONValue]? {
        if case .object(let fields) = value { return fields }
        return nil
    }

    /// A record with random values in every field (optional ones sometimes left out), whose cost is
    /// reported, priced, free, absent or unknown.
    static func generated(index: Int, using g: inout SeededGenerator) -> [String: JSONValue] {
        func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &g)] }
        func maybe(_ value: @autoclosure () -> JSONValue) -> JSONValue? { Bool.random(using: &g) ? value() : nil }
        func hex() -> String { String((0..<64).map { _ in pick(Array("0123456789abcdef")) }) }
        let names = ["git-push-autonomous", "rules-engine", "auth validator", "résumé-écrit", "技能-7", "a", String(repeating: "x", count: 128), "quote\"and\\slash"]
        let start = now.adding(milliseconds: -Int64.random(in: 3_600_000...2_592_000_000, using: &g))
        let latency = Int64.random(in: 0...600_000, using: &g)
        let succeeded = Bool.random(using: &g)
        var f: [String: JSONValue] = [
            "execution_id": .string("exec-\(index)-\(UInt32.random(in: 0...UInt32.max, using: &g))"),
            "skill_name": .string(pick(names)), "skill_version": .string(pick(["1.0.0", "2.3.1-beta+7", "v9"])),
            "timestamp_start": .string(start.rfc3339),
            "timestamp_end": .string(start.adding(milliseconds: latency + Int64.random(in: 0...50, using: &g)).rfc3339),
            "execution_succeeded": .bool(succeeded), "total_latency_ms": .int(latency),
        ]
        f["execution_failed"] = maybe(.bool(!succeeded))
        f["orchestrator_version"] = maybe(.string("orch-\(Int.random(in: 1...9, using: &g))"))
        f["operator"] = maybe(.string(pick(["human", "scheduler", "agent:deployer"])))
        f["environment"] = maybe(.string(pick(["local", "staging", "prod"])))
        if !succeeded {
            f["error_category"] = maybe(.string(pick(SkillExecution.ErrorCategory.allCases).rawValue))
            f["error_code"] = maybe(.int(Int64.random(in: -1_000...100_000, using: &g)))
            f["error_reason"] = maybe(.string(pick(["timeout after 30 s", "line one\nline two\t\"quoted\"", "🙂 émoji", ""])))
        }
        f["wall_clock_time_ms"] = maybe(.int(latency + Int64.random(in: 0...1_000, using: &g)))
        f["free_tier_quota_used_today"] = maybe(.int(Int64.random(in: 0...100_000, using: &g)))
        f["free_tier_quota_remaining"] = maybe(.int(Int64.random(in: 0...100_000, using: &g)))
        f["free_tier_quota_pct_used"] = maybe(.double(Double.random(in: 0...100, using: &g)))
        f["output_correct"] = maybe(.bool(Bool.random(using: &g)))
        f["confidence_score"] = maybe(.double(pick([0, 1, Double.random(in: 0...1, using: &g)])))
        f["decision_made"] = maybe(.string(pick(["APPROVE", "BLOCK", "ESCALATE"])))
        f["input_hash"] = maybe(.string(hex()))
        f["output_hash"] = maybe(.string(hex()))
        f["skill_path_in_dag"] = maybe(.string("orchestrator -> rules-engine -> auth-validator -> execution"))
        f["skill_fingerprint"] = maybe(.string(hex()))
        f["routing_strategy"] = maybe(.string(pick(["current_deployment", "candidate_A"])))

        let input = Int64.random(in: 1...20_000, using: &g)
        let output = Int64.random(in: 0...5_000, using: &g)
        switch index % 6 {
        case 0:  // reported by the agent
            f["tokens_input"] = .int(input)
            f["tokens_output"] = .int(output)
            f["cost_usd"] = .double(Double.random(in: 0.000001..<5, using: &g))
            f["cost_tier"] = maybe(.string(pick(["Standard", "Premium"])))
        case 1:  // priced from the table, sometimes with unsplit tokens
            f["tokens_input"] = .int(input)
            f["tokens_output"] = .int(output)
            f["tokens_used"] = maybe(.int(input + output + Int64.random(in: 0...100, using: &g)))
            f["provider"] = "openai"
            f["model"] = .string(pick(["gpt-4", "GPT-4"]))
        case 2:  // a non-LLM skill
            break
        case 3:  // tokens with no price
            f["tokens_used"] = .int(input)
            f["provider"] = "openai"
            f["model"] = "gpt-99"
        case 4:  // a free-tier model
            f["tokens_input"] = .int(input)
            f["provider"] = "azure"
            f["model"] = "phi-free"
        default:  // free, with the cost reported
            f["tokens_input"] = .int(input)
            f["cost_usd"] = 0
            f["cost_tier"] = "Free"
        }
        return f
    }

    // MARK: Refusals

    /// A change to the minimal record.
    enum Change: Sendable {
        case remove(String)
        case set(String, JSONValue)
    }

    /// A bad record and the one field its refusal must name.
    struct BadCase: Sendable, CustomTestStringConvertible {
        let label: String
        let changes: [Change]
        let field: String
        var testDescription: String { label }

        init(_ label: String, _ field: String, _ changes: Change...) {
            self.label = label
            self.field = field
            self.changes = changes
        }
    }

    static let mandatory = ["execution_id", "skill_name", "skill_version", "timestamp_start", "timestamp_end", "execution_succeeded", "total_latency_ms"]

    static let badCases: [BadCase] =
        mandatory.map { BadCase("missing \($0)", $0, .remove($0)) }
        + mandatory.map { BadCase("null \($0)", $0, .set($0, .null)) }
        + [
            // Wrong types.
            BadCase("execution_id a number", "execution_id", .set("execution_id", 42)),
            BadCase("skill_name a Boolean", "skill_name", .set("skill_name", true)),
            BadCase("skill_name empty", "skill_name", .set("skill_name", "")),
            BadCase("skill_name of 129 characters", "skill_name", .set("skill_name", .string(String(repeating: "s", count: 129)))),
            BadCase("skill_version with a control character", "skill_version", .set("skill_version", "1.0\u{7}")),
            BadCase("timestamp_start a number", "timestamp_start", .set("timestamp_start", 1_772_366_400)),
            BadCase("timestamp_end not a date", "timestamp_end", .set("timestamp_end", "yesterday")),
            BadCase("timestamp_start without a zone", "timestamp_start", .set("timestamp_start", "2026-03-01T11:50:00")),
            BadCase("execution_succeeded a string", "execution_succeeded", .set("execution_succeeded", "true")),
            BadCase("execution_failed a number", "execution_failed", .set("execution_failed", 0)),
            BadCase("total_latency_ms a string", "total_latency_ms", .set("total_latency_ms", "1250")),
            BadCase("total_latency_ms fractional", "total_latency_ms", .set("total_latency_ms", 12.5)),
            BadCase("tokens_input a string", "tokens_input", .set("tokens_input", "10")),
            BadCase("cost_usd a string", "cost_usd", .set("cost_usd", "0.1")),
            BadCase("confidence_score a string", "confidence_score", .set("confidence_score", "high")),
            BadCase("error_code a string", "error_code", .set("error_code", "E42")),
            BadCase("skill_name with a bidirectional override", "skill_name", .set("skill_name", "git\u{202E}push")),
            BadCase("output_correct a number", "output_correct", .set("output_correct", 1)),
            BadCase("operator an object", "operator", .set("operator", ["name": "human"])),
            BadCase("error_reason an array", "error_reason", .set("error_reason", ["x"])),
            BadCase("cost_tier unknown", "cost_tier", .set("cost_tier", "Gold")),
            BadCase("cost_source unknown", "cost_source", .set("cost_source", "guessed")),
            // Negative numbers.
            BadCase("negative total_latency_ms", "total_latency_ms", .set("total_latency_ms", -1)),
            BadCase("negative wall_clock_time_ms", "wall_clock_time_ms", .set("wall_clock_time_ms", -5)),
            BadCase("negative tokens_input", "tokens_input", .set("tokens_input", -1)),
            BadCase("negative tokens_output", "tokens_output", .set("tokens_output", -3)),
            BadCase("negative tokens_used", "tokens_used", .set("tokens_used", -10)),
            BadCase("negative cost_usd", "cost_usd", .set("cost_usd", -0.01)),
            // Absurdly large (QA agent F9): one record must not dominate every sum.
            BadCase("cost_usd over a billion", "cost_usd", .set("cost_usd", 1e12)),
            BadCase("total_latency_ms over 31 days", "total_latency_ms", .set("total_latency_ms", .int(1_000_000_000_000_000))),
            BadCase("wall_clock_time_ms over 31 days", "wall_clock_time_ms", .set("wall_clock_time_ms", .int(2_678_400_001))),
            BadCase("negative free_tier_quota_remaining", "free_tier_quota_remaining", .set("free_tier_quota_remaining", -1)),
            BadCase("free_tier_quota_pct_used over 100", "free_tier_quota_pct_used", .set("free_tier_quota_pct_used", 100.5)),
            BadCase("tokens_used below input + output", "tokens_used",
                    .set("tokens_input", 10), .set("tokens_output", 5), .set("tokens_used", 14)),
            // Inconsistent.
            BadCase("end before start", "timestamp_end",
                    .set("timestamp_end", .string(now.adding(milliseconds: -600_001).rfc3339))),
            BadCase("execution_failed equal to execution_succeeded", "execution_failed", .set("execution_failed", true)),
            BadCase("both false", "execution_failed", .set("execution_succeeded", false)),
            // Unknown or malformed.
            BadCase("unknown field", "colour", .set("colour", "blue")),
            BadCase("camelCase field", "skillName", .set("skillName", "x")),
            BadCase("bad error_category", "error_category", .set("error_category", "Database")),
            BadCase("error_category in lower case", "error_category", .set("error_category", "security")),
            BadCase("input_hash not hex", "input_hash", .set("input_hash", .string(String(repeating: "g", count: 64)))),
            BadCase("input_hash too short", "input_hash", .set("input_hash", .string(String(repeating: "a", count: 63)))),
            BadCase("output_hash a number", "output_hash", .set("output_hash", 12)),
            BadCase("skill_fingerprint with a prefix", "skill_fingerprint",
                    .set("skill_fingerprint", .string("sha256:" + String(repeating: "0", count: 64)))),
            BadCase("confidence_score above 1", "confidence_score", .set("confidence_score", 1.01)),
            BadCase("confidence_score below 0", "confidence_score", .set("confidence_score", -0.01)),
            BadCase("end 301 s in the future", "timestamp_end",
                    .set("timestamp_start", .string(now.rfc3339)), .set("timestamp_end", .string(now.adding(milliseconds: 301_000).rfc3339))),
            BadCase("cost_usd > 0 with cost_tier Free", "cost_usd", .set("cost_usd", 0.5), .set("cost_tier", "Free")),
            BadCase("cost_usd > 0 for a Free model", "cost_usd",
                    .set("cost_usd", 0.5), .set("provider", "azure"), .set("model", "phi-free"), .set("tokens_input", 100)),
            // QA telemetry r3 #8: "ws " and "ws" would be two skills nobody can tell apart.
            BadCase("skill_name only spaces", "skill_name", .set("skill_name", "  ")),
            BadCase("skill_name with a trailing space", "skill_name", .set("skill_name", "ws ")),
            BadCase("provider with a leading tab", "provider", .set("provider", "\topenai")),
        ]

    @Test(arguments: badCases)
    func aBadRecordIsRefusedNamingTheField(_ bad: BadCase) {
        var fields = Self.minimal()
        for change in bad.changes {
            switch change {
            case .remove(let key): fields[key] = nil
            case .set(let key, let value): fields[key] = .some(value)
            }
        }
        let named = Self.refusedFields(Self.read(fields))
        #expect(named == [bad.field], "\(bad.label): expected a refusal naming only \(bad.field), got \(named.map { "\($0)" } ?? "acceptance")")
    }

    /// QA telemetry r3 #8: a contradiction is said back, and the record stored as sent.
    @Test func anErrorCategoryOnASuccessIsAWarning() throws {
        var fields = Self.minimal()
        fields["error_category"] = "Network"
        let (record, warnings) = try Self.accepted(fields)
        #expect(record.errorCategory == .Network)
        #expect(warnings.map(\.field) == ["error_category"] && warnings.first?.reason.contains("successful execution") == true)
    }

    @Test func everyProblemIsReportedAtOnce() {
        var fields = Self.minimal()
        fields["execution_id"] = nil
        fields["total_latency_ms"] = -4
        fields["confidence_score"] = 2
        fields["mystery"] = 1
        let named = Self.refusedFields(Self.read(fields)) ?? []
        #expect(Set(named) == ["execution_id", "total_latency_ms", "confidence_score", "mystery"])
    }

    @Test func aNonObjectIsRefused() {
        let outcome = ExecutionCheck.read([1, 2], now: Self.now, maxFutureSkewSeconds: 300, prices: Self.prices)
        #expect(Self.refusedFields(outcome) == [""])
    }

    @Test func boundariesAreAccepted() throws {
        var fields = Self.minimal(start: Self.now, latencyMs: 300_000)  // ends exactly at the skew limit
        fields["confidence_score"] = 0
        fields["tokens_used"] = 0
        fields["free_tier_quota_pct_used"] = 100
        fields["input_hash"] = .string(String(repeating: "AbCdEf01", count: 8))
        fields["error_code"] = -7
        fields["timestamp_end"] = .string(Self.now.adding(milliseconds: 300_000).rfc3339)
        let (record, _) = try Self.accepted(fields)
        #expect(record.inputHash == String(repeating: "abcdef01", count: 8), "hashes are stored in lower case")
        #expect(record.errorCode == -7 && record.confidenceScore == 0)
        fields["confidence_score"] = 1
        fields["timestamp_end"] = fields["timestamp_start"]
        #expect(Self.refusedFields(Self.read(fields)) == nil, "an end equal to the start is fine")
    }

    // MARK: Pricing

    static func tokens(_ input: Int64, _ output: Int64, provider: String?, model: String?, extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var fields = minimal()
        fields["tokens_input"] = .int(input)
        fields["tokens_output"] = .int(output)
        if let provider { fields["provider"] = .string(provider) }
        if let model { fields["model"] = .string(model) }
        fields.merge(extra) { $1 }
        return fields
    }

    @Test func tokensOfAKnownModelArePricedAtTheTablesPrice() throws {
        let (record, warnings) = try Self.accepted(Self.tokens(1_234, 567, provider: "openai", model: "gpt-4"))
        // 1234 × 0.00003 + 567 × 0.00006 = 0.03702 + 0.03402
        #expect(abs(try #require(record.costUSD) - 0.07104) < 1e-12)
        #expect(record.costSource == .priced && record.costTier == .Standard && warnings.isEmpty)
        #expect(record.tokensUsed == 1_801, "tokens_used defaults to input + output")

        let premium = try Self.accepted(Self.tokens(1_000, 200, provider: "anthropic", model: "opus")).record
        #expect(abs(try #require(premium.costUSD) - 0.03) < 1e-12 && premium.costTier == .Premium && premium.costSource == .priced)

        let shouted = try Self.accepted(Self.tokens(1_234, 567, provider: "OpenAI", model: "GPT-4")).record
        #expect(shouted.costUSD == record.costUSD, "provider and model match whatever their case")

        let sentTier = try Self.accepted(Self.tokens(1_234, 567, provider: "openai", model: "gpt-4", extra: ["cost_tier": "Premium"])).record
        #expect(sentTier.costTier == .Premium && sentTier.costUSD == record.costUSD, "a tier sent wins over the table's")
    }

    @Test func costsAreRoundedTo1e8() throws {
        // 7 × 1.234567e-9 = 8.64e-9, rounded to the nearest 1e-8.
        let (record, _) = try Self.accepted(Self.tokens(7, 0, provider: "tiny", model: "t"))
        #expect(abs(try #require(record.costUSD) - 1e-8) < 1e-15)
        let price = ModelPrice(provider: "p", model: "m", inputPerToken: 0.000_000_123_456, outputPerToken: 0.000_000_654_321)
        // 1000 × 1.23456e-7 + 1000 × 6.54321e-7 = 0.000777777 → 0.00077778
        #expect(abs(price.cost(input: 1_000, output: 1_000) - 0.000_777_78) < 1e-15)
    }

    @Test func tokensNotSplitIntoInputAndOutputArePricedAsInput() throws {
        let (record, _) = try Self.accepted(Self.tokens(1_000, 200, provider: "openai", model: "gpt-4", extra: ["tokens_used": 1_500]))
        // (1000 + 300) × 0.00003 + 200 × 0.00006
        #expect(abs(try #require(record.costUSD) - 0.051) < 1e-12)
        #expect(record.tokensUsed == 1_500)
    }

    @Test func thePriceValidAtTheStartApplies() throws {
        func cost(startingAt start: Timestamp) throws -> Double? {
            var fields = Self.tokens(100, 0, provider: "acme", model: "m1")
            fields["timestamp_start"] = .string(start.rfc3339)
            fields["timestamp_end"] = .string(start.adding(milliseconds: 5_000).rfc3339)
            return try Self.accepted(fields).record.costUSD
        }
        // Before 1 February the undated price (1e-5 per input token); from then on the new one (2e-5).
        #expect(try cost(startingAt: Self.february.adding(milliseconds: -1)) == 0.001, "the run straddling the change keeps the price of its start")
        #expect(try cost(startingAt: Self.february) == 0.002)
        #expect(try cost(startingAt: Self.february.adding(milliseconds: 86_400_000)) == 0.002)

        // A price valid only from June does not price a March execution.
        let (record, warnings) = try Self.accepted(Self.tokens(100, 10, provider: "later", model: "m2"))
        #expect(record.costUSD == nil && record.costSource == .unknown && warnings.map(\.field) == ["cost_usd"])
        #expect(Self.prices.price(provider: "later", model: "m2", at: Self.june)?.inputPerToken == 0.00001)
    }

    @Test func freeTierExecutionsCostNothingAndSaySo() throws {
        let fromTable = try Self.accepted(Self.tokens(5_000, 800, provider: "azure", model: "phi-free")).record
        #expect(fromTable.costUSD == 0 && fromTable.costTier == .Free && fromTable.costSource == .priced)

        let sent = try Self.accepted(Self.tokens(5_000, 800, provider: "openai", model: "gpt-4", extra: ["cost_tier": "Free"])).record
        #expect(sent.costUSD == 0 && sent.costTier == .Free && sent.costSource == .priced)

        let noModel = try Self.accepted(Self.tokens(5_000, 800, provider: nil, model: nil, extra: ["cost_tier": "Free"]))
        #expect(noModel.record.costUSD == 0 && noModel.record.costTier == .Free && noModel.warnings.isEmpty)

        let reportedZero = try Self.accepted(Self.tokens(5_000, 800, provider: nil, model: nil, extra: ["cost_tier": "Free", "cost_usd": 0])).record
        #expect(reportedZero.costUSD == 0 && reportedZero.costTier == .Free && reportedZero.costSource == .reported)

        let paid = Self.read(Self.tokens(5_000, 800, provider: nil, model: nil, extra: ["cost_tier": "Free", "cost_usd": 0.25]))
        #expect(Self.refusedFields(paid) == ["cost_usd"])
        #expect(ModelPrice(provider: "a", model: "b", inputPerToken: 1, outputPerToken: 1, tier: .Free).cost(input: 10, output: 10) == 0)
    }

    @Test func noTokensAndNoCostIsAFreeNonLLMExecution() throws {
        let (record, warnings) = try Self.accepted(Self.minimal())
        #expect(record.costUSD == 0 && record.costSource == .none && warnings.isEmpty)
        let withModel = try Self.accepted(Self.tokens(0, 0, provider: "nobody", model: "nothing")).record
        #expect(withModel.costUSD == 0 && withModel.costSource == .none)
    }

    @Test func tokensWithNoPriceLeaveTheCostUnknownNeverZero() throws {
        let pairs: [(String?, String?)] = [("openai", "gpt-99"), ("nobody", "gpt-4"), (nil, nil), ("openai", nil)]
        for (provider, model) in pairs {
            let (record, warnings) = try Self.accepted(Self.tokens(120, 30, provider: provider, model: model))
            #expect(record.costUSD == nil, "\(provider ?? "-")/\(model ?? "-") must not be priced at 0")
            #expect(record.costSource == .unknown)
            #expect(warnings.map(\.field) == ["cost_usd"])
        }
        // And so it is stored: cost_usd null.
        let unknown = try Self.accepted(Self.tokens(120, 30, provider: "openai", model: "gpt-99")).record
        #expect(unknown.json["cost_usd"] == .null && unknown.json["cost_source"] == "unknown")
    }

    @Test func aReportedCostIsKept() throws {
        let (record, warnings) = try Self.accepted(Self.tokens(1_234, 567, provider: "openai", model: "gpt-4", extra: ["cost_usd": 0.42]))
        #expect(record.costUSD == 0.42 && record.costSource == .reported && warnings.isEmpty)
        #expect(record.costTier == .Standard, "the tier still comes from the table")
        let unknownModel = try Self.accepted(Self.tokens(10, 10, provider: "openai", model: "gpt-99", extra: ["cost_usd": 1])).record
        #expect(unknownModel.costUSD == 1 && unknownModel.costSource == .reported)
    }

    /// QA telemetry F4: a `cost_source` that contradicts the record is not stored as sent.
    @Test func aCostSourceThatContradictsTheRecordIsReplacedWithAWarning() throws {
        var noProvider = Self.minimal()
        (noProvider["cost_usd"], noProvider["cost_source"]) = (123, "priced")
        let claimedPriced = try Self.accepted(noProvider)
        #expect(claimedPriced.record.costSource == .reported && claimedPriced.record.costUSD == 123)
        #expect(claimedPriced.warnings.map(\.field) == ["cost_source"])

        var costly = Self.minimal()
        (costly["cost_usd"], costly["cost_source"]) = (5, "none")
        let claimedNone = try Self.accepted(costly)
        #expect(claimedNone.record.costSource == .reported && claimedNone.warnings.map(\.field) == ["cost_source"])

        let hidden = try Self.accepted(Self.tokens(10_000, 0, provider: "openai", model: "gpt-4", extra: ["cost_source": "unknown"]))
        #expect(hidden.record.costUSD == nil && hidden.record.costSource == .unknown)
        #expect(hidden.warnings.first?.reason.contains("telemetry.pricing prices this record") == true)

        var free = Self.minimal()
        (free["cost_usd"], free["cost_source"]) = (0, "none")
        let honest = try Self.accepted(free)
        #expect(honest.record.costSource == .none && honest.warnings.isEmpty)
    }

    @Test func reReadingAnExportKeepsTheCostSource() throws {
        let cases: [([String: JSONValue], SkillExecution.CostSource)] = [
            (Self.tokens(1_234, 567, provider: "openai", model: "gpt-4"), .priced),
            (Self.tokens(1_234, 567, provider: "openai", model: "gpt-4", extra: ["cost_usd": 0.42]), .reported),
            (Self.minimal(), .none),
            (Self.tokens(120, 30, provider: "openai", model: "gpt-99"), .unknown),
            (Self.tokens(120, 30, provider: "azure", model: "phi-free"), .priced),
        ]
        for (fields, source) in cases {
            let first = try Self.accepted(fields).record
            #expect(first.costSource == source)
            // Exported as NDJSON, then read back with a table that no longer (or now) knows the model.
            var out: [UInt8] = []
            ExecutionExport.append(body: try CanonicalJSON.string(first.json), format: .ndjson, into: &out)
            #expect(out.last == 10)
            let line = try JSONReader.parse(out.dropLast())
            for table in [Self.prices, PriceTable()] {
                let (again, warnings) = try Self.accepted(try #require(Self.object(line)), prices: table)
                #expect(again == first, "\(source) changed on re-reading")
                #expect(warnings.isEmpty)
            }
            // A price added since does not reprice an exported record, nor one whose cost was unknown.
            let repriced = PriceTable([ModelPrice(provider: "openai", model: "gpt-99", inputPerToken: 1, outputPerToken: 1)])
            let (later, _) = try Self.accepted(try #require(Self.object(line)), prices: repriced)
            #expect(later.costUSD == first.costUSD && later.costSource == source)
        }
    }
}
