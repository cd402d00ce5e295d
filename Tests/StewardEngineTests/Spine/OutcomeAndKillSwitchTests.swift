import Foundation
import Testing
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

/// Answers that must not contradict what is already recorded (QA F17, F24).
@Suite("Contradictions")
struct OutcomeAndKillSwitchTests {
    @Test func noResponseAndNegativeResponseExcludeEachOther() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot())
        defer { f.close() }
        for (first, second) in [(OutcomeLabel.noResponse, OutcomeLabel.negativeResponse), (.negativeResponse, .noResponse)] {
            let id = try await f.propose("create_internal_note").proposal.id
            _ = try await f.spine.recordOutcome(id, tenant: "default", by: "key:agent", label: .executionSucceeded, detail: nil, rollback: false)
            _ = try await f.spine.recordOutcome(id, tenant: "default", by: "key:agent", label: first, detail: nil, rollback: false)
            let why = await conflict {
                _ = try await f.spine.recordOutcome(id, tenant: "default", by: "key:agent", label: second, detail: nil, rollback: false)
            }
            #expect(why?.contains("\(first.rawValue) is already recorded") == true)
            let record = try await f.spine.action(id, tenant: "default").record
            #expect(record.outcomes.map(\.label) == [.executionSucceeded, first])
        }
    }

    @Test func engagingAnEngagedKillSwitchSaysSoAndKeepsTheFirstReason() async throws {
        let f = try SpineFixture()
        defer { f.close() }
        let first = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "bad deploy", actor: "key:ops")
        #expect(first.changed && first.note == nil)
        let again = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "again", actor: "key:ops2")
        #expect(!again.changed && again.state.reason == "bad deploy" && again.state.by == "key:ops")
        #expect(again.note?.contains("already engaged") == true && again.note?.contains("bad deploy") == true)
        #expect(again.note?.contains("not recorded") == true)
        let released = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:ops")
        #expect(released.changed && !released.state.engaged)
    }

    /// QA r5 pg L2: a remediation step proposed as the kill switch was engaged waited for a person
    /// after the release, while the incidents held by the switch resumed. The sweep after the
    /// release decides it again; an agent's proposal the switch held stays with a person.
    @Test func aStepTheKillSwitchHeldIsDecidedAgainOnceItIsReleased() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot())
        defer { f.close() }
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill", actor: "key:ops")
        let step = try await f.propose(Primitive.restartAgent.rawValue, account: nil, agent: "CMO", trigger: .remediation, params: ["mode": "soft"])
        let proposal = try await f.propose("create_internal_note")
        #expect(step.status == .pendingApproval && step.decision.reason == "KILL_SWITCH")
        #expect(proposal.status == .pendingApproval && proposal.decision.reason == "KILL_SWITCH")
        #expect(try await f.spine.sweep().redecided == 0)

        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:ops")
        #expect(try await f.spine.sweep().redecided == 1)
        let decided = try await f.spine.action(step.proposal.id, tenant: "default").record
        #expect(decided.decision.outcome == .autoExecute && decided.status != .pendingApproval)
        #expect(try await f.spine.action(proposal.proposal.id, tenant: "default").record.status == .pendingApproval)
        let entries = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["action.redecided"], subject: "action:\(step.proposal.id)"))
        #expect(entries.rows.count == 1)
    }
}
