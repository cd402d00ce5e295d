import StewardCore
import Testing

/// Monitoring a new strategy (seed 004 §2c.3).
@Suite struct RollbackRuleTests {
    static let rule = RollbackRule(guardrails: AutonomyGuardrails(), minimumSample: 30)

    /// Executions ending one second apart, in the order given.
    static func run(_ outcomes: [Bool]) -> [ExecutionFact] {
        outcomes.enumerated().map { i, ok in
            ExecutionFact(skill: "s", strategy: "new", startMs: Int64(i) * 1000, endMs: Int64(i) * 1000 + 500, succeeded: ok, latencyMs: 500)
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let outcomes: [Bool]
        let rollsBackOn: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nothing yet", outcomes: [], rollsBackOn: nil),
        Case(name: "two failures", outcomes: [false, false], rollsBackOn: nil),
        Case(name: "three failures", outcomes: [true, false, false, false], rollsBackOn: "maxConsecutiveFailuresBeforeRevert"),
        Case(name: "three failures, not consecutive", outcomes: [false, true, false, true, false], rollsBackOn: nil),
        Case(name: "a success ends the run", outcomes: [false, false, false, true], rollsBackOn: nil),
        Case(name: "29 executions at 90%: too few to judge the rate", outcomes: Array(repeating: [true, true, true, true, true, true, true, true, false], count: 3).flatMap { $0 } + [true, true], rollsBackOn: nil),
        Case(name: "30 executions at 90%", outcomes: Array(repeating: [true, true, true, true, true, true, true, true, true, false], count: 3).flatMap { $0 }, rollsBackOn: "maxSuccessRateReduction"),
        Case(name: "30 executions at 100%", outcomes: Array(repeating: true, count: 30), rollsBackOn: nil),
    ]

    @Test("Table", arguments: cases)
    func table(_ c: Case) {
        switch Self.rule.judge(Self.run(c.outcomes), previousSuccessRate: 0.98) {
        case .keep: #expect(c.rollsBackOn == nil)
        case .rollBack(let guardrail, _, _, _): #expect(c.rollsBackOn == guardrail)
        }
    }

    @Test("Consecutive means by end time, whatever order the facts come in")
    func order() {
        let facts = Self.run([true, false, false, false]).reversed()
        guard case .rollBack(_, let reason, let n, let rate) = Self.rule.judge(Array(facts), previousSuccessRate: nil) else {
            Issue.record("expected a rollback")
            return
        }
        #expect(reason == "3 consecutive failures (limit 3)" && n == 4 && rate == 0.25)
    }

    @Test("Below the reliability floor even when the previous strategy was as bad")
    func floor() {
        let outcomes = Array(repeating: [true, true, true, true, true, true, true, true, true, false], count: 3).flatMap { $0 }
        guard case .rollBack(let guardrail, _, _, _) = Self.rule.judge(Self.run(outcomes), previousSuccessRate: 0.9) else {
            Issue.record("expected a rollback")
            return
        }
        #expect(guardrail == "minReliability")
    }
}
