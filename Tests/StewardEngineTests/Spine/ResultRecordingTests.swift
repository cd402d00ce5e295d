import StewardCore
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
