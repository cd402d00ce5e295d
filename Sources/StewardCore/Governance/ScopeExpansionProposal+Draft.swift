extension ScopeExpansionProposal {
    /// Tech lead and ops lead, as seed 002 open question 2 proposes for L3 → L4.
    public static let defaultApprovals = ["tech-lead", "ops-lead"]
    /// The least success rate a type needs to be whitelisted: the readiness bar of 99.5%.
    public static let whitelistSuccessRate = 0.995
    /// Executions from which a whitelisted type counts as low risk.
    public static let lowRiskExecutions = 100

    /// A proposal to move from the readiness report's phase to the next, or nil unless the report
    /// is ready and a next level exists.
    ///
    /// - Parameters:
    ///   - currentScope: the action types autopilot may already run; they are not proposed again.
    ///   - candidates: the per-type records to choose from; nil takes `metrics.byActionType`.
    ///   - minExecutions: executions a type needs before its record counts (20 by default).
    ///   - limit: the most types proposed at once (5 by default), to keep each step small.
    ///   - ttl: how long the proposal waits for approvals.
    public static func draft(
        id: String, metrics: AutonomyMetrics, readiness: ReadinessReport, currentScope: Set<String>,
        candidates: [ActionTypeRecord]? = nil, now: Timestamp, validationDays: Int = 14,
        requiredApprovals: [String] = defaultApprovals, ttl: Duration = .seconds(7 * 86_400),
        minExecutions: Int = 20, limit: Int = 5
    ) -> ScopeExpansionProposal? {
        guard readiness.overall.ready, let target = readiness.currentPhase.next else { return nil }
        let chosen = whitelist(
            candidates ?? metrics.byActionType, excluding: currentScope, minExecutions: minExecutions, limit: limit)
        let lowRisk = chosen.allSatisfy { $0.executions >= lowRiskExecutions }
        return ScopeExpansionProposal(
            proposalId: id, timestamp: now,
            expansion: Expansion(
                currentPhase: readiness.currentPhase, targetPhase: target, commandsToWhitelist: chosen.map(\.type),
                validationPeriod: validationDays),
            rationale: Rationale(
                metrics: metrics, readiness: readiness, keyAchievements: achievements(metrics, readiness, chosen)),
            riskAssessment: Risk(
                level: lowRisk ? .low : .medium, mitigations: mitigations(validationDays),
                rollbackPlan: rollbackPlan(readiness.currentPhase, types: chosen.map(\.type), validationDays: validationDays)),
            requiredApprovals: requiredApprovals, expiresAt: now.adding(milliseconds: milliseconds(ttl)))
    }

    /// Types with a clean record not yet in scope: at least `minExecutions` executions, a success
    /// rate of 99.5% or more and no rollback; best first (success rate, then volume, then name).
    public static func whitelist(
        _ records: [ActionTypeRecord], excluding scope: Set<String>, minExecutions: Int = 20, limit: Int = 5
    ) -> [ActionTypeRecord] {
        let clean = records.filter { record in
            !scope.contains(record.type) && record.executions >= minExecutions
                && record.successRate >= whitelistSuccessRate && record.rolledBack == 0
        }
        let ranked = clean.sorted { a, b in
            if a.successRate != b.successRate { return a.successRate > b.successRate }
            if a.executions != b.executions { return a.executions > b.executions }
            return a.type < b.type
        }
        return Array(ranked.prefix(max(0, limit)))
    }

    private static func achievements(_ metrics: AutonomyMetrics, _ readiness: ReadinessReport, _ chosen: [ActionTypeRecord]) -> [String] {
        let overall = readiness.overall
        var lines = [
            "Readiness \(overall.points) of \(overall.maxPoints) points (\(GovernanceText.percent(overall.score))) "
                + "with every required item passing.",
            "Command success rate \(metrics.rates.successRate.map(GovernanceText.percent) ?? "not measured") over "
                + "\(GovernanceText.plural(metrics.executions, "execution")); rollback rate "
                + "\(GovernanceText.percent(metrics.rates.rollbackRate)).",
            "Approval rate \(GovernanceText.percent(metrics.rates.approvalRate)) of "
                + "\(GovernanceText.plural(metrics.commands.proposed, "proposal")).",
            "No critical incident from autonomous actions; \(GovernanceText.plural(metrics.incidents.total, "incident")) in all, "
                + "\(metrics.incidents.fromAutonomousActions) attributed to autonomous actions.",
            "\(GovernanceText.plural(readiness.daysSincePhaseStart, "day")) at \(readiness.currentPhase.rawValue).",
        ]
        lines += chosen.map { record in
            "\(record.type): \(GovernanceText.count(record.succeeded)) of \(GovernanceText.plural(record.executions, "execution")) "
                + "succeeded (\(GovernanceText.percent(record.successRate))), none rolled back."
        }
        return lines
    }

    private static func mitigations(_ validationDays: Int) -> [String] {
        [
            "Circuit breakers stay armed: a high error rate or a critical incident reverts the tenant to L3 automatically, "
                + "and repeated failures of one type pause that type.",
            "The kill switch stops every autonomous execution at once and is drilled at least every "
                + "\(ReadinessAssessor.drillFreshnessDays) days.",
            "The new scope is watched for \(GovernanceText.plural(validationDays, "day")) before any further expansion.",
            "Every autonomous action and its outcome is recorded in the hash-chained ledger for audit.",
        ]
    }

    private static func rollbackPlan(_ current: AutonomyLevel, types: [String], validationDays: Int) -> String {
        let scope = types.isEmpty ? "" : " and remove \(types.joined(separator: ", ")) from the autopilot scope"
        return "If a revert_to_l3 breaker trips or a critical incident is attributed to an autonomous action during the "
            + "\(validationDays)-day validation period, the breakers put the tenant back at L3 at once; operators can also "
            + "set the level back to \(current.rawValue)\(scope) with PUT /v1/autonomy, or engage the kill switch "
            + "(POST /v1/kill-switch) to stop all autonomous execution."
    }

    /// A duration in whole milliseconds.
    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds &* 1000 &+ attoseconds / 1_000_000_000_000_000
    }
}
