import Testing
import StewardCore

/// A record sent again under a stored id: a retry (no difference) or another execution (the
/// fields that differ), read against the record or its stored body.
@Suite struct ExecutionDifferenceTests {
    static func record(_ changes: [String: JSONValue] = [:], prices: PriceTable = ExecutionCheckTests.prices) throws -> SkillExecution {
        try ExecutionCheckTests.accepted(ExecutionCheckTests.minimal().merging(changes) { _, new in new }, prices: prices).record
    }

    @Test func aRetryDiffersInNothingAgainstTheRecordAndItsStoredBody() throws {
        let first = try Self.record(["provider": "openai", "model": "gpt-4", "tokens_input": 100, "tokens_output": 10, "confidence_score": 1])
        #expect(first.differences(from: first) == [])
        #expect(first.differences(fromStored: try first.canonicalBody()) == [])
    }

    @Test func anotherExecutionNamesWhatDiffersInWireOrder() throws {
        let stored = try Self.record()
        let other = try Self.record(["skill_version": "9", "total_latency_ms": 99, "execution_succeeded": false, "execution_failed": true])
        let expected = ["skill_version", "execution_succeeded", "execution_failed", "total_latency_ms"]
        #expect(other.differences(from: stored) == expected)
        #expect(other.differences(fromStored: try stored.canonicalBody()) == expected)
    }

    /// A cost Steward priced may change with the price table between the sends; a reported one is the agent's.
    @Test func aPricedCostIsNotComparedAReportedOneIs() throws {
        let tokens: [String: JSONValue] = ["provider": "openai", "model": "gpt-4", "tokens_input": 100, "tokens_output": 10]
        let priced = try Self.record(tokens)
        let repriced = try Self.record(tokens, prices: PriceTable([ModelPrice(provider: "openai", model: "gpt-4", inputPerToken: 1, outputPerToken: 1)]))
        #expect(priced.costUSD != repriced.costUSD)
        #expect(repriced.differences(from: priced) == [])
        let reported = try Self.record(["cost_usd": 0.5])
        #expect(try Self.record(["cost_usd": 0.25]).differences(fromStored: try reported.canonicalBody()) == ["cost_usd"])
    }

    @Test func aBodyThatIsNotARecordIsNotCompared() throws {
        #expect(try Self.record().differences(fromStored: "not json") == nil)
        #expect(try Self.record().differences(fromStored: "[1]") == nil)
    }
}
