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
}
