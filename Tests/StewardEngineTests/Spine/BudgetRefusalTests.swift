import Testing
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

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
            // QA ops F14: with money left the budget is not exhausted; it cannot pay for this action.
            #expect(why.hasPrefix("today's budget cannot pay for send_email (autonomy.dailyBudgetUsd)"), "\(why)")
        }
    }

    /// QA ops F14: `budget.warning` carried `"spentUsd":0.19100000000000003`, a sum's float residue.
    @Test func budgetWarningsCarryMoneyWithoutFloatResidue() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot { c in
            c.autonomy.dailyBudgetUsd = 0.2
            c.remediation.riskHitlThreshold = 1
            if let i = c.actionTypes.firstIndex(where: { $0.name == "create_internal_note" }) { c.actionTypes[i].costUsd = 0.05 }
            if let i = c.actionTypes.firstIndex(where: { $0.name == "draft_email" }) { c.actionTypes[i].costUsd = 0.041 }
        })
        defer { f.close() }
        // 0.05 + 0.05 + 0.05 + 0.041 is 0.19100000000000003 in binary floating point.
        for account in ["a1", "a2", "a3"] { #expect(try await f.propose("create_internal_note", account: account).decision.outcome == .autoExecute) }
        #expect(try await f.propose("draft_email", account: "a4").decision.outcome == .autoExecute)
        let warnings = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["budget.warning"], limit: 10)).rows
        #expect(warnings.count == 2)
        for row in warnings {
            let payload = try row.entry().payload
            #expect(payload["spentUsd"] == .double(0.191) && payload["used"] == .double(0.191), "\(payload)")
            #expect(payload["capUsd"] == .double(0.2))
        }
    }

    /// QA paging M1: $0.08 of $0.10 is 80%, though 0.8 × 0.1 is 0.08000000000000002 in binary:
    /// the 80% warning comes then, not together with the 95% one later.
    @Test func aShareReachedExactlyIsWarnedAbout() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot { c in
            c.autonomy.dailyBudgetUsd = 0.1
            c.remediation.riskHitlThreshold = 1
            if let i = c.actionTypes.firstIndex(where: { $0.name == "create_internal_note" }) { c.actionTypes[i].costUsd = 0.02 }
        })
        defer { f.close() }
        for account in ["a1", "a2", "a3", "a4"] { #expect(try await f.propose("create_internal_note", account: account).decision.outcome == .autoExecute) }
        let warnings = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["budget.warning"], limit: 10)).rows
        #expect(try warnings.map { try $0.entry().payload["share"] } == [.double(0.8)])
    }
}
