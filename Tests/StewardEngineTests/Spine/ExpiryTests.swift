import Foundation
import Testing
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

/// An approval request that expires as approved runs with no person, so the gate's invariants
/// for running alone hold at expiry too (QA F1).
@Suite("Expiry that approves")
struct ExpiryTests {
    /// Approve mode, with `type` expiring as approved after a minute (set in code, past the
    /// configuration check that refuses it for high-risk and external types).
    static func approvingOnExpiry(_ types: [String]) -> StewardConfiguration {
        var c = StewardConfiguration.default
        for name in types {
            if let i = c.actionTypes.firstIndex(where: { $0.name == name }) {
                c.actionTypes[i].approval = ApprovalRule(approvers: 1, expiresAfterMinutes: 1, onExpiry: .approve)
            }
        }
        return c
    }

    @Test func aLowRiskTypeRunsOnExpiryWhileNothingHoldsIt() async throws {
        let f = try SpineFixture(configuration: Self.approvingOnExpiry(["create_internal_note"]))
        defer { f.close() }
        let id = try await f.propose("create_internal_note").proposal.id
        f.clock.advance(seconds: 61)
        #expect(try await f.spine.sweep().expired == 1)
        let record = try await f.spine.action(id, tenant: "default").record
        #expect(record.status == .dispatched && record.execution?.executor == "record")
    }

    @Test func nothingRunsOnExpiryWhileTheKillSwitchIsEngaged() async throws {
        let f = try SpineFixture(configuration: Self.approvingOnExpiry(["create_internal_note"]))
        defer { f.close() }
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "incident: stop everything", actor: "key:admin")
        let id = try await f.propose("create_internal_note").proposal.id
        f.clock.advance(seconds: 61)
        #expect(try await f.spine.sweep().expired == 1)
        let record = try await f.spine.action(id, tenant: "default").record
        #expect(record.status == .rejected && record.chargedUsd == 0 && record.execution == nil)
        #expect(record.rejection?.by == "steward:expiry")
        #expect(record.rejection?.reason.contains("KILL_SWITCH") == true)
        let dispatched = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["action.dispatched"]))
        #expect(dispatched.rows.isEmpty)
        let expired = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["action.expired"]))
        #expect(try expired.rows.map { try JSONReader.parse($0.canonicalPayload)["decision"] ?? .null } == ["reject"])
    }

    /// An enforced rule that asks for a person is an operator's explicit word: expiry does not
    /// override it (QA governance F1). A proposal no rule holds still runs.
    @Test func nothingAnEnforcedRuleHoldsForAPersonRunsOnExpiry() async throws {
        var c = Self.approvingOnExpiry(["create_internal_note"])
        c.policy.rules.insert(PolicyRule(
            name: "sensitive-notes-need-person", condition: #"action.type == "create_internal_note" && action.params.text == "secret""#,
            effect: .requireApproval, reason: "SENSITIVE_NOTE", explanation: "A person reads sensitive notes first."), at: 0)
        let f = try SpineFixture(configuration: c)
        defer { f.close() }
        let sensitive = try await f.propose("create_internal_note", params: ["text": "secret"])
        #expect(sensitive.status == .pendingApproval && sensitive.decision.checks.contains { $0.name == .policy && $0.reason == "SENSITIVE_NOTE" })
        let plain = try await f.propose("create_internal_note", params: ["text": "hello"]).proposal.id
        f.clock.advance(seconds: 61)
        #expect(try await f.spine.sweep().expired == 2)
        let held = try await f.spine.action(sensitive.proposal.id, tenant: "default").record
        #expect(held.status == .rejected && held.execution == nil)
        #expect(held.rejection?.reason.contains("SENSITIVE_NOTE: A person reads sensitive notes first.") == true)
        #expect(try await f.spine.action(plain, tenant: "default").record.status == .dispatched)
    }

    @Test func aRejectionOnExpirySaysMinutesAsASentence() async throws {
        var c = StewardConfiguration.default
        if let i = c.actionTypes.firstIndex(where: { $0.name == "create_internal_note" }) {
            c.actionTypes[i].approval = ApprovalRule(approvers: 1, expiresAfterMinutes: 1, onExpiry: .reject)
        }
        let f = try SpineFixture(configuration: c)
        defer { f.close() }
        let id = try await f.propose("create_internal_note").proposal.id
        f.clock.advance(seconds: 61)
        #expect(try await f.spine.sweep().expired == 1)
        #expect(try await f.spine.action(id, tenant: "default").record.rejection?.reason == "expired after 1 minute without a decision")
    }

    @Test func highRiskAndExternalTypesNeverRunOnExpiry() async throws {
        let f = try SpineFixture(configuration: Self.approvingOnExpiry(["send_email", "modify_pricing"]))
        defer { f.close() }
        let mail = try await f.propose("send_email", params: ["to": "all-customers@example.com"]).proposal.id
        let price = try await f.propose("modify_pricing", params: ["price": 1]).proposal.id
        f.clock.advance(seconds: 61)
        #expect(try await f.spine.sweep().expired == 2)
        for (id, why) in [(mail, "external"), (price, "high-risk")] {
            let record = try await f.spine.action(id, tenant: "default").record
            #expect(record.status == .rejected && record.execution == nil)
            #expect(record.rejection?.reason.contains(why) == true)
        }
    }
}
