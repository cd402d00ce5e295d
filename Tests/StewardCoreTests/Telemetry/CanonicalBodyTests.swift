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

    @Test func everyFieldSetOrAbsentIsWrittenAsTheCanonicalJSONWrites() throws {
        var random = SeededGenerator(seed: 20261205)
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { Bool.random(using: &random) ? value() : nil }
        let texts = ["", "a", "plain text", "quote \" and back\\slash", "tab\tnew\nline\u{7}", "ünïcödé \u{1F40C}", String(repeating: "x", count: 40)]
        let ints: [Int64] = [0, 1, -1, 9, 10, 99, 12_345, Int64.max, Int64.min, -1_000_000_007]
        let doubles: [Double] = [0, -0.0, 1, 0.5, 0.1, 1e-7, 1.5e-300, 123_456.789, 1e21, 2e15, 0.000123, 99.99]
        func text() -> String { texts.randomElement(using: &random) ?? "" }
        func int() -> Int64 { ints.randomElement(using: &random) ?? 0 }
        func double() -> Double { doubles.randomElement(using: &random) ?? 0 }
        for _ in 0..<500 {
            var record = SkillExecution(
                executionID: text(), skillName: text(), skillVersion: text(),
                start: Timestamp(millisecondsSinceEpoch: Int64.random(in: 0...4_000_000_000_000, using: &random)),
                end: Timestamp(millisecondsSinceEpoch: Int64.random(in: 0...4_000_000_000_000, using: &random)),
                succeeded: Bool.random(using: &random), totalLatencyMs: int())
            record.orchestratorVersion = maybe(text())
            record.operatorName = maybe(text())
            record.environment = maybe(text())
            record.errorCategory = maybe(SkillExecution.ErrorCategory.allCases.randomElement(using: &random) ?? .Logic)
            record.errorCode = maybe(int())
            record.errorReason = maybe(text())
            record.wallClockTimeMs = maybe(int())
            record.tokensUsed = int()
            record.tokensInput = int()
            record.tokensOutput = int()
            record.costUSD = maybe(double())
            record.costTier = maybe(SkillExecution.CostTier.allCases.randomElement(using: &random) ?? .Free)
            record.costSource = SkillExecution.CostSource.allCases.randomElement(using: &random) ?? .none
            record.provider = maybe(text())
            record.model = maybe(text())
            record.freeTierQuotaUsedToday = maybe(int())
            record.freeTierQuotaRemaining = maybe(int())
            record.freeTierQuotaPctUsed = maybe(double())
            record.outputCorrect = maybe(Bool.random(using: &random))
            record.confidenceScore = maybe(double())
            record.decisionMade = maybe(text())
            record.inputHash = maybe(text())
            record.outputHash = maybe(text())
            record.skillPathInDAG = maybe(text())
            record.skillFingerprint = maybe(text())
            record.routingStrategy = maybe(text())
            #expect(try record.canonicalBody() == CanonicalJSON.string(record.json))
        }
    }

    @Test func integersAreWrittenInFullAtBothEnds() throws {
        for value: Int64 in [0, 7, -7, 10, -10, 1_000_000, Int64.max, Int64.min, Int64.min + 1] {
            var out: [UInt8] = []
            CanonicalJSON.writeInt(value, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }
}
