import Testing
import StewardCore

/// A record read straight into slots (`POST /v1/executions` in NDJSON) is judged exactly as the
/// same record parsed into a tree: same record, same warnings, same problems in the same order.
@Suite struct ExecutionSlotsTests {
    func outcome(_ outcome: ExecutionCheck.Outcome) -> (record: SkillExecution?, problems: [FieldProblem]) {
        switch outcome {
        case .accepted(let record, let warnings): (record, warnings)
        case .refused(let problems): (nil, problems)
        }
    }

    @Test func everyLineIsJudgedAsItsParsedTreeIs() throws {
        let now = ExecutionCheckTests.now
        let start = now.adding(milliseconds: -600_000)
        var random = SeededGenerator(seed: 9)
        let extras: [String] = [
            #""operator":"human""#, #""error_category":"Timeout""#, #""error_category":"Weather""#, #""error_code":-3"#,
            #""error_reason":"upstream \"slow\"\n""#, #""wall_clock_time_ms":1.5"#, #""tokens_input":300,"tokens_output":40"#,
            #""tokens_used":10,"tokens_input":300"#, #""provider":"openai","model":"gpt-4""#, #""provider":"nobody","model":"x","tokens_input":5"#,
            #""cost_usd":0.25,"cost_tier":"Free""#, #""cost_usd":0.25,"cost_source":"priced""#, #""free_tier_quota_pct_used":101"#,
            #""output_correct":"yes""#, #""confidence_score":0.75"#, #""input_hash":"ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789""#,
            #""input_hash":"short""#, #""skill_path_in_dag":null"#, #""surprise":1"#, #""another":{"nested":true}"#,
            #""skill_\u006eame":"escaped-name""#, #""execution_id":"again""#, #""routing_strategy":"fast""#, #""decision_made":"""#,
            #""execution_failed":true"#, #""total_latency_ms":-1"#, #""timestamp_end":"yesterday""#,
        ]
        for _ in 0..<400 {
            var members = [
                #""execution_id":"e-1""#, #""skill_name":"summarize""#, #""skill_version":"1.0""#,
                #""timestamp_start":"\#(start.rfc3339)""#, #""timestamp_end":"\#(start.adding(milliseconds: 900).rfc3339)""#,
                #""execution_succeeded":true"#, #""execution_failed":false"#, #""total_latency_ms":900"#,
            ]
            members.removeAll { _ in Int.random(in: 0..<12, using: &random) == 0 }
            for _ in 0..<Int.random(in: 0...5, using: &random) { members.append(extras.randomElement(using: &random) ?? "") }
            members.shuffle(using: &random)
            let line = "{" + members.joined(separator: ",") + "}"
            let bytes = Array(line.utf8)
            let slots = try #require(try JSONReader.parseFields(bytes, in: bytes.indices, names: SkillExecution.fieldTable))
            let bySlots = outcome(ExecutionCheck.read(slots, now: now, maxFutureSkewSeconds: 300, prices: ExecutionCheckTests.prices))
            let byTree = outcome(ExecutionCheck.read(try JSONReader.parse(bytes), now: now, maxFutureSkewSeconds: 300, prices: ExecutionCheckTests.prices))
            #expect(bySlots.record == byTree.record, "\(line)")
            #expect(bySlots.problems == byTree.problems, "\(line)")
        }
    }

    @Test func aValueThatIsNotAnObjectIsRefusedAsBefore() {
        guard case .refused(let problems) = ExecutionCheck.read(.array([]), now: ExecutionCheckTests.now, maxFutureSkewSeconds: 300, prices: ExecutionCheckTests.prices)
        else { Issue.record("an array was accepted"); return }
        #expect(problems == [FieldProblem(field: "", reason: "must be a JSON object (an execution record)")])
    }
}
