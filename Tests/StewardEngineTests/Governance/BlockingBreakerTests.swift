import Logging
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// A breaker that refuses its type (`blocks: true`) on the real spine over SQLite (QA r7
/// breakers): half-open lets a person's probe through, an approval cannot go around it while it
/// is open, a result that lands after the open period is a probe, and the listing's figures are
/// the ledger's after a restart.
@Suite struct BlockingBreakerTests {
    static let type = "create_internal_note"

    static func configuration() -> StewardConfiguration {
        SpineFixture.autopilot { c in
            c.governance.breakers = [BreakerRule(
                name: "Type Failures", condition: "commandType.failures >= 3", window: .minutes(1), action: .pauseCommandType,
                alertSeverity: .high, probes: 1, openSeconds: 15, blocks: true, actionTypes: [Self.type])]
        }
    }

    func fixture() throws -> (SpineFixture, Governance) {
        let f = try SpineFixture(configuration: Self.configuration(), prefix: "steward-blocking")
        let governance = try GovernanceAssembly(
            store: f.store, spine: f.spine, remediator: nil, configuration: Self.configuration(), revision: "test-rev", clock: f.clock,
            logger: Logger(label: "test")).governance
        return (f, governance)
    }

    func fail(_ f: SpineFixture, times: Int) async throws {
        for i in 0..<times {
            let a = try await f.propose(Self.type, account: "f\(i)")
            _ = try await f.spine.recordOutcome(a.proposal.id, tenant: "default", by: "key:agent", label: .executionFailed, detail: nil, rollback: false)
        }
    }

    func state(_ governance: Governance) async throws -> BreakerState? {
        try await governance.breakers.list(tenant: "default").first { $0.actionType == Self.type }?.state
    }

    /// M1: refusing the type in half-open too left no probe to run, so it never closed.
    @Test func halfOpenSendsTheTypeToAPersonAndTheApprovedProbeClosesIt() async throws {
        let (f, governance) = try fixture()
        defer { f.close() }
        try await fail(f, times: 3)
        let refused = try await f.propose(Self.type, account: "a0")
        #expect(refused.decision.outcome == .block && refused.decision.reason == "BREAKER_OPEN")
        f.clock.advance(seconds: 15)
        await governance.breakers.tick(tenants: ["default"])
        #expect(try await state(governance) == .halfOpen)
        let probe = try await f.propose(Self.type, account: "a1")
        #expect(probe.decision.outcome == .requireApproval && probe.decision.reason == "BREAKER_OPEN")
        _ = try await f.spine.approve(probe.proposal.id, tenant: "default", by: "key:ana", params: nil, note: nil)
        _ = try await f.spine.recordOutcome(probe.proposal.id, tenant: "default", by: "key:agent", label: .executionSucceeded, detail: nil, rollback: false)
        #expect(try await state(governance) == .closed)
        #expect(try await f.propose(Self.type, account: "a2").decision.outcome == .autoExecute)
    }

    /// M2: an action of the type already waiting for a person ran when approved while the
    /// breaker refused the type; now refused until the breaker is half-open.
    @Test func anApprovalWaitsForTheBreakerToBeHalfOpen() async throws {
        let (f, governance) = try fixture()
        defer { f.close() }
        let pending = try await waitingAction(f)
        try await fail(f, times: 3)
        #expect(try await state(governance) == .open)
        await #expect(throws: SpineError.self) {
            _ = try await f.spine.approve(pending.proposal.id, tenant: "default", by: "key:ana", params: nil, note: nil)
        }
        #expect(try await f.spine.action(pending.proposal.id, tenant: "default").record.status == .pendingApproval)
        f.clock.advance(seconds: 15)
        await governance.breakers.tick(tenants: ["default"])
        let approved = try await f.spine.approve(pending.proposal.id, tenant: "default", by: "key:ana", params: nil, note: nil)
        #expect(approved.status != .pendingApproval)
    }

    /// An action of the type waiting for a person, proposed while the kill switch was engaged.
    func waitingAction(_ f: SpineFixture) async throws -> ActionRecord {
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill", actor: "key:ana")
        let pending = try await f.propose(Self.type, account: "w0")
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:ana")
        #expect(pending.status == .pendingApproval)
        return pending
    }

    /// L1: a result that lands after the open period ended, before the round that moves the
    /// breaker on, is the probe it would have been a moment later.
    @Test func aResultAfterTheOpenPeriodIsAProbeBeforeTheRound() async throws {
        let (f, governance) = try fixture()
        defer { f.close() }
        let waiting = try await waitingAction(f)
        try await fail(f, times: 3)
        f.clock.advance(seconds: 15)
        // No round has run: the breaker still reads open, but its open period is over.
        let approved = try await f.spine.approve(waiting.proposal.id, tenant: "default", by: "key:ana", params: nil, note: nil)
        _ = try await f.spine.recordOutcome(approved.proposal.id, tenant: "default", by: "key:agent", label: .executionSucceeded, detail: nil, rollback: false)
        #expect(try await state(governance) == .closed)
    }

    /// L2: after a restart the listing's figures are the window's, not zeros until the next event.
    @Test func aRestartedKeeperListsTheWindowsFiguresBeforeAnyEvent() async throws {
        let (f, _) = try fixture()
        defer { f.close() }
        try await fail(f, times: 2)
        let restarted = try GovernanceAssembly(
            store: f.store, spine: f.spine, remediator: nil, configuration: Self.configuration(), revision: "test-rev", clock: f.clock,
            logger: Logger(label: "test")).governance
        let rule = try #require(restarted.breakers.rules.rule("type-failures"))
        let figures = await restarted.breakers.figures(rule: rule, tenant: "default", type: Self.type, since: nil)
        #expect(figures.type.failures == 2)
    }
}
