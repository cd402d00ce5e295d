import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// A remediation step today's budget cannot pay for (QA healing r3 M1, M2): the gate blocks it,
/// so the step never ran. The bandit learns nothing from that attempt, and a breached cost cap goes
/// to a person at once (seed 000 §6) instead of spending the next attempt on another block.
@Suite struct BudgetBlockedStepTests {
    @Test func aBudgetBlockEscalatesAtOnceAndTeachesTheBanditNothing() async throws {
        let f = try HealingFixture { c in
            c.remediation.budgetCapDailyUsd = 0.01
            c.remediation.costs.restart = 0.02
            c.remediation.maxAttempts = 3
        }
        defer { f.close() }
        let id = try #require(try await f.signal("CMO", .error, errorCode: .timeout).incident)
        let incident = try await f.incident(id)
        #expect(incident.status == .escalated && incident.attempts.count == 1, "\(incident.status) \(incident.attempts.count)")
        let step = try #require(incident.attempts[0].steps.first)
        #expect(step.blocked == "BUDGET_EXCEEDED" && step.status == .failed)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: nil, limit: 10).first)
        #expect(escalation.reason == "BudgetExceeded")
        #expect(escalation.summary.contains("which today's remediation budget cannot pay for"), "\(escalation.summary)")
        // QA r8 orchestration M5: the safe option spends nothing (a retry would be blocked the
        // same way), and the aggressive one says the budget must be raised first.
        let options = escalation.recommendedOptions
        #expect(options.map(\.kind) == ["safe", "aggressive"])
        #expect(options[0].playbook == nil && options[0].why.contains("costs nothing"), "\(options[0])")
        #expect(options[1].playbook == nil || options[1].why.contains("raise the remediation budget"), "\(options[1])")
        let arms = try await f.remediator.arms(tenant: "default")
        #expect(arms.values.flatMap { $0 }.allSatisfy { $0.pulls == 0 }, "\(arms)")
    }
}
