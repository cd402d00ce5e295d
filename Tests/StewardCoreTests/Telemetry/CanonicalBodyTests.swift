import Testing
import StewardCore

@Suite("Execution record bodies")
struct CanonicalBodyTests {
    @Test func theDirectWriterWritesExactlyTheCanonicalJSONOfTheRecord() throws {
        var record = SkillExecution(
            executionID: "run-1", skillName: "summarize", skillVersion: "1.0", start: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000),
            end: Timestamp(millisecondsSinceEpoch: 1_700_000_000_750), succeeded: false, totalLatencyMs: 750)
        #expect(try record.canonicalBody() == CanonicalJSON.string(record.json))
        record.errorCategory = .Timeout
        record.errorReason = "upstream \"slow\" \u{1F40C} \n"
        record.costUSD = 0.000123
        record.costTier = .Premium
        record.confidenceScore = 0.5
        record.freeTierQuotaPctUsed = 12.25
        record.outputCorrect = true
        record.inputHash = String(repeating: "ab", count: 32)
        record.skillPathInDAG = "orchestrator -> summarize"
        #expect(try record.canonicalBody() == CanonicalJSON.string(record.json))
        guard case .object(let fields) = record.json else { Issue.record("not an object"); return }
        #expect(fields.count == SkillExecution.fieldNames.count)
    }
}
