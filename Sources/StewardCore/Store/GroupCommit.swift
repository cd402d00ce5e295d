import Synchronization

/// Groups concurrent commits into one database transaction.
///
/// The first caller to arrive while no transaction is running becomes the leader: it takes every
/// waiting commit (up to `maxBatch`), applies them in one transaction through `apply`, answers each
/// waiter, and hands leadership to the next waiter if more arrived meanwhile. No background task is
/// needed, and every caller is answered only after the transaction holding its commit is durable.
public final class GroupCommit: Sendable {
    /// Applies a batch in one transaction; returns one result per commit, in order.
    public typealias Apply = @Sendable ([StoreCommit]) async -> [Result<CommitReceipt, StoreError>]

    private struct Waiter {
        let commit: StoreCommit
        let continuation: CheckedContinuation<Turn, Never>
    }

    private enum Turn {
        case lead
        case done(Result<CommitReceipt, StoreError>)
    }

    private struct State {
        var pending: [Waiter] = []
        var leaderActive = false
    }

    private let state = Mutex(State())
    private let apply: Apply
    private let maxBatch: Int
    private let gatherRounds: Int
    private let onBatch: (@Sendable (Int) -> Void)?

    /// A group committer applying batches of at most `maxBatch` commits; a leader yields up to
    /// `gatherRounds` times while more commits arrive; `onBatch` observes each batch size (for metrics).
    public init(maxBatch: Int = 2048, gatherRounds: Int = 8, onBatch: (@Sendable (Int) -> Void)? = nil, apply: @escaping Apply) {
        self.maxBatch = max(1, maxBatch)
        self.gatherRounds = max(0, gatherRounds)
        self.apply = apply
        self.onBatch = onBatch
    }

    /// Submits a commit and waits until it is durable (or failed).
    public func submit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        let turn: Turn = await withCheckedContinuation { continuation in
            let lead = state.withLock { state -> Bool in
                if state.leaderActive {
                    state.pending.append(Waiter(commit: commit, continuation: continuation))
                    return false
                }
                state.leaderActive = true
                return true
            }
            if lead { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .done(let result):
            return try result.get()
        case .lead:
            return try await lead(with: commit).get()
        }
    }

    /// Runs one batch as leader (own commit first), answers the others, then passes leadership on.
    private func lead(with own: StoreCommit) async -> Result<CommitReceipt, StoreError> {
        // Writers answered by the previous batch are still being scheduled; yield while the queue
        // keeps growing so they join this batch instead of each forming a tiny one of its own.
        var seen = -1
        for _ in 0..<gatherRounds {
            let waiting = state.withLock { $0.pending.count }
            if waiting == seen || waiting >= maxBatch - 1 { break }
            seen = waiting
            await Task.yield()
        }
        let others = state.withLock { state -> [Waiter] in
            let take = min(state.pending.count, maxBatch - 1)
            let batch = Array(state.pending.prefix(take))
            state.pending.removeFirst(take)
            return batch
        }
        onBatch?(others.count + 1)
        var results = await apply([own] + others.map(\.commit))
        if results.count != others.count + 1 {
            let failure = StoreError(.corrupt, operation: "group commit", reason: "store answered \(results.count) of \(others.count + 1) commits")
            results = Array(repeating: .failure(failure), count: others.count + 1)
        }
        for (waiter, result) in zip(others, results.dropFirst()) {
            waiter.continuation.resume(returning: .done(result))
        }
        let next = state.withLock { state -> Waiter? in
            guard !state.pending.isEmpty else {
                state.leaderActive = false
                return nil
            }
            return state.pending.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return results[0]
    }
}
