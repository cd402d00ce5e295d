import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// QA ops F3 and F4: two people took a tenant from L3 to L4 in a minute although each proposal
/// asked for a 14-day validation period, and the proposal that raised the mode to autopilot wrote
/// no `autonomy.mode_changed`.
@Suite("Proposal validation period")
struct ProposalValidationTests {
    static func configuration() -> StewardConfiguration {
        GovernanceFixture.approvers { $0.autonomy.autopilotScope = ["create_internal_note"] }
    }

    @Test func noFurtherExpansionIsApprovedUntilThePreviousValidationPeriodHasPassed() async throws {
        let g = try GovernanceFixture(Self.configuration())
        defer { g.close() }
        try await g.seedProposal("prop_1", from: .l3, to: .l3Plus)
        _ = try await g.governance.approve("prop_1", tenant: "default", principal: "ana", note: nil, actor: "key:ana")
        let applied = try await g.governance.approve("prop_1", tenant: "default", principal: "bo", note: nil, actor: "key:bo")
        #expect(applied.status == .applied)
        let appliedAt = g.spine.clock.now()
        let until = appliedAt.adding(seconds: 14 * 86_400)

        try await g.seedProposal("prop_2", from: .l3Plus, to: .l4)
        let head = try await g.entries().count
        let refused = await conflict { _ = try await g.governance.approve("prop_2", tenant: "default", principal: "ana", note: nil, actor: "key:ana") }
        #expect(refused == "expansion.validationPeriod: proposal prop_1 is in its validation period until \(until.rfc3339); proposal prop_2 may be approved from then")
        // The refusal wrote nothing and recorded no approval.
        #expect(try await g.entries().count == head)
        #expect(try await g.governance.proposal("prop_2", tenant: "default").approvals.isEmpty)

        g.spine.clock.advance(seconds: 14 * 86_400 - 1)
        #expect(await conflict { _ = try await g.governance.approve("prop_2", tenant: "default", principal: "ana", note: nil, actor: "key:ana") } != nil)
        g.spine.clock.advance(seconds: 1)
        _ = try await g.governance.approve("prop_2", tenant: "default", principal: "ana", note: nil, actor: "key:ana")
        let second = try await g.governance.approve("prop_2", tenant: "default", principal: "bo", note: nil, actor: "key:bo")
        #expect(second.status == .applied)
        #expect(try await g.governance.level(tenant: "default") == (.l4, false))
    }

    @Test func theValidationPeriodEndsDaysAfterTheApprovalThatAppliedIt() {
        let t0 = Timestamp(millisecondsSinceEpoch: 1_795_000_000_000)
        let metrics = AutonomyMetrics(period: .init(start: t0, end: t0.adding(seconds: 1)), commands: .init(), incidents: .init(), safety: .init())
        let readiness = ReadinessAssessor.assess(
            facts: ReadinessFacts(metrics: metrics, firstActionAt: nil), attestations: [], now: t0, phase: .l3, phaseStartedAt: t0)
        var p = ScopeExpansionProposal(
            proposalId: "p", timestamp: t0,
            expansion: .init(currentPhase: .l3, targetPhase: .l3Plus, commandsToWhitelist: [], validationPeriod: 3),
            rationale: .init(metrics: metrics, readiness: readiness, keyAchievements: []),
            riskAssessment: .init(level: .low, mitigations: [], rollbackPlan: ""), requiredApprovals: ["a"], expiresAt: t0.adding(seconds: 86_400))
        #expect(p.validationEndsAt == nil)
        p.approvals = [ProposalApproval(by: "x", role: "a", at: t0.adding(seconds: 60))]
        p.status = .applied
        let end = t0.adding(seconds: 60 + 3 * 86_400)
        #expect(p.validationEndsAt == end)
        #expect(ScopeExpansionProposal.validating([p], at: end.adding(milliseconds: -1))?.until == end)
        #expect(ScopeExpansionProposal.validating([p], at: end) == nil)
    }

    @Test func anAppliedProposalThatRaisesTheModeWritesModeChangedInTheSameCommit() async throws {
        let g = try GovernanceFixture(Self.configuration())
        defer { g.close() }
        try await g.seedProposal("prop_1", from: .l3, to: .l3Plus, whitelist: ["draft_email", "send_email"])
        _ = try await g.governance.approve("prop_1", tenant: "default", principal: "ana", note: nil, actor: "key:ana")
        _ = try await g.governance.approve("prop_1", tenant: "default", principal: "bo", note: nil, actor: "key:bo")
        let kinds = ["governance.proposal_applied", "autonomy.level_changed", "autonomy.mode_changed", "autonomy.scope_changed"]
        let rows = try await g.entries(kinds)
        #expect(rows.map(\.kind) == ["governance.proposal_applied", "autonomy.level_changed", "autonomy.mode_changed", "autonomy.scope_changed"])
        // One commit: consecutive entries at one instant.
        #expect(Set(rows.map(\.ts)).count == 1 && rows.last.map { $0.seq - rows[0].seq } == 3)
        let mode = try #require(rows.first { $0.kind == "autonomy.mode_changed" })
        #expect(try mode.entry().payload == ["from": "approve", "to": "autopilot", "by": "proposal", "proposal": "prop_1"])
        // send_email is external: the gate never runs it alone, so it does not join the scope.
        let scope = try #require(rows.last)
        #expect(try scope.entry().payload["added"] == ["draft_email"])
        #expect(try await g.spine.spine.autonomy(tenant: "default").mode == .autopilot)
    }
}
