import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// QA ops F11: one operator made "Kill switch tested" pass with a drill the ledger showed no trace
/// of, and attested leadership's approval without holding any approver role.
@Suite("Drills and attestations")
struct DrillTests {
    @Test func aPassedKillSwitchDrillNeedsAnEngageAndAReleaseInTheDayBefore() async throws {
        let g = try GovernanceFixture(GovernanceFixture.approvers())
        defer { g.close() }
        let refused = await invalidFields {
            _ = try await g.governance.recordDrill(tenant: "default", kind: "kill_switch", passed: true, evidence: nil, by: "cara", actor: "key:cara")
        }
        #expect(refused == ["passed"])
        #expect(try await g.entries(["governance.drill_recorded"]).isEmpty)

        _ = try await g.spine.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill", actor: "key:cara")
        let engagedAt = g.spine.clock.now()
        g.spine.clock.advance(seconds: 120)
        _ = try await g.spine.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:cara")
        let releasedAt = g.spine.clock.now()
        g.spine.clock.advance(seconds: 3_600)
        let drill = try await g.governance.recordDrill(tenant: "default", kind: "kill_switch", passed: true, evidence: nil, by: "cara", actor: "key:cara")
        #expect(drill.engagedAt == engagedAt && drill.releasedAt == releasedAt)
        let item = try await g.governance.readiness(tenant: "default").report.technical.items.first { $0.key == "technical.kill_switch_tested" }
        #expect(item?.status == true)

        // A day later the same engage and release no longer stand behind a new drill; a failed one needs none.
        g.spine.clock.advance(seconds: 86_400)
        #expect(await invalidFields {
            _ = try await g.governance.recordDrill(tenant: "default", kind: "kill_switch", passed: true, evidence: nil, by: "cara", actor: "key:cara")
        } == ["passed"])
        _ = try await g.governance.recordDrill(tenant: "default", kind: "kill_switch", passed: false, evidence: nil, by: "cara", actor: "key:cara")
    }

    @Test func aDrillNamesEveryBadField() async throws {
        #expect(Governance.drillProblems(kind: "fire", evidence: "x").map(\.field) == ["kind", "evidence"])
    }

    @Test func leadershipApprovalIsAttestedOnlyByAnApprover() async throws {
        let g = try GovernanceFixture(GovernanceFixture.approvers())
        defer { g.close() }
        let item = Governance.leadershipItem
        #expect(await invalidFields {
            _ = try await g.governance.attest(tenant: "default", key: item, evidence: "https://wiki/lead", note: nil, by: "cara", actor: "key:cara")
        } == ["item"])
        #expect(try await g.governance.attestations(tenant: "default").isEmpty)
        let a = try await g.governance.attest(tenant: "default", key: item, evidence: "https://wiki/lead", note: nil, by: "ana", actor: "key:ana")
        #expect(a.by == "ana")
        // Other items are any operator's to attest.
        _ = try await g.governance.attest(tenant: "default", key: "process.runbooks", evidence: "https://wiki/rb", note: nil, by: "cara", actor: "key:cara")
    }
}

/// The fields of the 422 `body` throws, or nil if it throws none.
func invalidFields(_ body: () async throws -> Void) async -> [String]? {
    do {
        try await body()
    } catch let error as SpineError {
        if case .invalid(let problems) = error { return problems.map(\.field) }
    } catch {}
    return nil
}
