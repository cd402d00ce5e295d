import Testing
import StewardCore

@Suite("Experiment evaluation")
struct ExperimentEvaluationTests {
    static let start = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)

    static func experiment(minimumSample: Int = 50, guardrails: [Guardrail] = [Guardrail(metric: .successRate, maxRegression: 0.05)]) -> Experiment {
        ExperimentDefinition(
            name: "speed", skill: "git-push", control: "current", treatment: "fast", trafficSplit: 0.5, durationDays: 7,
            minimumSample: minimumSample, significanceLevel: 0.05,
            goals: [GoalMetric(metric: .latency, direction: .decrease, minimumImprovement: 0.1)], guardrails: guardrails
        ).start(id: "exp-1", at: start, by: "key:ops")
    }

    /// `count` executions of `strategy`: the first `successes` succeed; latencies cycle around `latency`.
    static func facts(_ strategy: String, count: Int, successes: Int, latency: Int64, cost: Double? = 0.01, at offset: Int64 = 1_000) -> [ExecutionFact] {
        (0..<count).map { index in
            ExecutionFact(
                skill: "git-push", strategy: strategy, startMs: start.millisecondsSinceEpoch + offset + Int64(index),
                endMs: start.millisecondsSinceEpoch + offset + Int64(index) + latency, succeeded: index < successes,
                latencyMs: latency + Int64(index % 20) * 10, costUSD: cost)
        }
    }

    static func evaluate(_ e: Experiment, _ facts: [ExecutionFact], at now: Timestamp, conclude: Bool = false) -> ExperimentEvaluation {
        ExperimentEvaluation.evaluate(
            e, control: ArmSample(facts, strategy: e.control, since: e.createdAt), treatment: ArmSample(facts, strategy: e.treatment, since: e.createdAt),
            now: now, conclude: conclude)
    }

    @Test func aClearlyFasterTreatmentWinsOnDemandAndBecomesAProposal() {
        let e = Self.experiment()
        let facts = Self.facts("current", count: 100, successes: 97, latency: 1_000) + Self.facts("fast", count: 100, successes: 97, latency: 600)
        let evaluation = Self.evaluate(e, facts, at: Self.start.adding(milliseconds: 3_600_000), conclude: true)
        #expect(evaluation.decision == .conclude(.treatmentWins))
        #expect(evaluation.goals[0].outcome == "treatment_better" && evaluation.goals[0].comparison.pValue < 0.001)
        let next = e.applying(evaluation)
        #expect(next.status == .completed && next.verdict?.outcome == .treatmentWins)
        #expect(next.proposal?.status == .pending && next.proposal?.strategy == "fast")
    }

    @Test func withoutConcludingItKeepsRunningUntilTheDurationEnds() {
        let e = Self.experiment()
        let facts = Self.facts("current", count: 100, successes: 97, latency: 1_000) + Self.facts("fast", count: 100, successes: 97, latency: 600)
        #expect(Self.evaluate(e, facts, at: Self.start.adding(milliseconds: 60_000)).decision == .keepRunning)
        #expect(Self.evaluate(e, facts, at: e.endsAt).decision == .conclude(.treatmentWins))
    }

    @Test func aCollapsingSuccessRateRollsBackAtOnce() {
        let e = Self.experiment()
        let facts = Self.facts("current", count: 60, successes: 58, latency: 1_000) + Self.facts("fast", count: 60, successes: 20, latency: 600)
        let evaluation = Self.evaluate(e, facts, at: Self.start.adding(milliseconds: 60_000))
        guard case .rollBack(let breach) = evaluation.decision else {
            Issue.record("expected a rollback, got \(evaluation.decision)")
            return
        }
        #expect(breach.guardrail.metric == .successRate && breach.comparison.effect < -0.5)
        let next = e.applying(evaluation)
        #expect(next.status == .rolledBack && !next.isRunning && next.proposal == nil)
    }

    @Test func noVerdictBeforeTheMinimumSampleEvenWhenAskedToConclude() {
        let e = Self.experiment(minimumSample: 100)
        let facts = Self.facts("current", count: 60, successes: 58, latency: 1_000) + Self.facts("fast", count: 60, successes: 59, latency: 600)
        #expect(Self.evaluate(e, facts, at: Self.start.adding(milliseconds: 60_000), conclude: true).decision == .keepRunning)
        #expect(Self.evaluate(e, facts, at: e.endsAt).decision == .conclude(.insufficientSample))
    }

    /// Guardrails are judged from 30 executions per arm, long before a verdict's 100.
    @Test func guardrailsAreJudgedFromThirtyPerArm() {
        let e = Self.experiment(minimumSample: 100)
        let early = Self.facts("current", count: 29, successes: 29, latency: 1_000) + Self.facts("fast", count: 29, successes: 5, latency: 600)
        #expect(Self.evaluate(e, early, at: Self.start.adding(milliseconds: 60_000)).decision == .keepRunning)
        let thirty = Self.facts("current", count: 30, successes: 30, latency: 1_000) + Self.facts("fast", count: 30, successes: 5, latency: 600)
        guard case .rollBack(let breach) = Self.evaluate(e, thirty, at: Self.start.adding(milliseconds: 60_000)).decision else {
            Issue.record("expected a rollback at 30 per arm")
            return
        }
        #expect(breach.guardrail.metric == .successRate && breach.comparison.controlCount == 30)
    }

    @Test func aSmallDropWithinTheGuardrailIsAllowed() {
        let e = Self.experiment(guardrails: [Guardrail(metric: .successRate, maxRegression: 0.5)])
        let facts = Self.facts("current", count: 100, successes: 99, latency: 1_000) + Self.facts("fast", count: 100, successes: 80, latency: 1_000)
        let evaluation = Self.evaluate(e, facts, at: Self.start.adding(milliseconds: 60_000), conclude: true)
        #expect(evaluation.guardrails[0].breached == false)
        #expect(evaluation.decision == .conclude(.noDifference))
    }

    @Test func aSlowerTreatmentLosesAndExecutionsBeforeTheStartDoNotCount() {
        let e = Self.experiment(guardrails: [])
        let before = Self.facts("fast", count: 100, successes: 100, latency: 10, at: -500_000)
        let facts = before + Self.facts("current", count: 100, successes: 97, latency: 600) + Self.facts("fast", count: 100, successes: 97, latency: 1_000)
        let evaluation = Self.evaluate(e, facts, at: Self.start.adding(milliseconds: 60_000), conclude: true)
        #expect(evaluation.treatmentCount == 100)
        #expect(evaluation.decision == .conclude(.controlWins))
    }

    @Test func aStoppedExperimentIsNotDecidedAgain() {
        var e = Self.experiment()
        e.status = .stopped
        let facts = Self.facts("current", count: 100, successes: 97, latency: 1_000) + Self.facts("fast", count: 100, successes: 10, latency: 600)
        #expect(Self.evaluate(e, facts, at: e.endsAt, conclude: true).decision == .none)
    }
}
