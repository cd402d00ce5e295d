import StewardCore

/// Action records built by hand for the digest and calibration tests.
enum DigestFixtures {
    /// 2026-03-14T00:00:00Z, the day most tests look at.
    static let day = Timestamp(millisecondsSinceEpoch: 1_773_446_400_000)

    /// A time on `day`, as hours, minutes and seconds after midnight.
    static func at(_ h: Int64, _ m: Int64 = 0, _ s: Int64 = 0) -> Timestamp {
        day.adding(milliseconds: ((h * 60 + m) * 60 + s) * 1000)
    }

    static func decision(
        _ outcome: GateOutcome, reason: String, explanation: String, at: Timestamp, deferUntil: Timestamp? = nil
    ) -> GateDecision {
        GateDecision(
            outcome: outcome, reason: reason, policyClause: nil, explanation: explanation, configRevision: "rev-1",
            checks: [], warnings: [], audits: [], deferUntil: deferUntil,
            costGate: CostVerdict(verdict: .allow, reason: "WITHIN_BUDGET", detail: "Within budget."),
            risk: RiskAssessment(budgetOverrun: 0.1, blastRadius: 0, compliance: 0),
            utility: ExpectedUtility(valueGain: 1, cost: 0.01, riskPenalty: 0), escalation: nil, decidedAt: at)
    }

    /// A record whose proposal, decision and creation share one time unless told otherwise.
    static func record(
        _ id: String, type: String = "create_internal_note", agent: String = "scout", tenant: String = "acme",
        account: String? = "acct-1", status: ActionStatus, outcome: GateOutcome, reason: String = "POLICY_ALLOW",
        explanation: String = "Allowed.", at: Timestamp, decidedAt: Timestamp? = nil, deferUntil: Timestamp? = nil,
        executedAt: Timestamp? = nil, chargedUsd: Double = 0, labels: [OutcomeLabel] = [], predicted: Double = 0.5
    ) -> ActionRecord {
        let decided = decidedAt ?? at
        var record = ActionRecord(
            proposal: ActionProposal(id: id, tenant: tenant, agent: agent, account: account, type: type),
            status: status,
            decision: decision(outcome, reason: reason, explanation: explanation, at: decided, deferUntil: deferUntil),
            execution: executedAt.map { ExecutionRecord(executor: "record", startedAt: $0, attempts: 1) },
            outcomes: labels.map { OutcomeEntry(label: $0, at: decided, by: "test") },
            predictedSuccess: predicted, chargedUsd: chargedUsd, createdAt: at, updatedAt: decided,
            idempotencyKey: id)
        // One the gate held that ran was approved by a person (an expiry that approves is the exception).
        if outcome != .autoExecute, let executedAt { record.approvals = [Approval(by: "key:ops", at: executedAt)] }
        return record
    }
}
