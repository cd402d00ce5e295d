import Foundation
import Testing
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

/// Params edited at approval pass the gate's policy as a proposal would, and every required
/// approver approves the params that run (QA F3).
@Suite("Edits at approval")
struct ApprovalEditTests {
    /// `modify_discount` needs two approvers; discounts above 20% are blocked by policy.
    static let configuration = SpineFixture.autopilot { c in
        if let i = c.actionTypes.firstIndex(where: { $0.name == "modify_discount" }) { c.actionTypes[i].approval.approvers = 2 }
        c.policy.rules.append(PolicyRule(
            name: "big-discounts", condition: "action.params.percent > 20", effect: .block, reason: "DISCOUNT_TOO_LARGE",
            explanation: "Discounts above 20% are never given."))
    }

    @Test func anEditThePolicyBlocksIsRefusedAndNamesTheRule() async throws {
        let f = try SpineFixture(configuration: Self.configuration)
        defer { f.close() }
        #expect(try await f.propose("modify_discount", params: ["percent": 30]).decision.reason == "DISCOUNT_TOO_LARGE")
        let id = try await f.propose("modify_discount", params: ["percent": 10]).proposal.id
        let refusal = await conflict { _ = try await f.spine.approve(id, tenant: "default", by: "key:op1", params: ["percent": 90], note: "make it 90") }
        #expect(refusal?.contains("big-discounts") == true && refusal?.contains("DISCOUNT_TOO_LARGE") == true)
        let record = try await f.spine.action(id, tenant: "default").record
        #expect(record.approvals.isEmpty && record.editedParams == nil && record.status == .pendingApproval)
    }

    /// An edit that turns the number a block rule compares into a string, or drops it, leaves the
    /// rule unable to say no: the edit is refused rather than run (adopt QA F1).
    @Test func anEditThatABlockRuleCannotEvaluateIsRefused() async throws {
        let f = try SpineFixture(configuration: Self.configuration)
        defer { f.close() }
        let id = try await f.propose("modify_discount", params: ["percent": 10]).proposal.id
        for edit: JSONValue in [["percent": "90"], ["note": "no percent"]] {
            let refusal = await conflict { _ = try await f.spine.approve(id, tenant: "default", by: "key:op1", params: edit, note: nil) }
            #expect(refusal?.contains("cannot be checked by block rule policy.rules[3] (big-discounts)") == true, "\(edit): \(refusal ?? "accepted")")
        }
        let record = try await f.spine.action(id, tenant: "default").record
        #expect(record.approvals.isEmpty && record.editedParams == nil && record.status == .pendingApproval)
        // Approving the params as proposed still works.
        #expect(try await f.spine.approve(id, tenant: "default", by: "key:op1", params: nil, note: nil).approvals.map(\.by) == ["key:op1"])
    }

    @Test func anEditWithdrawsOtherPeoplesApprovals() async throws {
        let f = try SpineFixture(configuration: Self.configuration)
        defer { f.close() }
        let id = try await f.propose("modify_discount", params: ["percent": 10]).proposal.id
        let first = try await f.spine.approve(id, tenant: "default", by: "key:op1", params: ["percent": 12], note: "12 is fairer")
        #expect(first.status == .pendingApproval && first.approvals.map(\.by) == ["key:op1"])
        // A second person edits again: op1 never saw 15, so op1's approval no longer counts.
        let second = try await f.spine.approve(id, tenant: "default", by: "key:op2", params: ["percent": 15], note: nil)
        #expect(second.status == .pendingApproval && second.approvals.map(\.by) == ["key:op2"])
        let third = try await f.spine.approve(id, tenant: "default", by: "key:op1", params: nil, note: "15 is fine")
        #expect(third.status == .dispatched && third.approvals.map(\.by) == ["key:op2", "key:op1"])
        #expect(third.effectiveParams == ["percent": 15])
        // Every edit is in the ledger; the IDEA_EDITED label is learned once.
        let edits = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["action.params_edited"]))
        #expect(try edits.rows.map { try JSONReader.parse($0.canonicalPayload)["to"] ?? .null } == [["percent": 12], ["percent": 15]])
        #expect(try edits.rows.map { try JSONReader.parse($0.canonicalPayload)["approvalsWithdrawn"] ?? .null } == [[], ["key:op1"]])
        #expect(third.outcomes.map(\.label) == [.ideaEdited])
    }

    /// QA (spine) MEDIUM-3: `5.0` for `5` counted as an edit: it withdrew the first approval,
    /// logged an edit from and to the same params, and learned IDEA_EDITED.
    @Test func paramsEqualAsJSONValuesAreNoEdit() async throws {
        let f = try SpineFixture(configuration: Self.configuration)
        defer { f.close() }
        let id = try await f.propose("modify_discount", params: ["percent": 10, "note": "q4"]).proposal.id
        _ = try await f.spine.approve(id, tenant: "default", by: "key:op1", params: nil, note: nil)
        let done = try await f.spine.approve(id, tenant: "default", by: "key:op2", params: ["note": "q4", "percent": 10.0], note: nil)
        #expect(done.status == .dispatched && done.approvals.map(\.by) == ["key:op1", "key:op2"])
        #expect(done.approvals.map(\.edited) == [false, false] && done.editedParams == nil && done.outcomes.isEmpty)
        #expect(try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["action.params_edited"])).rows.isEmpty)
    }

    /// With `proposerMayApprove: false` the proposing key is no approver (QA governance F4); by
    /// default it is, and the record says who proposed.
    @Test func aTypeThatSeparatesDutiesRefusesItsProposersApproval() async throws {
        var c = Self.configuration
        if let i = c.actionTypes.firstIndex(where: { $0.name == "modify_discount" }) { c.actionTypes[i].approval.proposerMayApprove = false }
        let f = try SpineFixture(configuration: c)
        defer { f.close() }
        let proposed = try await f.propose("modify_discount", params: ["percent": 10])
        #expect(proposed.proposedBy == "key:test")
        let refusal = await conflict { _ = try await f.spine.approve(proposed.proposal.id, tenant: "default", by: "key:test", params: nil, note: nil) }
        #expect(refusal?.contains("separates the duties") == true)
        #expect(try await f.spine.action(proposed.proposal.id, tenant: "default").record.approvals.isEmpty)
        _ = try await f.spine.approve(proposed.proposal.id, tenant: "default", by: "key:op1", params: nil, note: nil)
        let done = try await f.spine.approve(proposed.proposal.id, tenant: "default", by: "key:op2", params: nil, note: nil)
        #expect(done.status == .dispatched)

        let open = try SpineFixture(configuration: Self.configuration)
        defer { open.close() }
        let own = try await open.propose("modify_discount", params: ["percent": 10]).proposal.id
        #expect(try await open.spine.approve(own, tenant: "default", by: "key:test", params: nil, note: nil).approvals.map(\.by) == ["key:test"])
    }
}
