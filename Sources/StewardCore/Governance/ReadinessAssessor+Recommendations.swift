extension ReadinessAssessor {
    /// Executions below which a low success rate is noise rather than a reason to roll back.
    public static let rollbackMinimumExecutions = 20

    /// The advice, most urgent first:
    /// - rollback (high) when a critical incident is attributed to autonomous actions, the success
    ///   rate is under 99% over at least 20 executions, or a breaker reverted to L3 in the period;
    /// - investigate (medium) when a non-required data item fails, or the rollback rate is 2% or more;
    /// - expand_scope (high) when ready, a next level exists and nothing calls for a rollback;
    ///   maintain (low) instead while the last expansion's validation period runs;
    /// - maintain (low) when none of the above applies.
    static func recommendations(
        facts: ReadinessFacts, items: [ChecklistItem], overall: ReadinessReport.Overall, phase: AutonomyLevel
    ) -> [Recommendation] {
        var advice: [Recommendation] = []
        if let rollback = rollback(facts, phase: phase) { advice.append(rollback) }
        if let investigate = investigate(facts, items: items) { advice.append(investigate) }
        if advice.first?.type != .rollback, overall.ready, let next = phase.next {
            // Advising an expansion the cycle will not draft (nor anyone approve) would mislead.
            if let until = facts.validationEndsAt {
                advice.append(validate(phase: phase, next: next, until: until))
            } else {
                advice.append(expand(facts, overall: overall, phase: phase, next: next))
            }
        }
        if advice.isEmpty { advice.append(maintain(overall, phase: phase)) }
        return advice
    }

    private static func rollback(_ facts: ReadinessFacts, phase: AutonomyLevel) -> Recommendation? {
        let metrics = facts.metrics
        var reasons: [String] = []
        if facts.criticalIncidentsFromCommands > 0 {
            reasons.append("\(GovernanceText.plural(facts.criticalIncidentsFromCommands, "critical incident")) attributed to autonomous actions")
        }
        if metrics.executions >= rollbackMinimumExecutions, let rate = metrics.rates.successRate, rate < 0.99 {
            reasons.append("success rate \(GovernanceText.percent(rate)) over "
                + "\(GovernanceText.plural(metrics.executions, "execution")), under 99%")
        }
        if facts.revertTrips > 0 {
            reasons.append("\(GovernanceText.plural(facts.revertTrips, "breaker trip")) reverted to L3")
        }
        guard !reasons.isEmpty else { return nil }
        let first = phase > .l3
            ? "Revert the tenant from \(phase.rawValue) to L3 (a person approves every action) until the causes are fixed"
            : "Hold at L3 and remove the action types behind the incidents and failures from the autopilot scope"
        return Recommendation(
            type: .rollback, priority: .high, rationale: "Roll back: " + reasons.joined(separator: "; ") + " in the period.",
            actions: [
                first,
                "Write an incident report for each attributed incident and review it with the action's owner",
                "Assess readiness again after a week without critical incidents",
            ])
    }

    private static func investigate(_ facts: ReadinessFacts, items: [ChecklistItem]) -> Recommendation? {
        var weak = items.filter { !$0.required && !$0.status && $0.decidedBy == .data }
        let rollbackKey = "technical.rollback_rate"
        if facts.metrics.rates.rollbackRate >= 0.02, !weak.contains(where: { $0.key == rollbackKey }),
            let rollbackItem = items.first(where: { $0.key == rollbackKey }) {
            weak.append(rollbackItem)
        }
        guard !weak.isEmpty else { return nil }
        return Recommendation(
            type: .investigate, priority: .medium,
            rationale: "Investigate: " + weak.map { "\($0.name) fails (\($0.details))" }.joined(separator: "; ") + ".",
            actions: weak.map { "Find out why “\($0.name)” fails before it costs points at the next assessment" })
    }

    private static func expand(
        _ facts: ReadinessFacts, overall: ReadinessReport.Overall, phase: AutonomyLevel, next: AutonomyLevel
    ) -> Recommendation {
        let metrics = facts.metrics
        return Recommendation(
            type: .expandScope, priority: .high,
            rationale: "Ready for \(next.rawValue): \(overall.points) of \(overall.maxPoints) points "
                + "(\(GovernanceText.percent(overall.score))), every required item passes, success rate "
                + "\(metrics.rates.successRate.map(GovernanceText.percent) ?? "not measured") over \(GovernanceText.plural(metrics.executions, "execution")).",
            actions: [
                "Propose \(phase.rawValue) → \(next.rawValue) through a scope expansion proposal",
                "Whitelist only action types with a clean record: at least 99.5% success and no rollbacks",
                "Keep the circuit breakers and the kill switch armed through the validation period",
            ])
    }

    private static func validate(phase: AutonomyLevel, next: AutonomyLevel, until: Timestamp) -> Recommendation {
        Recommendation(
            type: .maintain, priority: .low,
            rationale: "Ready for \(next.rawValue), but \(phase.rawValue) is in its validation period until \(until.rfc3339): "
                + "no further expansion before then.",
            actions: [
                "Watch the new scope's executions, rollbacks and breaker trips through the validation period",
                "Propose \(phase.rawValue) → \(next.rawValue) at the first cycle after \(until.rfc3339)",
            ])
    }

    private static func maintain(_ overall: ReadinessReport.Overall, phase: AutonomyLevel) -> Recommendation {
        let score = "\(overall.points) of \(overall.maxPoints) points (\(GovernanceText.percent(overall.score)))"
        let rationale: String
        if overall.ready {
            rationale = "Stay at \(phase.rawValue), the highest level: \(score)."
        } else if overall.blockers.isEmpty {
            rationale = "Stay at \(phase.rawValue): \(score), \(ReadinessChecklist.readyPoints) needed."
        } else {
            rationale = "Stay at \(phase.rawValue): \(score), \(ReadinessChecklist.readyPoints) needed; "
                + "\(GovernanceText.plural(overall.blockers.count, "required item")) failing: "
                + overall.blockers.joined(separator: ", ") + "."
        }
        return Recommendation(
            type: .maintain, priority: .low, rationale: rationale,
            actions: ["Work through the next actions, required items first", "Assess readiness again next week"])
    }
}
