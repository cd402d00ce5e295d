import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// QA ops F2: with no level stored `GET /v1/governance/level` said L3, yet an operator could put
/// an account on autopilot, or on scheduled runs, and its actions ran with no person. The level
/// reported is now the level the gate holds to.
@Suite("The level in force")
struct LevelInForceTests {
    @Test func anAccountsOwnModeDoesNotGoBeyondTheLevelOfTheTenantsMode() async throws {
        let g = try GovernanceFixture(.default)
        defer { g.close() }
        for account in ["acme", "acme2"] {
            _ = try await g.spine.spine.setAccountAutonomy(
                account, tenant: "default", mode: .some(.scheduled), scheduledOptIn: true, dailyActions: nil, actor: "key:op")
        }
        #expect(try await g.governance.level(tenant: "default") == (.l3, false))
        let note = try await g.spine.propose("create_internal_note", account: "acme")
        #expect(note.decision.outcome == .requireApproval && note.decision.reason == "AUTONOMY_LEVEL_L3")
        #expect(note.decision.policyClause == "autonomy.mode")
        let scheduled = try await g.spine.propose("create_followup_task", account: "acme2", trigger: .schedule)
        #expect(scheduled.decision.outcome == .requireApproval && scheduled.decision.reason == "AUTONOMY_LEVEL_NO_SCHEDULE")
    }

    @Test func scheduledRunsNeedTheTenantAtL4PlusAndAModeChangeThatMovesTheLevelIsRecorded() async throws {
        let g = try GovernanceFixture(SpineFixture.autopilot())
        defer { g.close() }
        for account in ["a1", "a2"] {
            _ = try await g.spine.spine.setAccountAutonomy(
                account, tenant: "default", mode: .some(.scheduled), scheduledOptIn: true, dailyActions: nil, actor: "key:op")
        }
        #expect(try await g.governance.level(tenant: "default") == (.l4, false))
        let held = try await g.spine.propose("create_followup_task", account: "a1", trigger: .schedule)
        #expect(held.decision.outcome == .requireApproval && held.decision.reason == "AUTONOMY_LEVEL_NO_SCHEDULE")

        let after = try await g.spine.spine.setAutonomy(tenant: "default", mode: .scheduled, autopilotScope: nil, accountDailyActions: nil, actor: "key:admin")
        #expect(after.effectiveLevel == .l4Plus)
        let changed = try #require(try await g.entries(["autonomy.level_changed"]).last)
        #expect(try changed.entry().payload == ["from": "L4", "to": "L4+", "by": "admin", "mode": "scheduled"])
        #expect(try await g.governance.level(tenant: "default") == (.l4Plus, false))
        let runs = try await g.spine.propose("create_followup_task", account: "a2", trigger: .schedule)
        #expect(runs.decision.outcome == .autoExecute)
    }

    /// QA ops F8 and F12: one refusal names every offending field, the scope's by index, and a
    /// type the gate never runs alone is refused in the scope.
    @Test func aRefusedAutonomyChangeNamesEveryFieldAndChangesNothing() async throws {
        let g = try GovernanceFixture(.default)
        defer { g.close() }
        let head = try await g.entries().count
        do {
            _ = try await g.spine.spine.setAutonomy(
                tenant: "default", mode: .autopilot, autopilotScope: ["create_internal_note", "send_email", "modify_pricing", "nope", "create_internal_note"],
                accountDailyActions: -1, level: .l4, actor: "key:admin")
            Issue.record("the change went through")
        } catch {
            guard case .invalid(let problems) = error else { Issue.record("expected 422, got \(error)"); return }
            #expect(problems.map(\.field) == [
                "level", "autopilotScope[1]", "autopilotScope[2]", "autopilotScope[3]", "autopilotScope[4]", "accountDailyActions",
            ])
            #expect(problems[1].reason.contains("'send_email' is external and never runs without a person"))
            #expect(problems[2].reason.contains("'modify_pricing' is high-risk"))
        }
        #expect(try await g.entries().count == head)
        #expect(try await g.spine.spine.autonomy(tenant: "default").mode == .approve)
    }
}
