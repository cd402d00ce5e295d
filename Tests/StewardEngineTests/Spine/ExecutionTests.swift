import Foundation
import Testing
import StewardCore
@testable import StewardEngine
import StewardSQLite
import StewardTestSupport

@Suite("Execution through the spine")
struct ExecutionTests {
    static func with(_ executor: ExecutorSpec, idempotent: Bool = true) -> StewardConfiguration {
        SpineFixture.autopilot { c in
            c.actionTypes.append(ActionType(
                name: "run_job", risk: .low, reversible: true, idempotent: idempotent, external: false, costUsd: 0, executor: executor))
            c.autonomy.autopilotScope.append("run_job")
            if !idempotent { c.autonomy.autopilotScope.removeLast() }
        }
    }

    @Test func commandExecutorRunsOnceAndRecordsItsAnswer() async throws {
        let f = try SpineFixture(configuration: Self.with(.command(CommandExecutorSpec(argv: ["/bin/sh", "-c", #"cat >/dev/null; echo '{"ok":true}'"#]))))
        defer { f.close() }
        let started = try await f.propose("run_job")
        #expect(started.status == .executing && started.execution?.executor == "command")
        await f.spine.runnerIdle()
        let done = try await f.spine.action(started.proposal.id, tenant: "default").record
        #expect(done.status == .succeeded && done.execution?.response == ["ok": true], "\(done.execution?.detail ?? "no detail")")
        #expect(done.outcomes.map(\.label) == [.executionSucceeded])
        let kinds = try await f.store.ledger(tenant: "default", query: LedgerQuery(subject: "action:\(started.proposal.id)")).rows.map(\.kind)
        #expect(kinds == ["action.proposed", "action.execution_started", "action.executed"])
    }

    @Test func failingCommandIsExecutionFailed() async throws {
        let f = try SpineFixture(configuration: Self.with(.command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "echo broken >&2; exit 3"]))))
        defer { f.close() }
        let started = try await f.propose("run_job")
        await f.spine.runnerIdle()
        let done = try await f.spine.action(started.proposal.id, tenant: "default").record
        #expect(done.status == .failed && done.outcomes.map(\.label) == [.executionFailed])
        #expect(done.execution?.detail?.contains("broken") == true)
    }

    @Test func builtinSetsAnAccountsMode() async throws {
        let f = try SpineFixture(configuration: Self.with(.builtin(name: "set_autonomy_mode")))
        defer { f.close() }
        _ = try await f.propose("run_job", params: ["mode": "assist"])
        await f.spine.runnerIdle()
        #expect(try await f.spine.accountAutonomy("acme", tenant: "default")?.mode == .assist)
        #expect(try await f.propose("create_internal_note").decision.reason == "MODE_ASSIST")
    }

    /// An execution left `executing` by a dead process: idempotent ones run again under the same
    /// key, others are marked failed rather than risk running twice.
    @Test func interruptedExecutionsAreRecoveredWithoutRunningTwice() async throws {
        let f = try SpineFixture(configuration: Self.with(.command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null"])), idempotent: false))
        defer { f.close() }
        // Approve mode for run_job (not idempotent, so not in scope): approving starts it.
        let pending = try await f.propose("run_job")
        #expect(pending.status == .pendingApproval && pending.decision.reason == "NOT_IDEMPOTENT")
        // Simulate a crash right after the start was committed: write the executing row directly.
        var crashed = pending
        crashed.status = .executing
        crashed.execution = ExecutionRecord(executor: "command", startedAt: f.clock.now())
        _ = try await f.store.commit(StoreCommit(projections: [.put(ProjectionDocument(
            tenant: "default", collection: SpineRows.actions, id: crashed.proposal.id, status: "executing", ref: "acme",
            body: try JSONValueEncoder.encode(crashed)))]))
        f.clock.advance(seconds: 16 * 60)
        #expect(try await f.spine.sweep().recovered == 1)
        let after = try await f.spine.action(crashed.proposal.id, tenant: "default").record
        #expect(after.status == .failed && after.execution?.detail?.contains("interrupted") == true)
        // Its outcome is unknown: marked, and neither a breaker's failure nor a lesson for the learner.
        #expect(after.execution?.interrupted == true)
        let executed = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["action.executed"], limit: 10)).rows
        let payload = try JSONReader.parse(try #require(executed.first).canonicalPayload)
        #expect(payload["interrupted"] == .bool(true) && payload["label"] == "EXECUTION_FAILED")
        #expect(BreakerEntry.event("action.executed", payload) == nil)
        #expect(GovernanceAssembly.events(of: ActionChange(record: after, kinds: ["action.executed"])).isEmpty)
        let stats = try await f.store.projection(tenant: "default", collection: SpineRows.stats, id: SpineRows.stats(type: "run_job", agent: "CRO"))
        #expect(stats?.body["n.EXECUTION_FAILED"] == nil)
        // A result the agent reports afterwards is known, and counts.
        guard case .object(var fields) = payload else { Issue.record("payload \(payload)"); return }
        fields["interrupted"] = nil
        let reported = JSONValue.object(fields)
        #expect(BreakerEntry.event("action.executed", reported) == .failed(type: "run_job"))

        // QA spine r3 M2: whoever checked with the agent reports how it went, once.
        let corrected = try await f.spine.recordOutcome(
            crashed.proposal.id, tenant: "default", by: "key:ops", label: .executionSucceeded, detail: "the invoice was paid", rollback: false)
        #expect(corrected.status == .succeeded && corrected.execution?.interrupted == nil)
        #expect(corrected.execution?.detail == "interrupted; key:ops reported EXECUTION_SUCCEEDED: the invoice was paid")
        await #expect(throws: SpineError.self) {
            _ = try await f.spine.recordOutcome(
                crashed.proposal.id, tenant: "default", by: "key:ops", label: .executionFailed, detail: nil, rollback: false)
        }
    }
}
