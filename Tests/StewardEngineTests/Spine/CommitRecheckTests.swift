import Foundation
import Testing
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

/// What the gate read must still hold when its decision commits: a kill switch engaged, or an
/// account's last open slot taken, between the read and the commit sends the proposal back to
/// the gate (QA F2, F4).
@Suite("Re-checks at commit")
struct CommitRecheckTests {
    @Test func aKillSwitchEngagedBeforeTheCommitHoldsTheProposalForAPerson() async throws {
        let configuration = SpineFixture.autopilot()
        var interposer: InterposingStore?
        let f = try SpineFixture(configuration: configuration) { store in
            let wrapped = InterposingStore(store)
            interposer = wrapped
            return wrapped
        }
        defer { f.close() }
        let other = try f.otherSpine(configuration: configuration)
        try #require(interposer).beforeNextProposal {
            _ = try? await other.setKillSwitch(tenant: "default", engaged: true, reason: "race", actor: "key:admin")
        }
        let record = try await f.propose("create_internal_note")
        #expect(record.decision.outcome == .requireApproval && record.decision.reason == "KILL_SWITCH")
        #expect(record.status == .pendingApproval && record.execution == nil && record.chargedUsd == 0)
        let entries = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["kill_switch.engaged", "action.proposed", "action.dispatched"]))
        #expect(entries.rows.map(\.kind) == ["kill_switch.engaged", "action.proposed"])
    }

    @Test func theLastOpenSlotTakenBeforeTheCommitSaturatesTheAccount() async throws {
        let configuration = SpineFixture.autopilot { c in
            c.autonomy.mode = .approve
            c.autonomy.costGate.maxOpenActions = 1
        }
        var interposer: InterposingStore?
        let f = try SpineFixture(configuration: configuration) { store in
            let wrapped = InterposingStore(store)
            interposer = wrapped
            return wrapped
        }
        defer { f.close() }
        let other = try f.otherSpine(configuration: configuration)
        try #require(interposer).beforeNextProposal {
            let proposal = ActionProposal(
                id: other.makeID(), tenant: "default", agent: "CRO", account: "acme", type: "create_internal_note", params: ["text": "first"])
            _ = try? await other.propose(proposal, actor: "key:agent2")
        }
        let record = try await f.propose("create_internal_note")
        #expect(record.decision.outcome == .block && record.decision.reason == "ACTION_SATURATION")
        let open = try await f.spine.actions(tenant: "default", status: .pendingApproval, account: "acme", agent: nil, after: nil, limit: 10)
        #expect(open.count == 1)
    }

    @Test func concurrentProposalsNeverPassTheOpenActionsCap() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot { c in
            c.autonomy.mode = .approve
            c.autonomy.costGate.maxOpenActions = 5
        })
        defer { f.close() }
        let records = try await withThrowingTaskGroup(of: ActionRecord.self) { group in
            for _ in 0..<40 { group.addTask { try await f.propose("create_internal_note", account: "sat0") } }
            return try await group.reduce(into: [ActionRecord]()) { $0.append($1) }
        }
        #expect(records.filter { $0.status.isOpen }.count == 5)
        #expect(records.filter { !$0.status.isOpen }.allSatisfy { $0.decision.reason == "ACTION_SATURATION" })
        // A person's request is decided whatever is open, and is not held to the cap.
        let asked = try await f.propose("create_internal_note", account: "sat0", trigger: .person)
        #expect(asked.status == .pendingApproval)
    }
}
