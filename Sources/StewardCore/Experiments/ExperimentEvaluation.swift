/// One look at a running experiment's arms: guardrails first, then (at the end of the duration or
/// when asked to conclude) the goal metrics' verdict. Pure: the engine applies the ``Decision``.
public struct ExperimentEvaluation: Sendable, Hashable {
    public var evaluatedAt: Timestamp
    public var controlCount: Int
    public var treatmentCount: Int
    /// Both arms have the minimum sample.
    public var sampleReached: Bool
    /// Every metric of both arms compared, for the live results.
    public var metrics: [MetricComparison]
    public var guardrails: [GuardrailResult]
    public var goals: [GoalResult]
    public var decision: Decision

    /// What the engine should do.
    public enum Decision: Sendable, Hashable {
        /// Keep running.
        case keepRunning
        /// A guardrail was breached: stop now and route to control.
        case rollBack(GuardrailResult)
        /// Record the verdict and stop.
        case conclude(VerdictOutcome)
        /// The experiment is not running; nothing to do.
        case none
    }

    /// Executions per arm before guardrails are judged: the usual floor of the normal approximations
    /// both tests use, so a harmful treatment is stopped long before the verdict's sample.
    public static let guardrailSample = 30

    /// Evaluates `experiment` on its arms' samples at `now`; `conclude` asks for the verdict before
    /// the duration ends (the operator stopping early, on purpose).
    public static func evaluate(
        _ experiment: Experiment, control: ArmSample, treatment: ArmSample, now: Timestamp, conclude: Bool = false
    ) -> ExperimentEvaluation {
        let alpha = experiment.significanceLevel
        let smaller = min(control.count, treatment.count)
        let reached = smaller >= experiment.minimumSample
        let guarded = smaller >= min(experiment.minimumSample, guardrailSample)
        let guardrails = experiment.guardrails.map { guardrail in
            let comparison = MetricComparison(guardrail.metric, control: control, treatment: treatment)
            let harm = comparison.movement(guardrail.metric.harmful)
            let breached = guarded && comparison.significant(guardrail.metric.harmful, alpha: alpha) && harm > guardrail.maxRegression
            return GuardrailResult(guardrail: guardrail, comparison: comparison, breached: breached)
        }
        let goals = experiment.goals.map { goal in
            let comparison = MetricComparison(goal.metric, control: control, treatment: treatment)
            let outcome: String
            if comparison.significant(goal.direction, alpha: alpha) && comparison.movement(goal.direction) >= goal.minimumImprovement {
                outcome = "treatment_better"
            } else if comparison.significant(goal.direction == .increase ? .decrease : .increase, alpha: alpha) {
                outcome = "control_better"
            } else {
                outcome = "no_difference"
            }
            return GoalResult(goal: goal, comparison: comparison, outcome: outcome)
        }
        var evaluation = ExperimentEvaluation(
            evaluatedAt: now, controlCount: control.count, treatmentCount: treatment.count, sampleReached: reached,
            metrics: ExperimentMetric.allCases.map { MetricComparison($0, control: control, treatment: treatment) }, guardrails: guardrails,
            goals: goals, decision: .none)
        guard experiment.isRunning else { return evaluation }
        let ended = now >= experiment.endsAt
        if let breach = guardrails.first(where: \.breached) {
            evaluation.decision = .rollBack(breach)
        } else if !reached {
            evaluation.decision = ended ? .conclude(.insufficientSample) : .keepRunning
        } else if ended || conclude {
            evaluation.decision = .conclude(outcome(of: goals))
        } else {
            evaluation.decision = .keepRunning
        }
        return evaluation
    }

    /// A goal significantly favouring control decides for control (a regression is never
    /// promoted); otherwise any goal met by the treatment decides for it.
    static func outcome(of goals: [GoalResult]) -> VerdictOutcome {
        if goals.contains(where: { $0.outcome == "control_better" }) { return .controlWins }
        if goals.contains(where: { $0.outcome == "treatment_better" }) { return .treatmentWins }
        return .noDifference
    }
}

extension Experiment {
    /// The experiment after `evaluation`'s decision, taken at its time by `actor`.
    public func applying(_ evaluation: ExperimentEvaluation) -> Experiment {
        var next = self
        let now = evaluation.evaluatedAt
        switch evaluation.decision {
        case .none, .keepRunning:
            return self
        case .rollBack(let breach):
            next.status = .rolledBack
            next.endedAt = now
            next.breach = breach
            next.endReason = "guardrail \(breach.guardrail.metric.rawValue) breached: " + breach.comparison.sentence
        case .conclude(let outcome):
            next.status = .completed
            next.endedAt = now
            next.endReason = "verdict: \(outcome.rawValue)"
            next.verdict = ExperimentVerdict(
                outcome: outcome, decidedAt: now, goals: evaluation.goals, controlCount: evaluation.controlCount,
                treatmentCount: evaluation.treatmentCount)
            if outcome == .treatmentWins {
                let met = evaluation.goals.filter { $0.outcome == "treatment_better" }.map(\.comparison.sentence)
                next.proposal = PromotionProposal(
                    status: .pending, strategy: treatment,
                    rationale: "Move \(skill) to \(treatment): " + met.joined(separator: "; "), proposedAt: now)
            }
        }
        return next
    }
}

extension MetricComparison {
    /// The comparison for a person: "success_rate 0.800 → 0.950 (+0.150, p=0.0012)".
    public var sentence: String {
        func figure(_ x: Double) -> String {
            let rounded = (x * 1000).rounded() / 1000
            return String(rounded)
        }
        let change = metric == .successRate
            ? (effect >= 0 ? "+" : "") + figure(effect)
            : (effect >= 0 ? "+" : "") + figure(effect * 100) + "%"
        return "\(metric.rawValue) \(figure(controlValue)) → \(figure(treatmentValue)) (\(change), p=\(pText))"
    }

    private var pText: String {
        if pValue < 0.0001 { return "<0.0001" }
        return String((pValue * 10_000).rounded() / 10_000)
    }
}

extension ExperimentEvaluation {
    /// Its API form and ledger payload; `decision` is keep_running, roll_back, conclude or none.
    public func json() throws(CanonicalJSONError) -> JSONValue {
        var decisionName = "none"
        var members: [String: JSONValue] = [:]
        switch decision {
        case .none: break
        case .keepRunning: decisionName = "keep_running"
        case .rollBack(let breach):
            decisionName = "roll_back"
            members["breach"] = try JSONValueEncoder.encode(breach)
        case .conclude(let outcome):
            decisionName = "conclude"
            members["verdict"] = .string(outcome.rawValue)
        }
        members["decision"] = .string(decisionName)
        members["evaluatedAt"] = .string(evaluatedAt.rfc3339)
        members["controlCount"] = .int(Int64(controlCount))
        members["treatmentCount"] = .int(Int64(treatmentCount))
        members["sampleReached"] = .bool(sampleReached)
        members["metrics"] = try JSONValueEncoder.encode(metrics)
        members["guardrails"] = try JSONValueEncoder.encode(guardrails)
        members["goals"] = try JSONValueEncoder.encode(goals)
        return .object(members)
    }
}
