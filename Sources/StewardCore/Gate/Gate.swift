/// The gate every proposal passes (DESIGN.md, "The spine"): kill switch → breakers → autonomy mode
/// and scope → policy rules → cost gate → budgets → risk score. Every check runs and is reported;
/// the decision is the most restrictive outcome any check imposed, and the first check that
/// imposed it gives the reason, clause and explanation.
///
/// Pure: the same function serves `POST /v1/actions`, the dry-run endpoint and offline replay.
public enum Gate {
    /// The reason of a scheduled or event run deferred until a digest has told its account what
    /// autopilot did (seed 003 mode 4).
    public static let digestPendingReason = GateChecks.digestPending

    /// Decides one proposal.
    public static func decide(_ input: GateInput, settings: GateSettings) -> GateDecision {
        let type = input.actionType
        let risk = RiskAssessment.assess(input.proposal, type: type, budget: input.budget)
        let riskHigh = risk.score >= settings.riskThreshold
            || risk.passesSpendingLimit(costUsd: type.costUsd, budget: input.budget, threshold: settings.riskThreshold)
        let policy = PolicyEvaluation.run(settings.policy, on: input)
        let cost = CostGate.evaluate(input, settings: settings.costGate)
        let checks = [
            GateChecks.killSwitch(input),
            GateChecks.breakers(input),
            GateChecks.autonomy(input),
            policy.check,
            GateChecks.costGate(cost),
            GateChecks.budgets(input),
            GateChecks.risk(risk, threshold: settings.riskThreshold, high: riskHigh),
        ]
        var outcome = checks.lazy.map(\.ceiling).min() ?? .autoExecute
        // The invariants hold whatever the checks above say.
        if outcome == .autoExecute && (type.neverAutonomous || input.killSwitch.engaged) { outcome = .requireApproval }
        let deciding = checks.first { $0.ceiling == outcome } ?? checks[2]

        var escalation: EscalationOptions?
        if outcome == .requireApproval && riskHigh {
            let pages = input.activity.escalationsToday < settings.maxEscalationsPerDay
            escalation = .compose(for: input.proposal, type: type, risk: risk, budget: input.budget, pages: pages)
        }
        var explanation = outcome == .autoExecute ? autoExplanation(input, allowing: policy.allowingRule, risk: risk) : deciding.detail
        if outcome != .block, outcome != .autoExecute, let unevaluated = policy.unevaluatedBlocks, !explanation.hasSuffix(unevaluated) {
            explanation += unevaluated
        }
        let deferUntil = outcome == .defer_ ? checks.compactMap { $0.ceiling == .defer_ ? retryAt(for: $0, cost: cost, input) : nil }.max() : nil
        return GateDecision(
            outcome: outcome,
            reason: outcome == .autoExecute ? (policy.allowingClause == nil ? "AUTOPILOT" : "POLICY_ALLOW") : deciding.reason,
            policyClause: outcome == .autoExecute ? policy.allowingClause : deciding.clause,
            explanation: explanation,
            configRevision: settings.configRevision, checks: checks, warnings: policy.warnings, audits: policy.audits,
            deferUntil: deferUntil, costGate: cost, risk: risk,
            utility: .of(input.proposal, type: type, risk: risk, values: settings.values, successProbability: input.successProbability),
            escalation: escalation, decidedAt: input.now)
    }

    /// When a deferring check lets the proposal try again.
    private static func retryAt(for check: GateCheck, cost: CostVerdict, _ input: GateInput) -> Timestamp? {
        if check.name == .costGate { return cost.retryAt }
        if check.reason == GateChecks.digestPending { return input.now.adding(milliseconds: GateChecks.digestRetryMilliseconds) }
        return input.now.startOfNextUTCDay
    }

    private static func autoExplanation(_ input: GateInput, allowing rule: String?, risk: RiskAssessment) -> String {
        // Appended into one buffer: this sentence is built for every auto-executed proposal, and
        // interpolating its optional parts would build and copy two more strings.
        var text = "Autopilot runs "
        text.reserveCapacity(200)
        text += input.proposal.type
        if let account = input.proposal.account {
            text += " for account "
            text += account
        }
        text += " without a person: "
        if let rule {
            text += "policy rule '"
            text += rule
            text += "' allows it"
        } else {
            text += "it is in the autopilot scope"
        }
        text += ", it is low-risk, reversible and idempotent, within budget, and its risk score is "
        text += DecimalText(hundredthsOf: risk.score).description
        text += "."
        return text
    }
}
