import Testing
import StewardCore

/// The autonomy check: seed 003 §5.1 modes, mode 4's opt-in, the never-autonomous types of §5.4
/// and autopilot's own bar (low-risk, reversible, idempotent, in scope).
@Suite struct AutonomyCheckTests {
    static func custom(_ name: String, risk: RiskLevel = .low, reversible: Bool = true, idempotent: Bool = true, external: Bool = false) -> ActionType {
        ActionType(name: name, risk: risk, reversible: reversible, idempotent: idempotent, external: external, costUsd: 0.001)
    }

    static func autonomy(_ mode: AutonomyMode, account: AutonomyMode? = nil, optIn: Bool = false, scope: Set<String> = GateFixture.lowRiskNames) -> AutonomyState {
        AutonomyState(tenantMode: mode, accountMode: account, scheduledOptIn: optIn, autopilotScope: scope)
    }

    /// Decides `type` (added to the autopilot scope) under `autonomy`, with an allow-everything rule.
    func decide(_ type: ActionType, _ autonomy: AutonomyState = autonomy(.autopilot), trigger: ProposalTrigger = .agent) -> GateDecision {
        var autonomy = autonomy
        autonomy.autopilotScope.insert(type.name)
        let input = GateFixture.input(type, proposal: GateFixture.proposal(type.name, trigger: trigger), autonomy: autonomy)
        return GateFixture.decide(input, rules: [PolicyRule(name: "allow-all", condition: "true", effect: .allow)])
    }

    @Test(arguments: [ProposalTrigger.schedule, .event], [AutonomyMode.assist, .approve, .autopilot])
    func scheduledRunsNeedScheduledMode(trigger: ProposalTrigger, mode: AutonomyMode) {
        let decision = decide(GateFixture.type("create_internal_note"), Self.autonomy(mode, optIn: true), trigger: trigger)
        // QA spine r3 M5: it goes to a person, not thrown away.
        #expect(decision.outcome == .requireApproval)
        #expect(decision.reason == "SCHEDULE_NOT_ENABLED")
        #expect(decision.policyClause == "autonomy.mode")
        #expect(decision.explanation.contains(trigger.rawValue) && decision.explanation.contains(mode.rawValue))
    }

    @Test func scheduledRunsNeedTheAccountsOptIn() {
        let decision = decide(GateFixture.type("create_internal_note"), Self.autonomy(.scheduled, optIn: false), trigger: .schedule)
        #expect(decision.outcome == .requireApproval && decision.reason == "SCHEDULE_NOT_OPTED_IN")
        #expect(decision.policyClause == "autonomy.accounts.acct-1.scheduledOptIn")
    }

    @Test(arguments: [ProposalTrigger.schedule, .event])
    func optedInScheduledRunAutoExecutes(trigger: ProposalTrigger) {
        let decision = decide(GateFixture.type("create_internal_note"), Self.autonomy(.scheduled, optIn: true), trigger: trigger)
        #expect(decision.outcome == .autoExecute)
        #expect(decision.check(.autonomy).reason == "AUTOPILOT_ELIGIBLE")
    }

    /// Seed 003 mode 4: the daily digest is a gate. A scheduled run waits while the account has
    /// not been told what autopilot did the day before; an agent's own proposal does not.
    @Test(arguments: [ProposalTrigger.schedule, .event])
    func scheduledRunsWaitForTheAccountsDigest(trigger: ProposalTrigger) {
        var autonomy = Self.autonomy(.scheduled, optIn: true)
        autonomy.digestOwed = "2026-01-14"
        let decision = decide(GateFixture.type("create_internal_note"), autonomy, trigger: trigger)
        #expect(decision.outcome == .defer_ && decision.reason == "DIGEST_PENDING")
        #expect(decision.policyClause == "notifications.digestHourUtc")
        #expect(decision.explanation.contains("2026-01-14") && decision.explanation.contains("digest"))
        #expect(decision.deferUntil == GateFixture.now.adding(milliseconds: 5 * 60_000))

        #expect(decide(GateFixture.type("create_internal_note"), autonomy, trigger: .agent).outcome == .autoExecute)
    }

    @Test func aHeldTypeStillGoesToAPersonWhileTheDigestIsOwed() {
        var autonomy = Self.autonomy(.scheduled, optIn: true)
        autonomy.digestOwed = "2026-01-14"
        let decision = decide(GateFixture.type("send_email"), autonomy, trigger: .schedule)
        #expect(decision.check(.autonomy).reason == "EXTERNAL_CONTACT")
    }

    @Test(arguments: ["send_email", "contact_customer"])
    func externalContactAlwaysNeedsAPerson(type: String) {
        let decision = decide(GateFixture.type(type))
        #expect(decision.outcome == .requireApproval && decision.reason == "EXTERNAL_CONTACT")
        #expect(decision.policyClause == "actionTypes.\(type).external")
    }

    @Test func externalContactCountsEvenForALowRiskType() {
        let decision = decide(Self.custom("notify_partner", external: true))
        #expect(decision.outcome == .requireApproval && decision.reason == "EXTERNAL_CONTACT")
    }

    @Test(arguments: ["change_opportunity_stage", "change_forecast", "modify_pricing", "modify_discount"])
    func highRiskAlwaysNeedsAPerson(type: String) {
        let decision = decide(GateFixture.type(type), Self.autonomy(.scheduled, optIn: true))
        #expect(decision.outcome == .requireApproval && decision.reason == "RISK_LEVEL_HIGH")
        #expect(decision.policyClause == "actionTypes.\(type).risk")
    }

