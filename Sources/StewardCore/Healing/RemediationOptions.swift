/// Composes the two options of an escalation from what was tried and what remains (seed 001 §7).
public enum RemediationOptions {
    /// How long a person's reduced scope caps the agent before the healing round gives its slots back.
    public static let reducedScopeMinutes: Int64 = 60

    /// A safe option and an aggressive one for `incident`, given the playbooks of its class and
    /// `takeover`, a declared Operations agent that could take over the agent's work (nil when
    /// the fleet has none): an option never names an agent that does not exist. With
    /// `budgetSpent` (today's remediation budget cannot pay for a step) the safe option spends
    /// nothing, and the aggressive one says it needs the budget raised first.
    public static func compose(
        for incident: Incident, candidates: [Playbook], prices: StepPrices, takeover: String? = nil, budgetSpent: Bool = false
    ) -> [RemediationOption] {
        // Tried: what the attempts ran (the bandit's pick too) and what healed the last incident without holding.
        let tried = incident.playbooksTried
        let untried = candidates.filter { !tried.contains($0.name) && !$0.steps.contains { $0.primitive == .selectByBandit } }
        // Run once more, the playbook that last ran (the one the bandit selected, not the bandit's
        // own), unless a person chose it through the last escalation and it failed: offering the
        // same choice again gives the person nothing new.
        let lastAttempt = incident.attempts.last
        let last = lastAttempt.map { $0.selected ?? $0.playbook }
        // A person who rejected one of its steps said no to it as well: it is not offered again.
        let rejecter = lastAttempt?.steps.compactMap(\.rejectedBy).first
        let refused: String? = last.flatMap { playbook in
            if let person = lastAttempt?.chosenBy { return "\(playbook), chosen by \(person), did not heal it" }
            return rejecter.map { "\($0) rejected a step of \(playbook)" }
        }
        let capped = "\(incident.agent) is throttled to its minimum concurrency for \(reducedScopeMinutes) min"
        let safe: RemediationOption
        switch incident.classification {
        case .config:
            let missing = incident.lastSignal.context.missingSecrets
            let what = missing.isEmpty ? "its configuration" : "the missing secrets (\(missing.joined(separator: ", ")))"
            safe = RemediationOption(
                name: "PauseUntilConfigFixed", kind: "safe",
                why: "\(incident.agent) stays throttled to its minimum until a person fixes \(what); nothing runs on a broken configuration",
                reduceScope: true)
        case .conflict:
            safe = RemediationOption(
                name: "PauseLosingAgent", kind: "safe",
                why: "the lower-priority agent stops work on the contested directive; the higher-priority one keeps it, no work is lost",
                reduceScope: true)
        default:
            if budgetSpent {
                // QA r8 orchestration M5: a retry would be blocked by the same spent budget.
                safe = RemediationOption(
                    name: "ReduceScope", kind: "safe",
                    why: "costs nothing: \(capped) and the incident closes; no step runs while today's remediation budget is spent",
                    reduceScope: true)
            } else if let refused {
                safe = RemediationOption(
                    name: "ReduceScope", kind: "safe",
                    why: "lowers risk: \(capped) and the incident closes; \(refused), so it is not offered again",
                    reduceScope: true)
            } else if let last {
                safe = RemediationOption(
                    name: "ReduceScopeAndRetry", kind: "safe",
                    why: "keeps the SLA, lowers risk: \(capped) and \(last) runs once more",
                    playbook: last, reduceScope: true)
            } else {
                // Nothing ran for this incident (a flapping agent escalates before any attempt): no retry to offer.
                safe = RemediationOption(
                    name: "ReduceScope", kind: "safe",
                    why: "lowers risk: \(capped) and the incident closes; no playbook runs, as none has held"
                        + (incident.notHeld.map { " (\($0.joined(separator: ", ")) healed it before and did not hold)" } ?? ""),
                    reduceScope: true)
            }
        }
        let aggressive: RemediationOption
        let funded = budgetSpent ? " (raise the remediation budget, AUTOREM_BUDGET_CAP_DAILY_USD, first: today's is spent)" : ""
        if let next = untried.first {
            aggressive = RemediationOption(
                name: "Run\(next.name)", kind: "aggressive",
                why: "not yet tried for this incident; \(next.steps.map(\.primitive.rawValue).joined(separator: " → ")) for \(FormattedUsd(prices.price(next)))"
                    + funded,
                playbook: next.name)
        } else if let takeover {
            // Steward does not move a directive between agents: say plainly who does.
            aggressive = RemediationOption(
                name: "ReassignTo\(takeover)", kind: "aggressive",
                why: "every playbook for \(incident.classification.rawValue) was tried; \(takeover) (Operations) can take over \(incident.agent)'s directive "
                    + "(capacity + higher ROI path). Steward does not reassign work itself: choosing this closes the incident, and you hand the directive to \(takeover)")
        } else {
            aggressive = RemediationOption(
                name: "HandOverToPerson", kind: "aggressive",
                why: "every playbook for \(incident.classification.rawValue) was tried and no other Operations agent is declared to take over; "
                    + "choosing this closes the incident, and you take \(incident.agent)'s directive in hand")
        }
        return [safe, aggressive]
    }
}

