import Logging
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
        let configuration = Self.approvingOnExpiry(["create_internal_note"])
        let f = try SpineFixture(configuration: configuration)
        defer { f.close() }
        let start = f.clock.now()
        let id = try await f.propose("create_internal_note").proposal.id
        f.clock.advance(seconds: 61)
        #expect(try await f.spine.sweep().expired == 1)
        let record = try await f.spine.action(id, tenant: "default").record
        #expect(record.status == .dispatched && record.execution?.executor == "record")
        // QA r3 (governance H2, M3; spine M1): it ran with no person, and is counted so.
        #expect(record.ranWithoutPerson)
        let digest = try await f.spine.digest(tenant: "default", account: "acme", date: start.utcDay).digest
        #expect(digest.autopilot.map(\.actionID) == [id] && digest.approved.isEmpty)
        let governance = try GovernanceAssembly(
            store: f.store, spine: f.spine, remediator: nil, configuration: configuration, revision: "test-rev", clock: f.clock,
            logger: Logger(label: "test")).governance
        let metrics = try await governance.metrics(tenant: "default", from: start, to: f.clock.now().adding(milliseconds: 1))
        #expect(metrics.commands.approved == 1 && metrics.commands.rejected == 0)
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

    /// QA spine r3 M3: a request whose type was taken out of the configuration cannot be
    /// approved; it expires as rejected, saying why, instead of waiting forever.
    @Test func aRequestWhoseTypeWasRemovedExpiresAsRejected() async throws {
        let f = try SpineFixture(configuration: Self.approvingOnExpiry(["create_internal_note"]))
        defer { f.close() }
        let id = try await f.propose("create_internal_note").proposal.id
        var without = StewardConfiguration.default
        without.actionTypes.removeAll { $0.name == "create_internal_note" }
        let restarted = try f.otherSpine(configuration: without)
        f.clock.advance(seconds: 61)
        #expect(try await restarted.sweep().expired == 1)
        let record = try await restarted.action(id, tenant: "default").record
        #expect(record.status == .rejected && record.execution == nil)
        #expect(record.rejection?.reason == "expired: its type create_internal_note is no longer configured")
    }

    /// QA spine r3 H1: what holds autopilot holds an expiry too: the account's autonomy budget and
    /// the risk score (autopilot's share of the daily cap); a run on expiry is counted against the
    /// account's autonomy budget as autopilot's are.
    @Test func theAutonomyBudgetAndTheRiskScoreHoldAnExpiry() async throws {
        var c = Self.approvingOnExpiry(["create_internal_note"])
        c.autonomy.accounts = [AccountAutonomy(id: "none", dailyActions: 0), AccountAutonomy(id: "one", dailyActions: 1)]
        c.autonomy.dailyBudgetUsd = 1
        if let i = c.actionTypes.firstIndex(where: { $0.name == "create_internal_note" }) { c.actionTypes[i].costUsd = 0.3 }
        let f = try SpineFixture(configuration: c)
        defer { f.close() }
        let exhausted = try await f.propose("create_internal_note", account: "none").proposal.id
        let first = try await f.propose("create_internal_note", account: "one").proposal.id
        f.clock.advance(seconds: 61)
        #expect(try await f.spine.sweep().expired == 2)
        let held = try await f.spine.action(exhausted, tenant: "default").record
        #expect(held.status == .rejected && held.rejection?.reason.contains("AUTONOMY_BUDGET_EXHAUSTED") == true, "\(held.rejection?.reason ?? "")")
        #expect(try await f.spine.action(first, tenant: "default").record.status == .dispatched)
        // Account "one" has used its one autonomous action: the next expiry of it is held.
        let second = try await f.propose("create_internal_note", account: "one").proposal.id
        // Two more runs of $0.30 would pass autopilot's 80% of the $1 cap: the risk score holds the third.
        let a = try await f.propose("create_internal_note", account: "acme").proposal.id
        let b = try await f.propose("create_internal_note", account: "acme").proposal.id
        f.clock.advance(seconds: 61)
        #expect(try await f.spine.sweep().expired == 3)
        let again = try await f.spine.action(second, tenant: "default").record
        #expect(again.status == .rejected && again.rejection?.reason.contains("AUTONOMY_BUDGET_EXHAUSTED") == true)
        let statuses = [try await f.spine.action(a, tenant: "default").record, try await f.spine.action(b, tenant: "default").record]
        #expect(statuses.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.dispatched, .rejected])
        #expect(statuses.contains { $0.rejection?.reason.contains("RISK_SCORE_HIGH") == true }, "\(statuses.map { $0.rejection?.reason ?? "-" })")
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
