import Testing
import StewardCore
import StewardEngine

/// The 409 for an approval today's budget cannot pay (QA F19): it printed the budget's raw
/// floating-point residue ("$0.009000000000000008 of $0.3 is left").
@Suite("Budget refusals")
struct BudgetRefusalTests {
    @Test func anApprovalTheBudgetCannotPayNamesTheAmountsAsMoney() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot { c in
            c.autonomy.dailyBudgetUsd = 0.3
            c.remediation.riskHitlThreshold = 1
            if let i = c.actionTypes.firstIndex(where: { $0.name == "draft_email" }) { c.actionTypes[i].costUsd = 0.291 }
            if let i = c.actionTypes.firstIndex(where: { $0.name == "send_email" }) { c.actionTypes[i].costUsd = 0.05 }
        })
        defer { f.close() }
        let held = try await f.propose("send_email")
        #expect(held.status == .pendingApproval)
        let spent = try await f.propose("draft_email")
        #expect(spent.decision.outcome == .autoExecute)
        do {
            _ = try await f.spine.approve(held.proposal.id, tenant: "default", by: "key:ops", params: nil, note: nil)
            Issue.record("the approval went through")
        } catch {
            guard case .conflict(let why) = error else { Issue.record("expected a conflict, got \(error)"); return }
            #expect(why.hasSuffix("send_email costs $0.05 and $0.009 of $0.30 is left"))
        }
    }
}
