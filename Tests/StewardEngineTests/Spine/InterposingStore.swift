import StewardCore
import Synchronization

/// A real store that runs something once just before the first commit that proposes an action:
/// a change another request makes between the gate's read and the proposal's commit.
final class InterposingStore: WrappingStore {
    let inner: any Store
    private let pending = Mutex<(@Sendable () async -> Void)?>(nil)

    init(_ inner: any Store) { self.inner = inner }

    /// Runs `change` before the next commit with an `action.proposed` entry.
    func beforeNextProposal(_ change: @escaping @Sendable () async -> Void) {
        pending.withLock { $0 = change }
    }

    func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        if commit.drafts.contains(where: { $0.kind == "action.proposed" }), let change = pending.withLock({ p in defer { p = nil }; return p }) {
            await change()
        }
        return try await inner.commit(commit)
    }
}