    @Test func assistModeProposesOnly() {
        let decision = decide(GateFixture.type("draft_email"), Self.autonomy(.assist))
        #expect(decision.outcome == .requireApproval && decision.reason == "MODE_ASSIST")
        #expect(decision.policyClause == "autonomy.mode")
        #expect(decision.explanation.hasPrefix("Tenant acme is in assist mode"))
    }

    @Test func approveModeNeedsApproval() {
        let decision = decide(GateFixture.type("draft_email"), Self.autonomy(.approve))
        #expect(decision.outcome == .requireApproval && decision.reason == "MODE_APPROVE")
    }

    @Test func theAccountsModeOverridesTheTenants() {
        let stricter = decide(GateFixture.type("draft_email"), Self.autonomy(.autopilot, account: .approve))
        #expect(stricter.reason == "MODE_APPROVE")
        #expect(stricter.policyClause == "autonomy.accounts.acct-1.mode")
        #expect(stricter.explanation.hasPrefix("Account acct-1 is in approve mode"))
        // Looser than the tenant only within the tenant's level: one set by a proposal.
        var withinLevel = Self.autonomy(.approve, account: .autopilot)
        withinLevel.level = .l4
        #expect(decide(GateFixture.type("draft_email"), withinLevel).outcome == .autoExecute)
    }

    /// QA ops F2: with no level set the tenant's level is its mode's (what GET /v1/governance/level
    /// reports), and an account's own looser mode does not go beyond it.
    @Test(arguments: [AutonomyMode.autopilot, .scheduled])
    func anAccountsModeDoesNotGoBeyondTheLevelOfTheTenantsMode(account: AutonomyMode) {
        let decision = decide(GateFixture.type("draft_email"), Self.autonomy(.approve, account: account, optIn: true))
        #expect(decision.outcome == .requireApproval && decision.reason == "AUTONOMY_LEVEL_L3")
        #expect(decision.policyClause == "autonomy.mode")
        #expect(decision.explanation.hasPrefix("Tenant acme (in approve mode, no level set) is at autonomy level L3"))
    }

    /// QA ops F2: "below L4+, a scheduled run is refused" holds for a level read from the mode too.
    @Test(arguments: [AutonomyMode.approve, .autopilot])
    func scheduledRunsBelowL4PlusAreRefusedWithoutAStoredLevel(tenant: AutonomyMode) {
        let decision = decide(GateFixture.type("create_internal_note"), Self.autonomy(tenant, account: .scheduled, optIn: true), trigger: .schedule)
        #expect(decision.outcome == .requireApproval && decision.reason == "AUTONOMY_LEVEL_NO_SCHEDULE")
    }

    /// The mode's own reason stays when nothing goes beyond the level: an approve tenant's action says MODE_APPROVE.
    @Test func withinTheLevelTheModeGivesTheReason() {
        #expect(decide(GateFixture.type("draft_email"), Self.autonomy(.approve, account: .approve)).reason == "MODE_APPROVE")
    }

    @Test func mediumRiskIsNotForAutopilot() {
        let decision = decide(Self.custom("tag_account", risk: .medium))
        #expect(decision.outcome == .requireApproval && decision.reason == "RISK_LEVEL_MEDIUM")
        #expect(decision.policyClause == "actionTypes.tag_account.risk")
    }

    @Test func irreversibleIsNotForAutopilot() {
        let decision = decide(Self.custom("archive_note", reversible: false))
        #expect(decision.outcome == .requireApproval && decision.reason == "NOT_REVERSIBLE")
        #expect(decision.policyClause == "actionTypes.archive_note.reversible")
    }

    @Test func notIdempotentIsNotForAutopilot() {
        let decision = decide(Self.custom("append_log", idempotent: false))
        #expect(decision.outcome == .requireApproval && decision.reason == "NOT_IDEMPOTENT")
        #expect(decision.policyClause == "actionTypes.append_log.idempotent")
    }

    @Test func outsideTheScopeNeedsAPerson() {
        let type = GateFixture.type("generate_meeting_brief")
        let input = GateFixture.input(type, autonomy: Self.autonomy(.autopilot, scope: ["create_internal_note"]))
        let decision = GateFixture.decide(input)
        #expect(decision.outcome == .requireApproval && decision.reason == "OUTSIDE_AUTOPILOT_SCOPE")
        #expect(decision.policyClause == "autonomy.autopilotScope")
        // A remediation step is held by the remediation scope, and says so (QA r4 config L1).
        let step = GateFixture.input(
            type, proposal: GateFixture.proposal("generate_meeting_brief", account: nil, trigger: .remediation),
            autonomy: Self.autonomy(.autopilot, scope: ["create_internal_note"]))
        let held = GateFixture.decide(step)
        #expect(held.reason == "OUTSIDE_AUTOPILOT_SCOPE" && held.policyClause == "remediation.autopilotScope")
        #expect(held.explanation == "generate_meeting_brief is not in the remediation autopilot scope, so a person approves it.")
    }

    @Test(arguments: [AutonomyMode.autopilot, .scheduled])
    func eligibleTypeInScopePasses(mode: AutonomyMode) {
        let check = decide(GateFixture.type("open_approval_request"), Self.autonomy(mode)).check(.autonomy)
        #expect(check.passed && check.ceiling == .autoExecute && check.reason == "AUTOPILOT_ELIGIBLE" && check.clause == nil)
    }

    @Test func seedTypesSplitFiveLowAndSixNeverAutonomous() {
        #expect(GateFixture.lowRiskNames == ["create_internal_note", "create_followup_task", "generate_meeting_brief", "draft_email", "open_approval_request"])
        #expect(ActionType.seedTypes.filter(\.neverAutonomous).count == 6)
    }
}
