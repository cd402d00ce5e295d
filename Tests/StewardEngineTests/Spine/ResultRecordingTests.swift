import Logging
import StewardCore
import StewardSQLite
import StewardTestSupport
import StewardEngine
import Synchronization
import Testing

/// A real store that refuses the first `refusals` commits recording an execution's end, as a
/// full disk does, then takes them.
final class RefusingStore: WrappingStore {
    let inner: any Store
    private let left: Mutex<Int>
    let refused = Mutex(0)

    init(_ inner: any Store, refusals: Int) {
        self.inner = inner
        left = Mutex(refusals)
    }

    func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        if commit.drafts.contains(where: { $0.kind == "action.executed" }), left.withLock({ n in defer { n -= 1 }; return n > 0 }) {
            refused.withLock { $0 += 1 }
            throw StoreError(.unavailable, operation: "commit", reason: "database or disk is full")
        }
        return try await inner.commit(commit)
    }
}

@Suite("Recording an execution's result")
struct ResultRecordingTests {
    static let job = ExecutionTests.with(.command(CommandExecutorSpec(argv: ["/bin/sh", "-c", #"cat >/dev/null; echo '{"ok":true}'"#])))

    @Test("A result the store refuses for a while is written once it takes it, not dropped")
    func keptUntilWritten() async throws {
        var refusing: RefusingStore?
        let f = try SpineFixture(configuration: Self.job, wrap: { inner in
            let store = RefusingStore(inner, refusals: 3)
            refusing = store
            return store
        }, recordingDelays: [.zero, .zero, .zero, .zero])
        defer { f.close() }
        let started = try await f.propose("run_job")
        #expect(started.status == .executing)
        await f.spine.runnerIdle()
        #expect(refusing?.refused.withLock { $0 } == 3)
        let done = try await f.spine.action(started.proposal.id, tenant: "default").record
        #expect(done.status == .succeeded && done.execution?.response == ["ok": true])
        #expect(done.outcomes.map(\.label) == [.executionSucceeded])
    }

    @Test("A result still refused after every wait is left to the sweep, the action still executing")
    func givenUpAfterTheWaits() async throws {
        let f = try SpineFixture(configuration: Self.job, wrap: { RefusingStore($0, refusals: 10) }, recordingDelays: [.zero, .zero])
        defer { f.close() }
        let started = try await f.propose("run_job")
        await f.spine.runnerIdle()
        let left = try await f.spine.action(started.proposal.id, tenant: "default").record
        #expect(left.status == .executing && left.outcomes.isEmpty)
    }
}

@Suite("Interrupted executions")
struct InterruptedExecutionTests {
    @Test("An interrupted action that is not idempotent is failed and a person is asked to check with the agent")
    func personAskedToCheck() async throws {
        try await TestAgent.withAgent([]) { hook in
            var c = ExecutionTests.with(.command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null"])), idempotent: false)
            c.notifications.webhookURL = hook.url("/notify")
            let directory = try TemporaryDirectory(prefix: "steward-interrupted")
            defer { directory.remove() }
            let store = try SQLiteStore(path: directory.file("steward.sqlite"))
            let clock = TestClock()
            let spine = try SpineAssembly(
                store: store, configuration: c, revision: "test-rev", clock: clock, logger: .quiet, client: DeliveryClient.shared).spine
            let pending = try await spine.propose(
                ActionProposal(id: spine.makeID(), tenant: "default", agent: "CRO", account: "acme", type: "run_job"), actor: "key:test")
            // A crash right after the start was committed: the executing row, and no process running it.
            var crashed = pending
            crashed.status = .executing
            crashed.execution = ExecutionRecord(executor: "command", startedAt: clock.now())
            _ = try await store.commit(StoreCommit(projections: [.put(ProjectionDocument(
                tenant: "default", collection: SpineRows.actions, id: crashed.proposal.id, status: "executing", ref: "acme",
                body: try JSONValueEncoder.encode(crashed)))]))
            clock.advance(seconds: 16 * 60)
            #expect(try await spine.sweep().recovered == 1)
            let sent = await hook.requests.compactMap { try? JSONReader.parse($0.body) }
            let notice = try #require(sent.first { $0["kind"] == "action.interrupted" })
            #expect(notice["subject"] == .string("action:\(pending.proposal.id)") && notice["payload"]?["type"] == "run_job")
            #expect(notice["text"]?.stringValue?.contains("Check with the agent whether it took effect") == true)
        }
    }
}
